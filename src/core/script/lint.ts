// The script linter: over-promising and misleading phrases (errors: a script with them cannot be
// added or used), high-pressure phrases (warnings), and a missing opt-out offer where required.
// English phrases match whole words, case-insensitively; Chinese phrases match anywhere.
import { sortDiagnostics, type ParsedScript } from './parse.js';
import type { Diagnostic, SourcePos } from './types.js';

export type LintKind = 'overpromise' | 'pressure';

export interface LintRule {
  /** How the phrase is shown in the finding when the text does not say it better. */
  phrase: string;
  /** Source of a RegExp (case-insensitive, unicode). */
  pattern: string;
  kind: LintKind;
  /** Advice key: translated as `scripts.advice.<advice>`. */
  advice: string;
}

const word = (p: string) => `(?<![\\p{L}\\p{N}])${p}(?![\\p{L}\\p{N}])`;
/** A negation right before the phrase ("we cannot guarantee", "不保證") makes it an honest disclaimer. */
const NOT_EN = "(?<!(?:\\bnot|\\bno|n't|\\bcannot|\\bnever)\\s+(?:the\\s+)?)";
const NOT_ZH = '(?<!不|不是|不算|無法|无法|不能|沒有|没有|未)';
/**
 * Words that merely contain 保證/保证 and promise nothing: 確保 followed by 證件 ("make sure your ID
 * is…"), 保證金 (a deposit), 保證人 (a guarantor). Chinese has no spaces to tell words apart.
 */
const NOT_A_PROMISE_ZH = (hant: boolean) => (hant ? '(?<!確)保證(?![金人])' : '(?<!确)保证(?![金人])');

// Rules match the folded text (see foldForLint): NFKC (full-width letters, digits and ％ become ASCII),
// typographic apostrophes → ', every dash and hyphen → -, no spaces between two Han characters.
export const DEFAULT_LINT_RULES: readonly LintRule[] = [
  { phrase: 'guaranteed', pattern: word(`${NOT_EN}guarantee[sd]?`), kind: 'overpromise', advice: 'guarantee' },
  { phrase: 'risk-free', pattern: word('risk[- ]?free'), kind: 'overpromise', advice: 'risk' },
  // "There is no risk to ask / in asking" is about the question, not the product: not flagged.
  { phrase: 'no risk', pattern: word("(?:no|zero|without any)[- ]risks?(?!\\s+(?:to|in)\\s+ask(?:ing)?(?![\\p{L}]))"), kind: 'overpromise', advice: 'risk' },
  { phrase: '100%', pattern: '(?<![\\d.]|\\d,)100\\s?(?:%|(?:percent|per cent)(?![\\p{L}]))', kind: 'overpromise', advice: 'absolute' },
  { phrase: "can't lose", pattern: word("(?:can'?t|cannot|can not|won'?t|will not) lose"), kind: 'overpromise', advice: 'guarantee' },
  { phrase: 'cheapest', pattern: word(`${NOT_EN}(?:the )?cheapest`), kind: 'overpromise', advice: 'cheapest' },
  { phrase: '保證', pattern: `${NOT_ZH}${NOT_A_PROMISE_ZH(true)}`, kind: 'overpromise', advice: 'guarantee' },
  { phrase: '保证', pattern: `${NOT_ZH}${NOT_A_PROMISE_ZH(false)}`, kind: 'overpromise', advice: 'guarantee' },
  { phrase: '穩賺', pattern: '穩賺', kind: 'overpromise', advice: 'guarantee' },
  { phrase: '稳赚', pattern: '稳赚', kind: 'overpromise', advice: 'guarantee' },
  { phrase: '包賺', pattern: '包賺', kind: 'overpromise', advice: 'guarantee' },
  { phrase: '包赚', pattern: '包赚', kind: 'overpromise', advice: 'guarantee' },
  { phrase: '零風險', pattern: '零風險', kind: 'overpromise', advice: 'risk' },
  { phrase: '零风险', pattern: '零风险', kind: 'overpromise', advice: 'risk' },
  { phrase: '無風險', pattern: '無風險|沒有風險', kind: 'overpromise', advice: 'risk' },
  { phrase: '无风险', pattern: '无风险|没有风险', kind: 'overpromise', advice: 'risk' },
  { phrase: '百分之百', pattern: '百分之百|百分百', kind: 'overpromise', advice: 'absolute' },
  { phrase: '最便宜', pattern: `${NOT_ZH}最便宜`, kind: 'overpromise', advice: 'cheapest' },
  { phrase: 'only today', pattern: word('(?:only today|today only)'), kind: 'pressure', advice: 'pressure' },
  { phrase: 'last chance', pattern: word('last chance'), kind: 'pressure', advice: 'pressure' },
  { phrase: 'act now', pattern: word('act now'), kind: 'pressure', advice: 'pressure' },
  { phrase: 'limited time', pattern: word('limited[- ]time'), kind: 'pressure', advice: 'pressure' },
  { phrase: 'now or never', pattern: word('now or never'), kind: 'pressure', advice: 'pressure' },
  { phrase: '限時', pattern: '限時', kind: 'pressure', advice: 'pressure' },
  { phrase: '限时', pattern: '限时', kind: 'pressure', advice: 'pressure' },
  { phrase: '最後機會', pattern: '最後機會|最後一次機會', kind: 'pressure', advice: 'pressure' },
  { phrase: '最后机会', pattern: '最后机会|最后一次机会', kind: 'pressure', advice: 'pressure' },
  { phrase: '只有今天', pattern: '只有今天|僅限今天|仅限今天|今天為止|今天为止', kind: 'pressure', advice: 'pressure' },
];

