// Text encodings of imported files: strict UTF-8 first (with or without BOM), then detection of
// GB18030/GBK, Big5 and UTF-16 (chardet, plus a NUL-pattern check for BOM-less UTF-16), or the
// user's --encoding. A file that does not decode cleanly is an error naming the likely encoding,
// never a silently garbled import.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../../core/errors.js';

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

/** The likely encoding of bytes that are not UTF-8, in the names we report. */
export function guessEncoding(sample: Uint8Array): string | null {
  const nul = nulPattern(sample);
  if (nul.odd > 0.2 && nul.even < 0.05) return 'utf-16le';
  if (nul.even > 0.2 && nul.odd < 0.05) return 'utf-16be';
  const found = chardet.detect(sample);
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
    return { name: 'utf-8', decoder: 'utf-8', guessed: false };
  }
  const guess = guessEncoding(sample);
  if (guess === 'utf-16le' || guess === 'utf-16be') return { name: guess, decoder: guess, guessed: true };
  if (looksBinary(sample)) throw new AppError('invalid_input', 'import.error.binary', { file });
  // Only the encodings Chinese spreadsheets really come in are taken on a guess; anything else
  // must be named with --encoding (a wrong single-byte guess would garble silently). chardet
  // confuses GBK and Big5 on short samples, so the candidate that decodes the sample cleanly wins.
  const chinese = chardet
    .analyse(sample)
    .filter((m) => m.confidence >= 10)
    .map((m) => m.name.toLowerCase())
    .map((n) => (n === 'gbk' || n === 'gb2312' ? 'gb18030' : n))
    .filter((n) => n === 'gb18030' || n === 'big5');
  const clean = chinese.find((c) => decodesCleanly(sample, c));
  if (!clean) throw new AppError('invalid_input', 'import.error.undecodable', { file, likely: guess && guess !== 'utf-8' ? guess : '?' });
  return { name: clean, decoder: clean, guessed: true };
}

/** The sample decodes without replacement characters (a character cut at the sample's end is fine). */
function decodesCleanly(sample: Uint8Array, encoding: string): boolean {
  const text = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding);
  const bad = text.indexOf('\uFFFD');
  return bad === -1 || (sample.length >= 64 * 1024 && bad >= text.length - 2);
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
