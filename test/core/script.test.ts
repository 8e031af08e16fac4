import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  answer,
  back,
  budget,
  canEnd,
  checkScript,
  choose,
  currentStep,
  etiquetteStatus,
  isEnded,
  lintScript,
  next,
  openObjection,
  parseScript,
  reduceScript,
  renderText,
  returnFromObjection,
  startScript,
  stepBudget,
  suggestedDisposition,
  validateScript,
  type Script,
} from '../../src/core/script/index.js';
import { matchScript, rankScripts, type LeadFacts, type ScriptFacts } from '../../src/core/scriptSelect.js';
import { ROOT } from '../helpers/cli.js';

const HEAD = `id: t
name: Test
language: en
budget: { soft: 60, hard: 120 }
`;

/** A small valid script; `extra` is spliced in as more steps before the close. */
function src(steps: string, objections = ''): string {
  return `${HEAD}steps:\n${steps}${objections ? `objections:\n${objections}` : ''}`;
}

const ETIQUETTE = `  - id: hello
    etiquette: greeting
    say: Hello {{lead.name}}
  - id: me
    etiquette: introduce
    say: I am {{rep.name}}
  - id: who
    etiquette: confirm_identity
    say: Is this {{lead.name}}?
  - id: why
    etiquette: purpose
    say: I call about {{product.name}}
`;
const END = `  - id: bye
    close: Bye
    disposition: interested
`;

const codes = (source: string) => {
  const r = checkScript(source);
  return r.diagnostics.map((d) => `${d.severity}:${d.code}@${d.line}:${d.col}`);
};

const parsed = (source: string): Script => {
  const p = parseScript(source);
  expect(p.diagnostics).toEqual([]);
  return p.script!;
};

describe('script parsing', () => {
  it('parses a minimal valid script into a typed Script with defaults resolved', () => {
    const s = parsed(src(ETIQUETTE + END));
    expect(s.start).toBe('hello');
    expect(s.steps.map((x) => [x.id, x.type, x.next])).toEqual([
      ['hello', 'say', 'me'],
      ['me', 'say', 'who'],
      ['who', 'say', 'why'],
      ['why', 'say', 'bye'],
      ['bye', 'close', null],
    ]);
    expect(s.budget).toEqual({ softS: 60, hardS: 120 });
    expect(s.products).toEqual([]);
    expect(s.lists).toEqual([]);
    expect(checkScript(src(ETIQUETTE + END)).ok).toBe(true);
  });

  it('reports YAML syntax errors with line and column', () => {
    const r = checkScript(`${HEAD}steps:\n  - id: a\n    say: [unclosed\n`);
    expect(r.ok).toBe(false);
    // The [ is opened on line 7 and never closed: reported where it was opened, not at the end.
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml', line: 7, col: 10, params: { problem: 'unclosed_flow', open: '[', close: ']' } });
  });

  it.each([
    ['id: t\nname: "Test\nlanguage: en\nbudget: { soft: 60, hard: 120 }\nsteps:\n  - id: a\n    say: hi\n', 2, 7, '"'],
    ["id: t\nname: 'Test\nlanguage: en\nsteps: []\n", 2, 7, "'"],
    ['id: t\nname: "Te\\"st\nlanguage: en\n', 2, 7, '"'],
  ])('reports an unclosed quote where it was opened (%#)', (source, line, col, quote) => {
    const r = checkScript(source);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'yaml', line, col, params: { problem: 'unclosed_quote', open: quote, close: quote } });
  });

  it('names the kind of other YAML syntax errors, for a translated message', () => {
    expect(checkScript('id: t\n\tname: x\n').diagnostics[0]).toMatchObject({ line: 2, col: 1, params: { problem: 'tab_indent' } });
    expect(checkScript('id: t\nname: a: b\n').diagnostics[0]).toMatchObject({ line: 2, params: { problem: 'nested_compact' } });
    expect(checkScript('id: t\nname: "a\\q"\n').diagnostics[0]).toMatchObject({ line: 2, params: { problem: 'bad_escape' } });
    expect(checkScript(`${HEAD}name: again\nsteps: []\n`).diagnostics[0]).toMatchObject({ line: 5, params: { problem: 'duplicate_key' } });
  });

  it('reports a duplicate key as a YAML error at its line', () => {
    const r = checkScript(`${HEAD}name: again\nsteps: []\n`);
    expect(r.diagnostics.some((d) => d.code === 'yaml' && d.line === 5)).toBe(true);
  });

  it('refuses a file that is not a mapping', () => {
    expect(codes('- just\n- a list\n')).toEqual(['error:not_a_script@1:1']);
  });

  it('places structural errors at the offending node: unknown key, wrong type, missing field, bad enum', () => {
    const source = `id: t
name: Test
language: fr
budget: { soft: 60, hard: 120 }
steps:
  - id: a
    say: Hi
    nxet: b
  - id: b
    ask: Budget?
  - id: c
    close: 12
    budget: soon
`;
    const r = checkScript(source);
    const byCode = Object.fromEntries(r.diagnostics.map((d) => [d.code, d]));
    expect(byCode.bad_value).toMatchObject({ line: 3, col: 11, params: { field: 'language', expected: 'en | zh-TW | zh-CN' } });
    expect(byCode.unknown_key).toMatchObject({ line: 8, col: 5, params: { key: 'nxet' } });
    expect(String(byCode.unknown_key.params.known)).toContain('next');
    expect(byCode.ask_no_field).toMatchObject({ line: 9, params: { step: 'b' } });
    expect(byCode.wrong_type).toMatchObject({ line: 13, params: { field: 'steps[2].budget' } });
    expect(r.parsed.script).toBeNull();
  });

  it('refuses a step with no kind, or with two kinds, and fields that belong to another kind', () => {
    const r = codes(src(`  - id: a\n    text: Hi\n  - id: b\n    say: x\n    ask: y\n  - id: c\n    say: z\n    field: f\n    disposition: busy\n`));
    expect(r).toContain('error:step_no_kind@6:5');
    expect(r).toContain('error:step_many_kinds@8:5');
    expect(r).toContain('error:field_not_ask@13:5');
    expect(r).toContain('error:disposition_not_close@14:5');
  });

  it('allows at most 9 choices', () => {
    const many = Array.from({ length: 10 }, (_, i) => `      - { label: c${i}, next: bye }`).join('\n');
    const r = codes(src(`${ETIQUETTE}  - id: pick\n    choice: Which?\n    choices:\n${many}\n${END}`));
    expect(r.some((c) => c.startsWith('error:too_many_choices'))).toBe(true);
  });

  it('keeps CJK text intact and places errors in CJK files correctly', () => {
    const s = parsed(src(ETIQUETTE.replace('Hello {{lead.name}}', '您好，請問是{{lead.name}}{{lead.title|先生/女士}}嗎？') + END));
    expect(s.steps[0].text).toBe('您好，請問是{{lead.name}}{{lead.title|先生/女士}}嗎？');
    const r = codes(src(ETIQUETTE.replace('Hello {{lead.name}}', '您好，{{lead.nmae}}') + END));
    expect(r).toContain('error:unknown_variable@8:13');
  });
});

