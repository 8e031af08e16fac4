// Text encodings of imported files: strict UTF-8 first (with or without BOM; a tiny GBK/Big5 file
// that happens to be valid UTF-8 is caught by its Chinese reading), then detection of
// GB18030/GBK, Big5 and UTF-16 (a NUL-pattern check for BOM-less UTF-16; GB18030 against Big5 by
// which reading has more common Han characters, see commonHan.ts; chardet for the rest), or the
// user's --encoding. A file that does not decode cleanly is an error naming the likely encoding,
// never a silently garbled import.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../../core/errors.js';
import { COMMON_HAN, hanScore, type HanScore } from './commonHan.js';

export interface EncodingChoice {
  /** Canonical name reported to the user: utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, big5, or the override. */
  name: string;
  /** Name iconv-lite / TextDecoder understands. */
  decoder: string;
  /** True when guessed by detection (not UTF-8, not a BOM, not --encoding): worth telling the user. */
  guessed: boolean;
}

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  'big5-hkscs': 'big5',
  'utf-16': 'utf-16le',
  'utf16le': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf16be': 'utf-16be',
  'utf-16be': 'utf-16be',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'shift_jis': 'shift_jis',
  'euc-kr': 'euc-kr',
};

/** Validate an --encoding value; throws a usage error listing common choices. */
export function resolveEncodingName(raw: string): string {
  const key = raw.trim().toLowerCase();
  const name = ALIASES[key] ?? key;
  if (name !== 'utf-8' && !iconv.encodingExists(name)) {
    throw new AppError('usage', 'import.error.bad_encoding', { encoding: raw, choices: 'utf-8, gb18030, gbk, big5, utf-16le, utf-16be' });
  }
  return name;
}

