// Screen tests for what a rep sees at 80×24 and in Chinese: notes that stay in view, Esc on an
// objection card, translated reasons, nothing useful cut off, empty and invalid filters, zh wording.
import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { parseScript } from '../../src/core/script/index.js';
import { DAY } from '../../src/core/time.js';
import type { ScriptChoice } from '../../src/ui/types.js';
import { fakeApi, lead, NOW, row, SCRIPT_YAML } from './fakeApi.js';
import { KEY, renderSession } from './render.js';

/** The demo script with the two optional etiquette steps as well: six on the in-call row. */
function sixStepScript(): ScriptChoice {
  const yaml = SCRIPT_YAML.replace(
    '  - id: purpose\n',
    '  - id: recording\n    etiquette: recording_notice\n    say: "This call is recorded."\n  - id: optout\n    etiquette: opt_out_offer\n    say: "Say so and we will not call again."\n  - id: purpose\n',
  );
  const parsed = parseScript(yaml);
  if (!parsed.script) throw new Error(JSON.stringify(parsed.diagnostics));
  return { scriptId: 's6', version: 1, name: 'Six', script: parsed.script, match: { by: 'language', value: 'en' } };
}

const lines = (frame: string) => frame.split('\n');
/** The frame's inner text as one line (wrapped text reads on across the line ends). */
const flat = (frame: string) =>
  lines(frame)
    .slice(1, -1)
    .map((l) => l.slice(2, -2).trim())
    .join(' ');