describe('script validation', () => {
  it('finds unknown step references and suggests the closest id', () => {
    const r = checkScript(src(ETIQUETTE.replace('    say: I call about {{product.name}}\n', '    say: I call about {{product.name}}\n    next: by\n') + END));
    const d = r.diagnostics.find((x) => x.code === 'unknown_step')!;
    expect(d).toMatchObject({ line: 18, col: 11, params: { step: 'why', target: 'by', suggestion: 'bye' } });
  });

  it('warns about unreachable steps', () => {
    const r = codes(src(`${ETIQUETTE}  - id: done\n    close: ok\n  - id: orphan\n    say: nobody gets here\n    next: done\n`));
    expect(r).toContain('warning:unreachable@20:5');
    expect(r.filter((c) => c.startsWith('error'))).toEqual([]);
  });

  it('finds a loop with no way out, and accepts a loop that has one', () => {
    const trap = src(`${ETIQUETTE}  - id: ask1\n    say: again?\n    next: ask2\n  - id: ask2\n    say: and again\n    next: ask1\n${END}`);
    const r = checkScript(trap).diagnostics.filter((d) => d.code === 'loop_no_exit');
    expect(r).toHaveLength(1);
    expect(r[0].params.steps).toBe('hello → me → who → why → ask1 → ask2');
    const ok = src(`${ETIQUETTE}  - id: ask1\n    choice: again?\n    choices:\n      - { label: again, next: ask1 }\n      - { label: stop, next: bye }\n${END}`);
    expect(checkScript(ok).ok).toBe(true);
  });

  it('refuses a last say step that falls off the end, and a script with no close step', () => {
    expect(codes(src(ETIQUETTE))).toEqual(expect.arrayContaining(['error:falls_off_end@15:5', 'error:no_close@6:3']));
  });

  it('requires every mandatory etiquette step, reachable', () => {
    const missing = codes(src(ETIQUETTE.replace('    etiquette: purpose\n', '') + END));
    expect(missing).toContain('error:missing_etiquette@6:3');
    const r = checkScript(src(ETIQUETTE.replace('    etiquette: purpose\n', '') + END));
    expect(r.diagnostics.find((d) => d.code === 'missing_etiquette')!.params.tag).toBe('purpose');
    const unreachable = src(`${ETIQUETTE.replace('    etiquette: purpose\n', '')}${END}  - id: p\n    etiquette: purpose\n    say: p\n    next: bye\n`);
    expect(codes(unreachable)).toEqual(expect.arrayContaining(['error:etiquette_unreachable@20:5']));
  });

  it('refuses unknown variables, accepts every known form', () => {
    const known = `  - id: hello
    etiquette: greeting
    say: "{{lead.name}} {{ lead.company }} {{lead.title|先生/女士}} {{lead.custom.industry}} {{rep.name}} {{product.name}} {{product.price}} {{answers.budget}}"
  - id: me
    etiquette: introduce
    say: x
  - id: who
    etiquette: confirm_identity
    ask: budget?
    field: budget
  - id: why
    etiquette: purpose
    say: "{{answers.budget|unknown}}"
`;
    expect(checkScript(src(known + END)).diagnostics).toEqual([]);
    const bad = checkScript(src(known.replace('{{rep.name}}', '{{rep.nam}}').replace('{{answers.budget|unknown}}', '{{answers.budgt}}') + END));
    expect(bad.diagnostics.map((d) => [d.code, d.params.name, d.params.suggestion])).toEqual([
      ['unknown_variable', 'rep.nam', 'rep.name'],
      ['unknown_variable', 'answers.budgt', 'answers.budget'],
    ]);
  });

  it('checks budgets, duplicate ids, duplicate answer fields and dispositions', () => {
    const r = checkScript(
      src(`${ETIQUETTE}  - id: q1\n    ask: a\n    field: f\n  - id: q2\n    ask: b\n    field: f\n  - id: q1\n    close: c\n    disposition: maybe\n`).replace('soft: 60', 'soft: 600'),
      { dispositions: ['interested', 'busy'] },
    );
    const c = r.diagnostics.map((d) => d.code);
    expect(c).toEqual(expect.arrayContaining(['budget_order', 'duplicate_step', 'duplicate_field', 'unknown_disposition']));
  });

  it('checks objection return steps and duplicate objections', () => {
    const r = codes(src(ETIQUETTE + END, `  - id: price\n    label: Too dear\n    response: ok\n    return: nowhere\n  - id: price\n    label: again\n    response: ok\n`));
    expect(r).toEqual(expect.arrayContaining(['error:unknown_step@25:13', 'error:duplicate_objection@26:9']));
  });

  // One CI run reports everything: unknown keys do not hide the meaning checks, and wrong references
  // do not hide the loop and reachability checks.
  it('reports every unknown key, and still checks references, variables and lint in the same run', () => {
    const source = src(
      ETIQUETTE.replace('    say: Hello {{lead.name}}\n', '    say: Hello {{lead.nmae}}\n    nxet: me\n    colour: red\n').replace('    say: I am {{rep.name}}\n', '    say: I am {{rep.name}}, guaranteed\n    tip: x\n') +
        `  - id: last\n    say: x\n    next: by\n${END}`,
    ).replace('language: en\n', 'language: en\nauthor: me\n');
    const r = checkScript(source);
    expect(r.ok).toBe(false);
    expect(r.parsed.script).toBeNull();
    expect(r.diagnostics.filter((d) => d.code === 'unknown_key').map((d) => d.params.key)).toEqual(['author', 'nxet', 'colour', 'tip']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['unknown_variable', 'unknown_step', 'overpromise']));
  });

  it('checks loops and reachability while a reference is wrong, reading a misspelt target as its closest id', () => {
    const source = src(
      `${ETIQUETTE}  - id: pick\n    choice: which?\n    choices:\n      - { label: a, next: ask1 }\n      - { label: b, next: clse_b }\n  - id: ask1\n    say: again?\n    next: ask2\n  - id: ask2\n    say: and again\n    next: ask1\n  - id: close_b\n    close: b\n${END}`,
    );
    const r = checkScript(source);
    expect(r.diagnostics.find((d) => d.code === 'unknown_step')).toMatchObject({ params: { target: 'clse_b', suggestion: 'close_b' } });
    expect(r.diagnostics.find((d) => d.code === 'loop_no_exit')).toMatchObject({ params: { steps: 'ask1 → ask2' } });
    // close_b is what clse_b means: not reported unreachable; bye really is.
    expect(r.diagnostics.filter((d) => d.code === 'unreachable').map((d) => d.params.step)).toEqual(['bye']);
  });

  it('gives a step whose target cannot be guessed the benefit of the doubt in the loop check', () => {
    const r = checkScript(src(`${ETIQUETTE.replace('    say: I call about {{product.name}}\n', '    say: I call about {{product.name}}\n    next: zzzzzzzz\n')}${END}`));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown_step', 'unreachable']);
  });

  it('the two example scripts are valid, lint-clean and complete', () => {
    for (const file of ['sales-en.yaml', 'sales-zh-TW.yaml']) {
      const r = checkScript(fs.readFileSync(path.join(ROOT, 'examples/scripts', file), 'utf8'), {
        dispositions: ['interested', 'callback_requested', 'not_interested', 'wrong_person', 'dnc_request'],
        requireOptOut: true,
      });
      expect(r.diagnostics, file).toEqual([]);
      const s = r.parsed.script!;
      expect(new Set(s.steps.map((x) => x.type))).toEqual(new Set(['say', 'ask', 'choice', 'close']));
      expect(s.objections.length).toBeGreaterThanOrEqual(5);
      expect(s.steps.filter((x) => x.etiquette).map((x) => x.etiquette)).toEqual(
        expect.arrayContaining(['greeting', 'introduce', 'confirm_identity', 'purpose', 'recording_notice', 'opt_out_offer']),
      );
    }
  });
});