function startsWith(buf: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** Share of NUL bytes at even / odd offsets of the sample (UTF-16 text is full of them). */
function nulPattern(sample: Uint8Array): { even: number; odd: number } {
  let even = 0;
  let odd = 0;
  const n = Math.min(sample.length, 8192);
  for (let i = 0; i < n; i++) if (sample[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const half = Math.max(1, n / 2);
  return { even: even / half, odd: odd / half };
}

/** True when bytes of the sample look like a binary file rather than text in any encoding we read. */
export function looksBinary(sample: Uint8Array): boolean {
  const n = Math.min(sample.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i];
    if (b === 0 || (b < 9) || (b > 13 && b < 32 && b !== 27)) ctrl++;
  }
  return n > 0 && ctrl / n > 0.05;
}

/** Strict UTF-8 check of a sample that may end in the middle of a character. */
function isUtf8(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM, told by its NULs (every other byte of ASCII text). */
function utf16ByNuls(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const nul = nulPattern(sample);
  if (nul.odd > 0.2 && nul.even < 0.05) return 'utf-16le';
  if (nul.even > 0.2 && nul.odd < 0.05) return 'utf-16be';
  return null;
}

/**
 * What to try with --encoding when a guessed encoding turns out wrong: the other Chinese encoding or
 * the other byte order (not UTF-8: a guess is made only for bytes that are not UTF-8).
 */
export function alternativeEncoding(guessed: string): string {
  if (guessed === 'big5') return 'gb18030'; // GBK's superset: the better advice
  if (guessed === 'utf-16le') return 'utf-16be';
  if (guessed === 'utf-16be') return 'utf-16le';
  return 'big5';
}

/** The likely encoding of bytes that are not UTF-8, in the names we report. */
export function guessEncoding(sample: Uint8Array): string | null {
  return utf16ByNuls(sample) ?? chineseByHan(chineseReadings(sample), []) ?? chardetGuess(chardet.analyse(sample));
}

type Matches = ReturnType<typeof chardet.analyse>;

/** chardet's best guess (from its matches for the sample), in the names we report. */
function chardetGuess(matches: Matches): string | null {
  const found = matches[0]?.name;
  if (!found) return null;
  const lower = found.toLowerCase();
  if (lower === 'gb18030' || lower === 'gbk' || lower === 'gb2312') return 'gb18030';
  if (lower === 'big5') return 'big5';
  if (lower.startsWith('utf-16')) return lower;
  if (lower === 'utf-8' || lower === 'ascii') return 'utf-8';
  return ALIASES[lower] ?? (iconv.encodingExists(lower) ? lower : null);
}

/**
 * Choose the encoding of a file from its first bytes (or the user's override).
 * Throws invalid_input when the bytes are binary or in no encoding we can name.
 */
export function chooseEncoding(sample: Uint8Array, override: string | undefined, file: string): EncodingChoice {
  if (override) {
    const name = resolveEncodingName(override);
    return { name, decoder: name, guessed: false };
  }
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { name: 'utf-8-bom', decoder: 'utf-8', guessed: false };
  if (startsWith(sample, [0xff, 0xfe])) return { name: 'utf-16le', decoder: 'utf-16le', guessed: false };
  if (startsWith(sample, [0xfe, 0xff])) return { name: 'utf-16be', decoder: 'utf-16be', guessed: false };
  const nul = nulPattern(sample);
  if (!(nul.odd > 0.2 || nul.even > 0.2) && isUtf8(sample)) {
    if (looksBinary(sample)) throw new AppError('invalid_input', 'import.error.binary', { file });
    const disguised = chineseValidAsUtf8(sample);
    if (disguised) return { name: disguised, decoder: disguised, guessed: true };
    return { name: 'utf-8', decoder: 'utf-8', guessed: false };
  }
  const utf16 = utf16ByNuls(sample);
  if (utf16) return { name: utf16, decoder: utf16, guessed: true };
  const matches = chardet.analyse(sample);
  const detected = chardetGuess(matches);
  if (detected === 'utf-16le' || detected === 'utf-16be') return { name: detected, decoder: detected, guessed: true };
  if (looksBinary(sample)) throw new AppError('invalid_input', 'import.error.binary', { file });
  // Only the encodings Chinese spreadsheets really come in are taken on a guess; anything else
  // must be named with --encoding (a wrong single-byte guess would garble silently). Short samples
  // decode cleanly as both GBK and Big5, and chardet then often names the wrong one (or neither),
  // so the reading with more common Han characters wins; chardet's order only breaks ties, and
  // alone decides only for a sample with no Han character in either reading (e.g. only symbols).
  const readings = chineseReadings(sample);
  const order = chardetChinese(matches);
  const chinese =
    chineseByHan(readings, order) ??
    (readings.every((r) => r.score.han === 0) ? order.find((n) => readings.some((r) => r.name === n)) : undefined);
  if (!chinese) throw new AppError('invalid_input', 'import.error.undecodable', { file, likely: detected && detected !== 'utf-8' ? detected : '?' });
  return { name: chinese, decoder: chinese, guessed: true };
}

type Chinese = 'gb18030' | 'big5';

/** A Chinese encoding the sample decodes cleanly in, and how common the Han characters it reads are. */
interface Reading {
  name: Chinese;
  score: HanScore;
}

/**
 * Share of a reading's Han (and unlikely) characters that must be common ones for it to count as
 * Chinese: right readings of lead lists score well above it (headers, names, places), wrong ones
 * (GBK read as Big5, Big5 as GBK, EUC-KR, Shift_JIS or Latin-1 as either) well below.
 */
const MIN_COMMON_SHARE = 0.3;

/** The sample's readings as GB18030 and as Big5, those that decode cleanly. */
function chineseReadings(sample: Uint8Array): Reading[] {
  const out: Reading[] = [];
  for (const name of ['gb18030', 'big5'] as const) {
    const text = cleanText(sample, name);
    if (text !== null) out.push({ name, score: hanScore(text) });
  }
  return out;
}

/** chardet's Chinese candidates (confidence ≥ 10), most confident first. */
function chardetChinese(matches: Matches): Chinese[] {
  return matches
    .filter((m) => m.confidence >= 10)
    .map((m) => m.name.toLowerCase())
    .map((n) => (n === 'gbk' || n === 'gb2312' ? 'gb18030' : n))
    .filter((n): n is Chinese => n === 'gb18030' || n === 'big5');
}

/**
 * The reading that looks like Chinese: of those whose Han characters are mostly common ones, the
 * one with the most common characters less unlikely ones (kana, private use… that wrong readings
 * make), then the larger share of common characters, then chardet's `order`, then GB18030; null
 * when no reading is plausible.
 */
function chineseByHan(readings: Reading[], order: Chinese[]): Chinese | null {
  const share = (s: HanScore) => (s.han + s.unlikely === 0 ? 0 : s.common / (s.han + s.unlikely));
  const value = (s: HanScore) => s.common - s.unlikely;
  const rank = (n: Chinese) => (order.includes(n) ? order.indexOf(n) : order.length + (n === 'gb18030' ? 0 : 1));
  const plausible = readings.filter((r) => r.score.common > 0 && share(r.score) >= MIN_COMMON_SHARE);
  plausible.sort((a, b) => value(b.score) - value(a.score) || share(b.score) - share(a.score) || rank(a.name) - rank(b.name));
  return plausible[0]?.name ?? null;
}

const HAN_CHAR = /\p{Script=Han}/u;
const HAN_WORD = /\p{Script=Han}{2,}/gu;
const HAN_BY_LATIN = /[A-Za-z]\p{Script=Han}|\p{Script=Han}[A-Za-z]/u;
const HAN_OR_CJK_PUNCTUATION = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/**
 * A short GBK or Big5 file can also be valid UTF-8 (`QQ,职位` in GBK reads `QQ,ְλ` as UTF-8), and
 * strict UTF-8 comes first. Such a UTF-8 reading has two-byte characters only (accents, Greek,
 * Hebrew…), no CJK. It is taken for Chinese only when the Chinese reading is nothing but common Han
 * text: every non-ASCII character Han or CJK punctuation, at least 80% of the Han ones common, a
 * word of two or more common characters, and no Han character touching a Latin letter (what UTF-8
 * accents give: `Müller` read as GBK is `M眉ller`). On random 2–5-character GBK headers that are
 * valid UTF-8, 95% are caught; on 100k random runs of accented letters, none is taken.
 */
function chineseValidAsUtf8(sample: Uint8Array): Chinese | null {
  const text = new TextDecoder('utf-8').decode(sample);
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x800) return null;
    if (c >= 0x80) nonAscii++;
  }
  if (nonAscii < 2) return null;
  let best: { name: Chinese; common: number } | null = null;
  for (const name of ['gb18030', 'big5'] as const) {
    const reading = cleanText(sample, name);
    if (reading === null || HAN_BY_LATIN.test(reading)) continue;
    let han = 0;
    let common = 0;
    let other = false;
    for (const ch of reading) {
      if (ch.charCodeAt(0) < 0x80) continue;
      if (!HAN_OR_CJK_PUNCTUATION.test(ch)) other = true;
      else if (HAN_CHAR.test(ch)) {
        han++;
        if (COMMON_HAN.has(ch)) common++;
      }
    }
    const word = [...reading.matchAll(HAN_WORD)].some((m) => [...m[0]].every((c) => COMMON_HAN.has(c)));
    if (other || !word || common < 0.8 * han) continue;
    if (!best || common > best.common) best = { name, common };
  }
  return best?.name ?? null;
}

/** The sample decoded, or null when it has bad bytes (a character cut at the sample's end is fine). */
function cleanText(sample: Uint8Array, encoding: string): string | null {
  const text = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  const bad = text.indexOf('\uFFFD');
  if (bad === -1) return text;
  return sample.length >= 64 * 1024 && bad >= text.length - 2 ? text.slice(0, bad) : null;
}

/** A streaming decoder that refuses bad bytes instead of replacing them. */
export interface StrictDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

export function strictDecoder(choice: EncodingChoice, file: string): StrictDecoder {
  if (choice.decoder === 'utf-8') {
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    const fail = (chunk: Uint8Array | null, cause: unknown) =>
      new AppError('invalid_input', 'import.error.bad_bytes', { file, encoding: choice.name, likely: (chunk && guessEncoding(chunk)) || '?' }, { cause });
    return {
      write(chunk) {
        try {
          return td.decode(chunk, { stream: true });
        } catch (err) {
          throw fail(chunk, err);
        }
      },
      end() {
        try {
          return td.decode();
        } catch (err) {
          throw fail(null, err);
        }
      },
    };
  }
  const dec = iconv.getDecoder(choice.decoder, { stripBOM: true });
  const check = (text: string, chunk: Uint8Array | null) => {
    if (text.includes('\uFFFD')) {
      const likely = chunk ? guessEncoding(chunk) : null;
      throw new AppError('invalid_input', 'import.error.bad_bytes', { file, encoding: choice.name, likely: likely && likely !== choice.name ? likely : '?' });
    }
    return text;
  };
  return {
    write: (chunk) => check(dec.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), chunk),
    end: () => check(dec.end() ?? '', null),
  };
}