describe('in-call notes', () => {
  it('wrap to the free rows: the end of a long note and the cursor stay on screen at 80×24', async () => {
    const api = fakeApi([row(lead('L1', 'Jennifer Williamson'))]);
    const s = renderSession(api, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('Jennifer Williamson'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('c start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Hello Jennifer Williamson'));
    await s.keys('n');
    const note = 'Customer runs three shops in Leeds, uses Sage 50 since 2015, unhappy with support; 客戶說下個月預算會增加，希望先寄報價單，再約時間詳談細節，老闆週四下午有空 and wants a demo END';
    await s.keys(note);
    await vi.waitFor(() => expect(s.frame()).toContain('END█'));
    expect(s.frame()).toContain('Notes: Customer runs three shops');
    for (const l of lines(s.frame())) expect(stringWidth(l)).toBe(80);
    s.unmount();
  });
});

describe('objection card', () => {
  it.each([
    ['en', 'Esc: back to the script'],
    ['zh-TW', 'Esc：回到話術'],
    ['zh-CN', 'Esc：回到话术'],
  ] as const)('Esc goes back to the script (%s), as the card says; Enter too', async (lang, says) => {
    for (const back of [KEY.esc, KEY.enter]) {
      const api = fakeApi([row(lead('L1', '王小明'))]);
      const s = renderSession(api, { lang });
      await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
      await s.keys(KEY.enter);
      await vi.waitFor(() => expect(s.frame()).toContain('CloudLedger Pro'));
      await s.keys('c', KEY.enter, KEY.enter, KEY.enter);
      await vi.waitFor(() => expect(s.frame()).toContain('Do you have a minute?'));
      await s.keys('o', '1');
      await vi.waitFor(() => expect(s.frame()).toContain(says));
      await s.keys(back);
      await vi.waitFor(() => expect(s.frame()).not.toContain(says));
      expect(s.frame()).toContain('Do you have a minute?');
      s.unmount();
    }
  });
});

describe('script text in Chinese', () => {
  it('breaks anywhere, not only at spaces: no half-empty line before "TWD元"', async () => {
    const zh = '了解您的考量。CloudLedger Pro每月1490 TWD元，沒有開辦費；多數客戶會拿它和同仁花在記帳上的工時比較。試用期間完全免費，您可以先用用看再決定。';
    const parsed = parseScript(SCRIPT_YAML.replace('response: "Our price includes support."', `response: "${zh}"`));
    const script: ScriptChoice = { scriptId: 'z', version: 1, name: 'Z', script: parsed.script!, match: { by: 'language', value: 'en' } };
    const api = fakeApi([row(lead('L1', '王小明'))], { scripts: [script] });
    const s = renderSession(api, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('c start call'));
    await s.keys('c', 'o', '1');
    await vi.waitFor(() => expect(s.frame()).toContain('了解您的考量'));
    const first = lines(s.frame()).find((l) => l.includes('了解您的考量'))!;
    expect(first).toContain('每月1490 TWD元，沒有開辦費');
    s.unmount();
  });
});

describe('reasons in words', () => {
  it('a blocked lead says why in the rep\'s language on prep and on the refused start, never a message key', async () => {
    const api = fakeApi([row(lead('L2', 'Liam Clark', { timezone: 'Europe/London' }), { localTime: '02:00', inWindow: false, dialable: { ok: false, reasons: ['session.why.outside_window'] } })]);
    const s = renderSession(api, { lang: 'zh-TW' });
    await s.keys('b');
    await vi.waitFor(() => expect(s.frame()).toContain('Liam Clark'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('目前不可撥打'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toMatch(/按 o/));
    expect(flat(s.frame())).toContain('目前不可撥打：不在可撥打時段。按 o');
    expect(s.frame()).not.toContain('session.why');
    s.unmount();
  });
});

describe('80 columns', () => {
  it('the header keeps the clock and the talk time whole', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))]);
    const s = renderSession(api, { cols: 80, rows: 24, lang: 'zh-TW' });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    const header = lines(s.frame())[1];
    expect(header).toContain('10:00'); // the clock
    expect(header).toMatch(/0:00 │$/); // the talk time, whole
    expect(header).not.toContain('…');
    s.unmount();
  });

  it('the queue keeps "overdue since" whole with its date, gives names the spare width, and shows the zh Local header whole', async () => {
    const overdue = row(lead('L1', 'Jennifer Williamson-Smith', { company: 'Acme' }), { reason: { kind: 'callback_overdue', dueAt: NOW - 2 * DAY + 13 * 3600_000 } });
    const rows = [overdue, row(lead('L2', 'Thomas Anderson', { company: 'Taylor Accounting Ltd' }))];
    const s = renderSession(fakeApi(rows), { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('Thomas Anderson'));
    // due 2026-11-26 23:00 Taipei, two days before "now" (11-28 10:00): the date is there, and nothing of it is cut
    expect(s.frame()).toContain('callback overdue since 11-26 23:00');
    // the name gets more than the old 14 columns
    expect(s.frame()).toContain('Jennifer Williams');
    s.unmount();
    // with room (120 columns), names and companies are whole
    const wide = renderSession(fakeApi(rows), { cols: 120, rows: 24 });
    await vi.waitFor(() => expect(wide.frame()).toContain('Jennifer Williamson-Smith'));
    expect(wide.frame()).toContain('Taylor Accounting Ltd');
    wide.unmount();
    for (const [lang, local] of [['zh-TW', '當地時間'], ['zh-CN', '当地时间']] as const) {
      const z = renderSession(fakeApi([row(lead('L1', '王小明'))]), { cols: 80, rows: 24, lang });
      await vi.waitFor(() => expect(z.frame()).toContain('王小明'));
      expect(z.frame()).toContain(local);
      z.unmount();
    }
  });

  it('the six etiquette steps are all on screen during a call', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))], { scripts: [sixStepScript()] });
    const s = renderSession(api, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('c start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Etiquette:'));
    expect(flat(s.frame())).toContain('·recording notice');
    expect(flat(s.frame())).toContain('·opt-out offered');
    expect(flat(s.frame())).toContain('·purpose stated');
    s.unmount();
  });

  it('a long error wraps to two lines, so the fix at its end is seen', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))]);
    const s = renderSession(api, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('f', 'foo', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Cannot filter by "foo"'));
    expect(flat(s.frame())).toContain('grade:A (empty: no filter).');
    expect(s.frame()).not.toContain('…');
    s.unmount();
  });
});