it('the list-specific example script is valid, lint-clean and declares its list and product', () => {
  const r = checkScript(fs.readFileSync(path.join(ROOT, 'examples/scripts/expo-followup-en.yaml'), 'utf8'), {
    dispositions: ['interested', 'callback_requested', 'not_interested', 'wrong_person', 'dnc_request'],
    requireOptOut: true,
  });
  expect(r.diagnostics).toEqual([]);
  expect(r.parsed.script).toMatchObject({ id: 'expo-followup-en', lists: ['Expo 2026'], products: ['cloudledger-pro'] });
});

describe('script linter', () => {
  const withText = (text: string, extra: object = {}) => {
    const p = parseScript(src(ETIQUETTE.replace('I call about {{product.name}}', text) + END));
    return lintScript(p, extra);
  };

  it.each([
    ['It is guaranteed to work', 'guaranteed'],
    ['Completely RISK-FREE for you', 'RISK-FREE'],
    ['risk free', 'risk free'],
    ['there is no risk', 'no risk'],
    ['100% satisfaction', '100%'],
    ['you cannot lose', 'cannot lose'],
    ['we are the cheapest', 'the cheapest'],
    ['保證獲利', '保證'],
    ['保证收益', '保证'],
    ['穩賺不賠', '穩賺'],
    ['稳赚', '稳赚'],
    ['零風險', '零風險'],
    ['零风险', '零风险'],
    ['包賺', '包賺'],
    ['全台最便宜', '最便宜'],
    ['百分之百滿意', '百分之百'],
  ])('flags over-promising "%s" as an error', (text, phrase) => {
    const d = withText(text);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', code: 'overpromise', line: 17, params: { phrase } });
  });

  it.each([['Only today!'], ['last chance'], ['act now'], ['限時優惠'], ['最後機會'], ['限时'], ['最后机会'], ['只有今天']])('flags high pressure "%s" as a warning', (text) => {
    const d = withText(text);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', code: 'pressure', params: { advice: 'pressure' } });
  });

  // What a rep or an IME really types: full-width forms, typographic apostrophes and dashes,
  // spaces inside a Chinese phrase. Each is caught, and reported with the text as written.
  it.each([
    ['100％滿意', '100％'],
    ['１００% satisfied', '１００%'],
    ['１００％', '１００％'],
    ['you can’t lose', 'can’t lose'],
    ['you can‘t lose', 'can‘t lose'],
    ['you won’t lose a cent', 'won’t lose'],
    ['you cant lose', 'cant lose'],
    ['ｇｕａｒａｎｔｅｅｄ', 'ｇｕａｒａｎｔｅｅｄ'],
    ['ＧＵＡＲＡＮＴＥＥＤ results', 'ＧＵＡＲＡＮＴＥＥＤ'],
    ['guar\u200Banteed', 'guar\u200Banteed'],
    ['risk‑free', 'risk‑free'],
    ['risk–free', 'risk–free'],
    ['risk—free', 'risk—free'],
    ['risk－free', 'risk－free'],
    ['no-risk offer', 'no-risk'],
    ['no‑risk offer', 'no‑risk'],
    ['zero  risk', 'zero  risk'],
    ['100 percent sure', '100 percent'],
    ['100 per cent sure', '100 per cent'],
    ['100 PERCENT', '100 PERCENT'],
    ['零 風險', '零 風險'],
    ['零　風險', '零　風險'],
    ['保 證獲利', '保 證'],
    ['零 风险', '零 风险'],
    ['百 分 百', '百 分 百'],
    ['最 便宜', '最 便宜'],
    ['the ｃｈｅａｐｅｓｔ', 'the ｃｈｅａｐｅｓｔ'],
  ])('flags the typed form "%s" as an error, quoting it as written', (text, phrase) => {
    const d = withText(text);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', code: 'overpromise', line: 17, col: 10 + text.indexOf(phrase), params: { phrase } });
  });

  // Honest wording that must stay allowed: a negation turns a promise into a disclaimer, and a
  // question costs nothing ("no risk to ask" is about asking, not about the product).
  it.each([
    ['We cannot guarantee results'],
    ['we can’t guarantee a return'],
    ['We do not guarantee returns'],
    ['Returns are not guaranteed'],
    ['there is no guarantee of profit'],
    ['we never guarantee prices'],
    ['We are not the cheapest'],
    ['There is no risk to ask'],
    ['No risk in asking, right?'],
    ['投資有風險，不保證獲利'],
    ['我們無法保證收益'],
    ['我们无法保证收益'],
    ['我們不是最便宜的'],
    ['100 percentile'],
    ['1,100% growth, 2100 percent, 100.5'],
    ['a risk assessment is free'],
    ['零售風險'],
    ['請確保證件在身邊'],
    ['请确保证件在身边'],
    ['開戶需繳保證金'],
    ['需要一位保证人'],
  ])('does not flag "%s"', (text) => {
    expect(withText(text)).toEqual([]);
  });

  it('still flags a promise after a disclaimer and a risk claim after "no risk to ask"', () => {
    expect(withText('We cannot guarantee prices, but results are guaranteed').map((d) => d.params.phrase)).toEqual(['guaranteed']);
    expect(withText('no risk to ask, and no risk at all').map((d) => d.params.phrase)).toEqual(['no risk']);
    expect(withText('保證不會虧，不保證獲利').map((d) => d.params.phrase)).toEqual(['保證']);
    expect(withText('保證金退還，保證賺錢').map((d) => d.params.phrase)).toEqual(['保證']);
  });

  it('reports the column of a folded phrase in the original text, also after full-width text', () => {
    expect(withText('ＡＢＣ，１００％滿意')[0]).toMatchObject({ line: 17, col: 14, params: { phrase: '１００％' } });
    const p = parseScript(src(ETIQUETTE + END, `  - id: price\n    label: Too dear\n    response: >-\n      Fine, it is 零\n      風險 for you\n`));
    expect(lintScript(p)[0]).toMatchObject({ code: 'overpromise', line: 25, col: 19, params: { phrase: '零\n      風險' } });
  });

  it('folds extra phrases from config the same way', () => {
    expect(withText('業界 第一', { extraPhrases: ['業界第一'] })[0]).toMatchObject({ params: { phrase: '業界 第一', advice: 'custom' } });
    expect(withText('best‑in‑class', { extraPhrases: ['best-in-class'] })[0]).toMatchObject({ params: { phrase: 'best‑in‑class' } });
  });

  it('gives the exact column of the phrase and does not flag look-alikes', () => {
    expect(withText('We offer a guarantee')[0]).toMatchObject({ line: 17, col: 21 });
    expect(withText('1000% growth, 2100%? no, 100 people; unguaranteedly')).toEqual([]);
    expect(withText('our warranty terms are on the website')).toEqual([]);
  });

  it('finds phrases inside folded multi-line text and objections', () => {
    const p = parseScript(src(ETIQUETTE + END, `  - id: price\n    label: Too dear\n    response: >-\n      Fine, and\n      it is 保證 to pay off\n`));
    expect(lintScript(p)[0]).toMatchObject({ code: 'overpromise', line: 26, col: 13 });
  });

  it('takes extra phrases from config, literally and whole-word for Latin text', () => {
    expect(withText('best in class', { extraPhrases: ['best in class'] })[0]).toMatchObject({ code: 'overpromise', params: { advice: 'custom' } });
    expect(withText('bestest', { extraPhrases: ['best'] })).toEqual([]);
    expect(withText('業界第一', { extraPhrases: ['第一', ''] })[0].params.phrase).toBe('第一');
    expect(withText('a.b', { extraPhrases: ['(x'] })).toEqual([]);
  });

  it('requires an opt-out offer only where configured', () => {
    const p = parseScript(src(ETIQUETTE + END));
    expect(lintScript(p)).toEqual([]);
    expect(lintScript(p, { requireOptOut: true }).map((d) => d.code)).toEqual(['missing_opt_out']);
  });
});