export interface LintOptions {
  /** Extra phrases the team refuses (config lint.extra_phrases); matched literally, case-insensitively. */
  extraPhrases?: readonly string[];
  /** Require a step tagged opt_out_offer (config lint.require_opt_out). */
  requireOptOut?: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function lintRules(options: LintOptions = {}): LintRule[] {
  const extra = (options.extraPhrases ?? [])
    .map((p) => foldForLint(p.trim()).text.trim())
    .filter(Boolean)
    .map((p): LintRule => {
      const latin = /^[\p{Script=Latin}\p{N}\s'-]+$/u.test(p);
      return { phrase: p, pattern: latin ? word(escapeRe(p).replace(/\s+/g, '\\s+')) : escapeRe(p), kind: 'overpromise', advice: 'custom' };
    });
  return [...DEFAULT_LINT_RULES, ...extra];
}

/**
 * The text the rules are matched against, with where each of its UTF-16 units came from in the
 * original: NFKC per character cluster (full-width letters, digits, ％ and spaces become ASCII),
 * typographic apostrophes and primes → ', every hyphen and dash → -, invisible format characters
 * (zero-width space, soft hyphen) dropped, any run of white space → one space, and no space at all
 * between two Han characters (so 零 風險 reads 零風險). Positions stay those of the original text.
 */
export interface FoldedText {
  text: string;
  /** Original offset of the cluster each unit of `text` comes from. */
  start: number[];
  /** Original offset just after that cluster. */
  end: number[];
}

const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u00B4`]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u30FC]/g;
const HAN = /\p{Script=Han}/u;

export function foldForLint(original: string): FoldedText {
  const pieces: { text: string; start: number; end: number; space: boolean }[] = [];
  for (const m of original.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (/^\p{Cf}+$/u.test(m[0])) continue;
    let text = m[0].normalize('NFKC').replace(APOSTROPHES, "'").replace(DASHES, '-');
    const space = /^\s+$/u.test(text);
    if (space) {
      const prev = pieces[pieces.length - 1];
      if (prev?.space) {
        prev.end = end;
        continue;
      }
      text = ' ';
    }
    pieces.push({ text, start, end, space });
  }
  const out: FoldedText = { text: '', start: [], end: [] };
  pieces.forEach((p, i) => {
    if (p.space) {
      const before = pieces[i - 1]?.text;
      const after = pieces[i + 1]?.text;
      if (before && after && HAN.test([...before].pop()!) && HAN.test([...after][0])) return;
    }
    out.text += p.text;
    for (let k = 0; k < p.text.length; k++) {
      out.start.push(p.start);
      out.end.push(p.end);
    }
  });
  return out;
}

/** Phrases found in one text, with their offsets and wording in the original text (pure helper). */
export function findPhrases(text: string, rules: readonly LintRule[]): { rule: LintRule; index: number; match: string }[] {
  const folded = foldForLint(text);
  const found: { rule: LintRule; index: number; match: string }[] = [];
  for (const rule of rules) {
    const re = new RegExp(rule.pattern, 'giu');
    for (const m of folded.text.matchAll(re)) {
      if (m[0].length === 0) continue;
      const at = m.index ?? 0;
      const index = folded.start[at];
      const end = folded.end[at + m[0].length - 1];
      found.push({ rule, index, match: text.slice(index, end) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

export function lintScript(parsed: ParsedScript, options: LintOptions = {}): Diagnostic[] {
  const script = parsed.checkable;
  if (!script) return parsed.diagnostics;
  const rules = lintRules(options);
  const out: Diagnostic[] = [];
  const scan = (path: (string | number)[], value: string) => {
    const range = parsed.rangeOf(path);
    const raw = range ? parsed.source.slice(range[0], range[1]) : null;
    const inRaw = raw ? findPhrases(raw, rules) : [];
    const inValue = findPhrases(value, rules);
    // Prefer exact source positions; fall back to the node's start when YAML folding moved the text.
    const hits = inRaw.length >= inValue.length ? inRaw.map((h) => ({ ...h, pos: parsed.posAt(range![0] + h.index) })) : inValue.map((h) => ({ ...h, pos: parsed.posOf(path) as SourcePos }));
    for (const h of hits) {
      out.push({
        severity: h.rule.kind === 'overpromise' ? 'error' : 'warning',
        code: h.rule.kind,
        ...h.pos,
        params: { phrase: h.match, advice: h.rule.advice },
      });
    }
  };
  script.steps.forEach((s, i) => {
    scan(['steps', i, s.type], s.text);
    if (s.hint) scan(['steps', i, 'hint'], s.hint);
  });
  script.objections.forEach((o, i) => scan(['objections', i, 'response'], o.response));
  if (options.requireOptOut && !script.steps.some((s) => s.etiquette === 'opt_out_offer')) {
    out.push({ severity: 'error', code: 'missing_opt_out', ...parsed.posOf(['steps']), params: {} });
  }
  return sortDiagnostics(out);
}