describe('wrap-up at 80×24', () => {
  it('with etiquette missing, the whole message and every key (Enter save last) are on screen, in en and zh-TW', async () => {
    for (const [lang, still, save] of [['en', 'pick an outcome that is not a conversation.', 'Enter save'], ['zh-TW', '或選擇不算有效對話的結果。', 'Enter 儲存']] as const) {
      const api = fakeApi([row(lead('L1', '王小明'))]);
      // eleven outcome keys, as the default dispositions have
      api.dispositions = [...api.dispositions, ...['4', '5', '8', '9', '0', 'x'].map((k) => ({ ...api.dispositions[4], code: `other_${k}`, hotkey: k }))];
      const s = renderSession(api, { cols: 80, rows: 24, lang });
      await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
      await s.keys(KEY.enter);
      await vi.waitFor(() => expect(s.frame()).toContain('CloudLedger Pro'));
      await s.keys('c', 'x', '3', 'a'); // a callback brings the c key into the footer too
      await vi.waitFor(() => expect(s.frame()).toContain('●3'));
      expect(flat(s.frame())).toContain(still);
      expect(s.frame()).toContain(save);
      expect(s.frame()).toMatch(/e \S/);
      expect(s.frame()).toMatch(/h \S/);
      // busy/no answer: no etiquette talk at all
      await s.keys('7');
      await vi.waitFor(() => expect(s.frame()).toContain('●7'));
      expect(flat(s.frame())).not.toContain(still);
      s.unmount();
    }
  });
});

describe('search and filter', () => {
  it('no match says so and how to change it (with the lists for list:); an invalid filter is refused', async () => {
    const api = fakeApi([row(lead('L1', '王小明'), { listName: 'Expo 2026' }), row(lead('L2', 'Liam Clark'), { listName: 'Web leads' })]);
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('f', 'list:Nope', KEY.enter);
    await vi.waitFor(() => expect(flat(s.frame())).toContain('No lead matches list:Nope. Press / to change the search or f the filter'));
    expect(flat(s.frame())).toContain('Lists in the queue: Expo 2026, Web leads.');
    expect(s.frame()).not.toContain('Nobody to call right now');
    await s.keys('f', KEY.backspace.repeat(9), KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Liam Clark'));
    await s.keys('/', 'Lin 0117', KEY.enter);
    await vi.waitFor(() => expect(flat(s.frame())).toContain('No lead matches “Lin 0117”'));
    await s.keys('/', KEY.backspace.repeat(8), KEY.enter, 'f', 'foo', KEY.enter);
    await vi.waitFor(() => expect(flat(s.frame())).toContain('Cannot filter by "foo": write list:NAME, tag:TAG or grade:A'));
    expect(s.frame()).not.toContain('filter: foo');
    s.unmount();
  });
});

describe('Chinese wording', () => {
  it('prep translates follow-up kinds and deal stages and shows the currency; the queue footer says move', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))]);
    api.followups = [{ id: 'f1', leadId: 'L1', repId: 'u1', kind: 'callback', dueAt: NOW + 3600_000, status: 'open', note: null, callId: null, dedupeKey: null, doneAt: null, createdAt: NOW, updatedAt: NOW } as never];
    api.deals = [{ id: 'd1', stage: 'qualified', amount: 24840, currency: 'TWD', productId: null, createdAt: NOW }];
    const s = renderSession(api, { lang: 'zh-TW' });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    expect(s.frame()).toContain('↑↓ 移動');
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('待辦跟進'));
    expect(s.frame()).toContain('回電 11-28 11:00');
    expect(s.frame()).toContain('已確認需求 24,840 TWD');
    expect(s.frame()).not.toContain('callback');
    expect(s.frame()).not.toContain('qualified');
    s.unmount();
  });

  it('zh-CN says 确认身份', async () => {
    const { t } = await import('../../src/i18n/index.js');
    expect(t('session.etiquette.confirm_identity', {}, 'zh-CN')).toBe('确认身份');
  });
});