describe('variables', () => {
  const vars = { lead: { name: '王小明', company: 'Acme', title: null, custom: { industry: 'retail' } }, rep: { name: 'Alice' }, product: { name: 'CloudLedger', price: 990 } };

  it('renders every form, with fallbacks and visible placeholders', () => {
    expect(renderText('{{lead.name}}{{lead.title|先生/女士}}', vars)).toEqual({ text: '王小明先生/女士', missing: [] });
    expect(renderText('{{ rep.name }} – {{product.name}} {{product.price}}', vars).text).toBe('Alice – CloudLedger 990');
    expect(renderText('{{lead.custom.industry}}', vars).text).toBe('retail');
    expect(renderText('Dear {{lead.title}} {{lead.city}}, {{lead.title}}', vars)).toEqual({ text: 'Dear [lead.title?] [lead.city?], [lead.title?]', missing: ['lead.title', 'lead.city'] });
    expect(renderText('{{lead.company|}}x', { lead: { company: '  ' } }).text).toBe('[lead.company?]x');
    expect(renderText('no vars', {}).text).toBe('no vars');
    expect(renderText('{{lead.name}}', {}).text).not.toContain('undefined');
  });
});

describe('script engine', () => {
  const source = src(
    `${ETIQUETTE}  - id: budget
    ask: What is your budget, {{lead.name}}?
    field: budget
    budget: 10
  - id: pick
    choice: Interested in {{product.name}} at {{answers.budget}}?
    choices:
      - label: Yes
        next: bye
      - label: Later
        next: later
  - id: later
    close: Talk later
    disposition: callback_requested
${END}`,
    `  - id: price
    label: Too dear
    response: It costs {{product.price|little}}
    return: pick
  - id: timing
    label: Bad time
    response: When then?
`,
  );
  const script = parsed(source);
  const vars = { lead: { name: 'Lin' }, rep: { name: 'Alice' }, product: { name: 'CloudLedger' } };

  it('walks say → ask → choice → close, capturing answers, history and etiquette', () => {
    let st = startScript(script, vars);
    expect(currentStep(script, st)).toMatchObject({ kind: 'step', id: 'hello', type: 'say', text: 'Hello Lin', etiquette: 'greeting', ended: false });
    expect(etiquetteStatus(script, st).missing).toEqual(['greeting', 'introduce', 'confirm_identity', 'purpose']);
    st = next(script, next(script, next(script, next(script, st))));
    expect(currentStep(script, st)).toMatchObject({ id: 'budget', type: 'ask', field: 'budget', text: 'What is your budget, Lin?', budgetS: 10 });
    expect(etiquetteStatus(script, st)).toMatchObject({ done: ['greeting', 'introduce', 'confirm_identity', 'purpose'], missing: [] });
    st = answer(script, st, '  5000 TWD ');
    expect(st.answers).toEqual({ budget: '5000 TWD' });
    const view = currentStep(script, st);
    expect(view).toMatchObject({ type: 'choice', text: 'Interested in CloudLedger at 5000 TWD?', choices: [{ n: 1, label: 'Yes' }, { n: 2, label: 'Later' }] });
    expect(suggestedDisposition(script, st)).toBeNull();
    st = choose(script, st, 2);
    expect(isEnded(script, st)).toBe(true);
    expect(currentStep(script, st)).toMatchObject({ type: 'close', ended: true, disposition: 'callback_requested' });
    expect(suggestedDisposition(script, st)).toBe('callback_requested');
    expect(st.history.filter((h) => h.kind !== 'step')).toEqual([
      { kind: 'skip', step: 'hello' },
      { kind: 'skip', step: 'me' },
      { kind: 'skip', step: 'who' },
      { kind: 'skip', step: 'why' },
      { kind: 'answer', step: 'budget', field: 'budget', value: '5000 TWD' },
      { kind: 'choice', step: 'pick', n: 2, label: 'Later' },
    ]);
    expect(st.trail).toEqual(['hello', 'me', 'who', 'why', 'budget', 'pick', 'later']);
  });

  it('ignores actions that do not apply (same state object back) and never mutates', () => {
    const st = startScript(script, vars);
    const frozen = JSON.stringify(st);
    expect(answer(script, st, 'x')).toBe(st);
    expect(choose(script, st, 1)).toBe(st);
    expect(returnFromObjection(script, st)).toBe(st);
    expect(back(script, st)).toBe(st);
    expect(openObjection(script, st, 'nope')).toBe(st);
    let at = st;
    for (let i = 0; i < 4; i++) at = next(script, at);
    // next() on an ask step skips the question without an answer.
    const skipped = next(script, at);
    expect(skipped.stepId).toBe('pick');
    expect(skipped.answers).toEqual({});
    expect(skipped.history.at(-2)).toEqual({ kind: 'skip', step: 'budget' });
    const closed = choose(script, skipped, 1);
    expect(next(script, closed)).toBe(closed);
    expect(openObjection(script, closed, 'price')).toBe(closed);
    expect(JSON.stringify(st)).toBe(frozen);
  });

  it('choose rejects 0, too-high and fractional numbers', () => {
    let st = startScript(script, vars);
    for (let i = 0; i < 4; i++) st = next(script, st);
    st = answer(script, st, '1');
    expect(choose(script, st, 0)).toBe(st);
    expect(choose(script, st, 3)).toBe(st);
    expect(choose(script, st, 1.5)).toBe(st);
    expect(answer(script, st, '')).toBe(st);
  });

  it('jumps to an objection from any step and returns to its return step or to where it was raised', () => {
    let st = next(script, startScript(script, vars));
    st = openObjection(script, st, 'timing');
    expect(currentStep(script, st)).toMatchObject({ kind: 'objection', id: 'timing', text: 'When then?', returnTo: 'me' });
    expect(next(script, st)).toBe(st);
    st = returnFromObjection(script, st);
    expect(currentStep(script, st)).toMatchObject({ kind: 'step', id: 'me' });
    st = openObjection(script, st, 'price');
    expect(currentStep(script, st)).toMatchObject({ kind: 'objection', text: 'It costs little', returnTo: 'pick' });
    st = returnFromObjection(script, st);
    expect(st.stepId).toBe('pick');
    expect(st.history.map((h) => h.kind)).toEqual(['step', 'skip', 'step', 'objection', 'return', 'objection', 'return', 'step']);
    // Skipping etiquette through an objection leaves those steps missing.
    expect(etiquetteStatus(script, st).missing).toEqual(['introduce', 'confirm_identity', 'purpose']);
  });

  it('back() closes an objection, then walks back the trail', () => {
    let st = next(script, next(script, startScript(script, vars)));
    st = openObjection(script, st, 'timing');
    st = back(script, st);
    expect(st.objection).toBeNull();
    expect(st.stepId).toBe('who');
    st = back(script, st);
    expect(st.stepId).toBe('me');
  });

  it('can end as a conversation only with etiquette done or after a hang-up', () => {
    let st = startScript(script, vars);
    expect(canEnd(script, st)).toEqual({ ok: false, missing: ['greeting', 'introduce', 'confirm_identity', 'purpose'], reason: 'etiquette_missing' });
    expect(canEnd(script, st, { hungUp: true })).toMatchObject({ ok: true, reason: 'hung_up' });
    for (let i = 0; i < 4; i++) st = next(script, st);
    expect(canEnd(script, st)).toEqual({ ok: true, missing: [], reason: 'complete' });
  });

  it('measures elapsed time against the soft and hard budgets and the step budget', () => {
    expect(budget(script, 0)).toBe('ok');
    expect(budget(script, 59_999)).toBe('ok');
    expect(budget(script, 60_000)).toBe('soft');
    expect(budget(script, 120_000)).toBe('hard');
    let st = startScript(script, vars);
    expect(stepBudget(script, st, 1e9)).toBe('ok');
    for (let i = 0; i < 4; i++) st = next(script, st);
    expect(stepBudget(script, st, 9_999)).toBe('ok');
    expect(stepBudget(script, st, 10_000)).toBe('over');
  });

  it('reduceScript dispatches every action', () => {
    let st = startScript(script, vars);
    for (let i = 0; i < 4; i++) st = reduceScript(script, st, { type: 'next' });
    st = reduceScript(script, st, { type: 'answer', value: 'x' });
    st = reduceScript(script, st, { type: 'objection', id: 'timing' });
    st = reduceScript(script, st, { type: 'return' });
    st = reduceScript(script, st, { type: 'back' });
    expect(st.stepId).toBe('budget');
    st = reduceScript(script, reduceScript(script, st, { type: 'answer', value: 'y' }), { type: 'choose', n: 1 });
    expect(suggestedDisposition(script, st)).toBe('interested');
  });

  it('runs the example scripts end to end in both languages', () => {
    const zh = parseScript(fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-zh-TW.yaml'), 'utf8')).script!;
    let st = startScript(zh, { lead: { name: '陳', company: '大同貿易' }, rep: { name: '小美' }, product: { name: '雲端帳務', price: 990 } });
    expect(currentStep(zh, st).text).toBe('您好，請問是陳先生/女士嗎？');
    st = next(zh, st);
    expect(currentStep(zh, st).text).toBe('我是雲帳科技的小美，我們提供中小企業的線上記帳服務。');
    st = choose(zh, next(zh, st), 1);
    st = next(zh, next(zh, st));
    st = openObjection(zh, st, 'price');
    expect(currentStep(zh, st).text).toContain('每月990元');
    st = returnFromObjection(zh, st);
    st = choose(zh, st, 1);
    st = answer(zh, st, 'a@b.tw');
    expect(currentStep(zh, st).text).toContain('a@b.tw');
    st = next(zh, st);
    expect(suggestedDisposition(zh, st)).toBe('interested');
    expect(canEnd(zh, st).missing).toEqual(['opt_out_offer']);
  });
});

it('validateScript on an unparsable file returns the parse errors', () => {
  const p = parseScript('id: [');
  expect(validateScript(p).length).toBeGreaterThan(0);
  expect(lintScript(p)).toEqual(p.diagnostics);
});

describe('script selection for a lead (list > product > language > any)', () => {
  const S = (scriptId: string, language: string, lists: string[] = [], products: string[] = [], name = scriptId): ScriptFacts => ({ scriptId, name, language, lists, products });
  const lead = (f: Partial<LeadFacts> = {}): LeadFacts => ({ listId: 'LIST1', listName: 'Expo 2026', products: [], language: 'zh-TW', repLanguage: 'en', ...f });
  const order = (scripts: ScriptFacts[], l: LeadFacts) => rankScripts(scripts, l).map((r) => `${r.scriptId}:${r.match.by}`);

  it('declares lists in the script source, next to products', () => {
    const s = parsed(src(ETIQUETTE + END).replace('budget:', 'lists: [Expo 2026, LIST9]\nproducts: [cloudledger-pro]\nbudget:'));
    expect(s.lists).toEqual(['Expo 2026', 'LIST9']);
    expect(s.products).toEqual(['cloudledger-pro']);
    expect(codes(src(ETIQUETTE + END).replace('budget:', 'lists: Expo\nbudget:'))).toEqual(['error:wrong_type@4:8']);
  });

  it.each<[string, ScriptFacts[], LeadFacts, string[]]>([
    ['a list match beats a product and a language match', [S('lang', 'zh-TW'), S('prod', 'zh-TW', [], ['pay']), S('list', 'en', ['Expo 2026'])], lead({ products: ['pay'] }), ['list:list', 'prod:product', 'lang:language']],
    ['a product match beats a language match', [S('lang', 'zh-TW'), S('prod', 'en', [], ['pay'])], lead({ products: ['pay'] }), ['prod:product', 'lang:language']],
    ['a language match beats none', [S('en', 'en'), S('tw', 'zh-TW')], lead(), ['tw:language', 'en:any']],
    ['list and product together beat a list alone', [S('a', 'en', ['Expo 2026']), S('b', 'en', ['Expo 2026'], ['pay'])], lead({ products: ['pay'] }), ['b:list', 'a:list']],
    ['lists match by name or id, ignoring case and spaces', [S('x', 'en'), S('byid', 'en', ['list1']), S('byname', 'en', [' expo 2026 '])], lead(), ['byid:list', 'byname:list', 'x:any']],
    ['products match ignoring case; the lead\'s first product counts first', [S('b', 'en', [], ['B']), S('a', 'en', [], ['a'])], lead({ products: ['b', 'a'] }), ['a:product', 'b:product']],
    ['a script for other lists comes after a general one', [S('aaa', 'zh-TW', ['Web form']), S('zzz', 'zh-TW')], lead(), ['zzz:language', 'aaa:language']],
    ['a script selling only other products comes after a general one', [S('aaa', 'zh-TW', [], ['other']), S('zzz', 'zh-TW')], lead({ products: ['pay'] }), ['zzz:language', 'aaa:language']],
    ["products do not count against a script when the lead wants none", [S('zzz', 'zh-TW'), S('aaa', 'zh-TW', [], ['pay'])], lead(), ['aaa:language', 'zzz:language']],
    ["between equals, the rep's language first", [S('a', 'zh-CN'), S('b', 'en')], lead(), ['b:any', 'a:any']],
    ['then by name, then by id (not by locale or input order)', [S('s2', 'en', [], [], 'Beta'), S('s1', 'en', [], [], 'Alpha'), S('s0', 'en', [], [], 'Beta')], lead(), ['s1:any', 's0:any', 's2:any']],
    ['a lead with no list matches no list', [S('list', 'en', ['Expo 2026']), S('tw', 'zh-TW')], lead({ listId: null, listName: null }), ['tw:language', 'list:any']],
    ['no scripts, no candidates', [], lead(), []],
  ])('%s', (_name, scripts, l, expected) => {
    expect(order(scripts, l)).toEqual(expected);
    expect(order([...scripts].reverse(), l)).toEqual(expected);
  });

  it('says what matched: the list name, the product code, the language', () => {
    expect(matchScript(S('a', 'en', ['list1']), lead()).match).toEqual({ by: 'list', value: 'Expo 2026' });
    expect(matchScript(S('a', 'en', [], ['CloudLedger-Pro']), lead({ products: ['cloudledger-pro'] })).match).toEqual({ by: 'product', value: 'CloudLedger-Pro' });
    expect(matchScript(S('a', 'zh-TW'), lead()).match).toEqual({ by: 'language', value: 'zh-TW' });
    expect(matchScript(S('a', 'en'), lead()).match).toEqual({ by: 'any', value: null });
    const ranked = rankScripts([S('a', 'en')], lead());
    expect(ranked[0]).toMatchObject({ scriptId: 'a', name: 'a', lists: [], match: { by: 'any' } });
  });
});
