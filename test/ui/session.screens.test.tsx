import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { parseScript } from '../../src/core/script/index.js';
import { bigDigits } from '../../src/core/sessionDigits.js';
import { BigNumber } from '../../src/ui/components/BigNumber.js';
import { demoScript, fakeApi, lead, row, SCRIPT_YAML } from './fakeApi.js';
import { KEY, renderSession } from './render.js';

const rows = () => [row(lead('L1', '王小明')), row(lead('L2', 'Liam Clark', { company: 'Taylor Accounting', timezone: 'Europe/London' }), { localTime: '02:00', inWindow: false, dialable: { ok: false, reasons: ['session.why.outside_window'] } })];

describe('session screens (ink-testing-library)', () => {
  it('queue → prep → call → wrap-up → saved, with the footer from the key table', async () => {
    const api = fakeApi(rows());
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    expect(s.frame()).toContain('Enter open');
    expect(s.frame()).not.toContain('Liam Clark');
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('CloudLedger Pro'));
    expect(api.calls.claims).toEqual(['L1']);
    expect(s.frame()).toContain('c start call');
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Hello 王小明, this is Alice.'));
    await vi.waitFor(() => expect(api.calls.dialed).toEqual(['+886912345678']));
    await s.keys(KEY.enter, KEY.enter, KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Do you have a minute?'));
    await s.keys('o');
    await vi.waitFor(() => expect(s.frame()).toContain('1 Too expensive'));
    await s.keys('1');
    await vi.waitFor(() => expect(s.frame()).toContain('Our price includes support.'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Do you have a minute?'));
    await s.keys('1');
    await vi.waitFor(() => expect(s.frame()).toContain('What is your budget?'));
    await s.keys('a', '5', '0', 'k', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('budget: 50k'));
    await s.keys('n', '客戶想要報價', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Notes: 客戶想要報價'));
    await s.keys('x');
    await vi.waitFor(() => expect(s.frame()).toContain('Outcome'));
    // the script's close step suggested "interested", which needs a callback: refused until one is set
    expect(s.frame()).toContain('●1 interested');
    await s.keys('2', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('needs a callback'));
    await s.keys('t');
    await vi.waitFor(() => expect(s.frame()).toContain('2026-11-29 10:00 lead time'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Saved the call with 王小明'));
    expect(api.calls.saved).toHaveLength(1);
    expect(api.calls.saved[0]).toMatchObject({ leadId: 'L1', disposition: 'callback_requested', notes: '客戶想要報價', answers: { budget: '50k' }, callbackAt: Date.UTC(2026, 10, 29, 2, 0) });
    expect(api.calls.saved[0].etiquette).toEqual(['greeting', 'introduce', 'confirm_identity', 'purpose']);
    s.unmount();
  });

  it('blocked leads are shown on request with the reason; starting one needs an override reason', async () => {
    const api = fakeApi(rows());
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('b');
    await vi.waitFor(() => expect(s.frame()).toContain('not dialable: outside calling hours'));
    await s.keys('j', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Not dialable now'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Press o to override'));
    expect(s.frame()).toContain('Prep');
    await s.keys('o', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('needs a reason'));
    await s.keys('o', 'asked for 21:00', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Hello Liam Clark'));
    await vi.waitFor(() => expect(api.calls.overrides).toEqual(['L2:asked for 21:00']));
    expect(api.overrideReasons).toEqual([['outside_window']]);
    s.unmount();
  });

  it('search, skip with a reason, and a lead claimed by another rep', async () => {
    const api = fakeApi([row(lead('L1', '王小明')), row(lead('L3', '陳美玲', { phone: '+886987654321' }))]);
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('陳美玲'));
    await s.keys('/', '987654', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).not.toContain('王小明'));
    expect(s.frame()).toContain('1 of 2');
    await s.keys('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('s', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('reason'));
    await s.keys('wrong list', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Skipped 王小明: wrong list'));
    api.claimHolder = 'bob';
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('bob has this lead open'));
    s.unmount();
  });

  it('an unsaved wrap-up is offered first, with its notes', async () => {
    const api = fakeApi(rows(), {
      draft: { leadId: 'L1', leadName: '王小明', stage: 'wrapup', startedAt: Date.UTC(2026, 10, 28, 1, 42), endedAt: null, scriptId: null, scriptVersion: null, notes: '想要報價', answers: {}, etiquette: [], etiquetteMissing: [], hungUpBy: null, disposition: null, callbackAt: null, dnc: false, deal: null, survey: null, savedAt: 0 },
    });
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('Finish the wrap-up for 王小明, call at 09:42?'));
    expect(s.frame()).toContain('想要報價');
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Outcome'));
    expect(s.frame()).toContain('Notes: 想要報價');
    s.unmount();
  });

  it('a busy database on save keeps everything on screen and retries', async () => {
    const api = fakeApi(rows(), { script: false });
    api.failSaves = 1;
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('No script for this call'));
    await s.keys('n', '要報價', KEY.enter, 'x', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Pick a disposition'));
    await s.keys('7', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Database busy'));
    expect(s.frame()).toContain('Notes: 要報價');
    expect(api.calls.saved).toHaveLength(0);
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Saved the call with 王小明'));
    expect(api.calls.saved[0]).toMatchObject({ disposition: 'no_answer', notes: '要報價' });
    s.unmount();
  });

  it('quitting shows the summary; a small terminal gets a clear message', async () => {
    const api = fakeApi(rows());
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('q');
    await vi.waitFor(() => expect(s.frame()).toContain('Today, 2026-11-28'));
    expect(s.frame()).toMatch(/Calls\s+0\s+40 \(0%\)/);
    await s.keys('q');
    await vi.waitFor(() => expect(s.exited()).toBe(true));
    s.unmount();
    const small = renderSession(fakeApi(rows()), { cols: 60, rows: 20 });
    await vi.waitFor(() => expect(small.frame()).toContain('at least 80×24'));
    small.unmount();
  });

  it('--ascii draws the frame with ASCII only; CJK rows line up at 80 columns', async () => {
    const api = fakeApi([row(lead('L1', '王小明')), row(lead('L4', 'Liam Clark', { company: 'Taylor Accounting' }))]);
    const s = renderSession(api, { cols: 80, rows: 24, ascii: true });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    const lines = s.frame().split('\n');
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(s.frame()).not.toMatch(/[╭╮╰╯│─]/);
    const { default: stringWidth } = await import('string-width');
    expect(new Set(lines.map((l) => stringWidth(l)))).toEqual(new Set([80]));
    const a = lines.find((l) => l.includes('王小明'))!;
    const b = lines.find((l) => l.includes('Liam Clark'))!;
    const col = (l: string, text: string) => stringWidth(l.slice(0, l.indexOf(text)));
    expect(col(a, '10:00')).toBe(col(b, '10:00'));
    // the script step box in a call is ASCII too
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Hello 王小明'));
    expect(s.frame()).not.toMatch(/[╭╮╰╯│─┌┐└┘]/);
    s.unmount();
  });
});

describe('session screens: language and terminal size', () => {
  it('speaks zh-TW and keeps CJK columns aligned', async () => {
    const { setLang } = await import('../../src/i18n/index.js');
    setLang('zh-TW');
    try {
      const api = fakeApi([row(lead('L1', '王小明')), row(lead('L2', 'Liam Clark', { company: 'Taylor Accounting' }))]);
      api.lang = 'zh-TW';
      const { render } = await import('ink-testing-library');
      const { App } = await import('../../src/ui/App.js');
      const { DraftSaver } = await import('../../src/ui/draftSaver.js');
      const { initialState } = await import('../../src/ui/state/app.js');
      const initial = initialState({ now: api.now(), zone: 'Asia/Taipei', repName: '小美', lang: 'zh-TW', dispositions: api.dispositions, cols: 80, rows: 24, draft: null, today: null });
      const r = render(<App api={api} initial={initial} saver={new DraftSaver({ save: () => undefined })} tickMs={60_000} />);
      const { stripVTControlCharacters } = await import('node:util');
      const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
      await vi.waitFor(() => expect(frame()).toContain('王小明'));
      expect(frame()).toContain('撥號名單');
      expect(frame()).toContain('Enter 開啟');
      const { default: stringWidth } = await import('string-width');
      const lines = frame().split('\n');
      expect(new Set(lines.map((l) => stringWidth(l)))).toEqual(new Set([80]));
      r.unmount();
    } finally {
      setLang('en');
    }
  });

  it('zh-TW: the skip reasons and the script list line up at 80×24', async () => {
    const { setLang } = await import('../../src/i18n/index.js');
    setLang('zh-TW');
    try {
      const expo = { ...demoScript(), scriptId: 's2', name: '展覽名單回訪', match: { by: 'list' as const, value: '2026 展覽' } };
      const api = fakeApi([row(lead('L1', '王小明')), row(lead('L2', '陳美玲'))], { scripts: [expo, demoScript()] });
      api.lang = 'zh-TW';
      const { App } = await import('../../src/ui/App.js');
      const { DraftSaver } = await import('../../src/ui/draftSaver.js');
      const { initialState } = await import('../../src/ui/state/app.js');
      const initial = initialState({ now: api.now(), zone: 'Asia/Taipei', repName: '小美', lang: 'zh-TW', dispositions: api.dispositions, cols: 80, rows: 24, draft: null, today: null });
      const r = render(<App api={api} initial={initial} saver={new DraftSaver({ save: () => undefined })} tickMs={60_000} />);
      const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
      const { default: stringWidth } = await import('string-width');
      const aligned = () => expect(new Set(frame().split('\n').map((l) => stringWidth(l)))).toEqual(new Set([80]));
      const press = async (k: string) => {
        r.stdin.write(k);
        await new Promise((res) => setImmediate(res));
      };
      await vi.waitFor(() => expect(frame()).toContain('王小明'));
      await press('s');
      await vi.waitFor(() => expect(frame()).toContain('1 對方現在不方便  2 需要先做準備  3 與其他名單重複  4 同事正在處理'));
      aligned();
      await press('4');
      await vi.waitFor(() => expect(frame()).toContain('已略過 王小明：同事正在處理'));
      // the frame shows the skip before its effect has run: wait for the record
      await vi.waitFor(() => expect(api.calls.skips).toEqual([{ leadId: 'L1', reason: '同事正在處理', code: 'colleague' }]));
      await press('\r');
      await vi.waitFor(() => expect(frame()).toContain('展覽名單回訪 v1 (1/2) · 適用名單「2026 展覽」'));
      await press('s');
      await vi.waitFor(() => expect(frame()).toContain('適用這位客戶的話術（2 份）'));
      aligned();
      r.unmount();
    } finally {
      setLang('en');
    }
  });

  it('reflows when the terminal is resized', async () => {
    const api = fakeApi(rows());
    const s = renderSession(api, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    expect(s.frame().split('\n')[0].length).toBe(80);
    const stdout = s.stdout as unknown as { emit(e: string): void };
    const size = (cols: number, rowsN: number) => {
      Object.defineProperty(stdout, 'columns', { value: cols, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rowsN, configurable: true });
      stdout.emit('resize');
    };
    size(120, 30);
    await vi.waitFor(() => expect(s.frame().split('\n')[0].length).toBe(120));
    expect(s.frame().split('\n')).toHaveLength(30);
    size(70, 30);
    await vi.waitFor(() => expect(s.frame()).toContain('at least 80×24'));
    s.unmount();
  });
});

describe('Root: the first frame before the database', () => {
  it('shows the frame at once, then the session when it is ready', async () => {
    const { render } = await import('ink-testing-library');
    const { Root } = await import('../../src/ui/Root.js');
    const { DraftSaver } = await import('../../src/ui/draftSaver.js');
    const { initialState } = await import('../../src/ui/state/app.js');
    const api = fakeApi(rows());
    let resolve!: (p: import('../../src/ui/App.js').AppProps) => void;
    const ready = new Promise<import('../../src/ui/App.js').AppProps>((r) => (resolve = r));
    const r = render(<Root ready={ready} cols={80} rows={24} />);
    expect(r.lastFrame()).toContain('Loading…');
    const initial = initialState({ now: api.now(), zone: 'Asia/Taipei', repName: 'Alice', lang: 'en', dispositions: api.dispositions, cols: 80, rows: 24, draft: null, today: null });
    resolve({ api, initial, saver: new DraftSaver({ save: () => undefined }), tickMs: 60_000 });
    await vi.waitFor(() => expect(r.lastFrame()).toContain('王小明'));
    r.unmount();
  });

  it('a failure while loading clears the splash and ends the app with the error', async () => {
    const { render } = await import('ink-testing-library');
    const { Root } = await import('../../src/ui/Root.js');
    const { AppError } = await import('../../src/core/errors.js');
    const err = new AppError('usage', 'user.error.none');
    const r = render(<Root ready={Promise.reject(err)} cols={80} rows={24} />);
    await vi.waitFor(() => expect((r.lastFrame() ?? '').trim()).toBe(''));
    r.unmount();
  });
});

describe('session screens: skip reasons, script choice, the number to dial', () => {
  it('skip offers quick reasons; the chosen one is recorded and the lead stays out of the queue after a refresh', async () => {
    const api = fakeApi([row(lead('L1', '王小明')), row(lead('L3', '陳美玲'))]);
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('陳美玲'));
    await s.keys('s');
    await vi.waitFor(() => expect(s.frame()).toContain('Skip 王小明 — why?'));
    expect(s.frame()).toContain('1 bad time for them  2 prepare first  3 duplicate lead  4 colleague has it');
    expect(s.frame()).toContain('1-4 reason  t type a reason  Esc cancel');
    await s.keys('3');
    await vi.waitFor(() => expect(s.frame()).toContain('Skipped 王小明: duplicate lead'));
    await vi.waitFor(() => expect(api.calls.skips).toEqual([{ leadId: 'L1', reason: 'duplicate lead', code: 'duplicate' }]));
    await s.keys('r');
    await vi.waitFor(() => expect(s.frame()).not.toContain('Skipped')); // the refresh has happened
    expect(s.frame()).toContain('1 of 2');
    expect(s.frame()).not.toContain('王小明');
    // a typed reason for the next one
    await s.keys('s', 't', '換人接', KEY.enter);
    await vi.waitFor(() => expect(api.calls.skips[1]).toEqual({ leadId: 'L3', reason: '換人接', code: 'other' }));
    s.unmount();
  });

  it('a skip the database refuses brings the lead back and says so', async () => {
    const api = fakeApi([row(lead('L1', '王小明')), row(lead('L3', '陳美玲'))]);
    api.failSkips = 1;
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys('s', '1');
    await vi.waitFor(() => expect(s.frame()).toContain('The skip of 王小明 was not recorded'));
    expect(s.frame()).toContain('2 of 2');
    expect(api.calls.skips).toEqual([]);
    s.unmount();
  });

  it('prep says why the script was chosen and lets the rep pick another from the list', async () => {
    const greeting = parseScript(SCRIPT_YAML.replace('Hello {{lead.name}}', 'Good morning {{lead.name}}')).script!;
    const expo = { scriptId: 's2', version: 3, name: 'Expo follow-up', script: greeting, match: { by: 'list' as const, value: 'Expo 2026' } };
    const api = fakeApi([row(lead('L1', '王小明'))], { scripts: [expo, demoScript()] });
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Expo follow-up v3 (1/2) · for list “Expo 2026”'));
    expect(s.frame()).toContain('s switch script');
    await s.keys('s');
    await vi.waitFor(() => expect(s.frame()).toContain('Scripts for this lead (2), best first:'));
    expect(s.frame()).toContain('●1 Expo follow-up v3 · en · for list “Expo 2026”');
    expect(s.frame()).toContain(' 2 Demo v1 · en · in the lead’s language (en)');
    expect(s.frame()).toContain('↑↓ move  1-9 choose  Enter use this script  Esc cancel');
    await s.keys('j', KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Demo v1 (2/2) · in the lead’s language (en) · switched by you'));
    expect(s.frame()).not.toContain('Scripts for this lead');
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Hello 王小明, this is Alice.'));
    s.unmount();
  });

  it('without a dial command the number is drawn large until the first step is passed', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))]);
    const s = renderSession(api);
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Dial this number:'));
    for (const line of bigDigits('+886912345678')!) expect(s.frame()).toContain(line);
    expect(s.frame()).toContain('╶┼╴ ├─┤ ├─┤ ├─┐');
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('Dial this number: +886912345678'));
    expect(s.frame()).not.toContain('╶┼╴');
    s.unmount();
  });

  it('--ascii draws the big number in ASCII; too narrow a space gets the number in bold', async () => {
    const api = fakeApi([row(lead('L1', '王小明'))]);
    const s = renderSession(api, { ascii: true });
    await vi.waitFor(() => expect(s.frame()).toContain('王小明'));
    await s.keys(KEY.enter);
    await vi.waitFor(() => expect(s.frame()).toContain('start call'));
    await s.keys('c');
    await vi.waitFor(() => expect(s.frame()).toContain('Dial this number:'));
    for (const line of bigDigits('+886912345678', 'ascii')!) expect(s.frame()).toContain(line.trimEnd());
    expect(s.frame()).toContain('_|_ |_| |_| |_');
    expect(s.frame()).not.toMatch(/[╶┼╴┌┐└┘├┤]/);
    s.unmount();
    const narrow = render(<BigNumber phone="+886912345678" cols={40} />);
    expect(stripVTControlCharacters(narrow.lastFrame() ?? '')).toBe('+886912345678');
    narrow.unmount();
    const wide = render(<BigNumber phone="+886912345678" cols={60} />);
    expect(stripVTControlCharacters(wide.lastFrame() ?? '').split('\n')).toEqual(bigDigits('+886912345678'));
    wide.unmount();
  });
});
