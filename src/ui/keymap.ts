// The one key table: it decides what a key does on each screen AND produces the footer hints, so the
// two can never disagree. Key handlers only turn a key into a command and dispatch it.
import { currentStep } from '../core/script/engine.js';
import type { AppState } from './types.js';

export type Command =
  | { cmd: 'up' | 'down' | 'open' | 'skip' | 'search' | 'filter' | 'blocked' | 'refresh' | 'quit' }
  | { cmd: 'skipType' | 'skipCancel' }
  | { cmd: 'skipPick'; n: number }
  | { cmd: 'start' | 'override' | 'switchScript' | 'pickScript' | 'back' }
  | { cmd: 'check'; n: number }
  | { cmd: 'next' | 'answer' | 'objection' | 'returnObjection' | 'stepBack' | 'notes' | 'editor' | 'hungUp' | 'end' | 'closePicker' }
  | { cmd: 'choose'; n: number }
  | { cmd: 'disposition'; code: string }
  | { cmd: 'pick'; pick: 'in_1h' | 'tomorrow_10' | 'in_3d' | 'next_monday' }
  | { cmd: 'when' | 'clearCallback' | 'dnc' | 'deal' | 'survey' | 'save' | 'customerHungUp' | 'etiquetteDone' }
  | { cmd: 'finish' | 'exit' };

export type Mode = 'resume' | 'queue' | 'skip' | 'prep' | 'scripts' | 'call' | 'picker' | 'wrapup' | 'summary';

/** Quick reasons for skipping a lead, in key order (1, 2, …); labels are `session.skip.pick.<code>`. */
export const SKIP_PICKS = ['not_now', 'prepare', 'duplicate', 'colleague'] as const;

export interface Binding {
  /** Normalised key names (see keyName); the first one is shown in the footer unless `show` is set. */
  keys: string[];
  show?: string;
  /** i18n key of the footer label. */
  label: string;
  /** Only active (and only shown) when this holds. */
  when?: (s: AppState) => boolean;
  command: Command | ((name: string, s: AppState) => Command | null);
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

const step = (s: AppState) => (s.call?.script && s.call.engine ? currentStep(s.call.script.script, s.call.engine) : null);
const isStep = (type: string) => (s: AppState) => {
  const v = step(s);
  return v?.kind === 'step' && v.type === type;
};
const inObjection = (s: AppState) => step(s)?.kind === 'objection';
const hasScript = (s: AppState) => Boolean(s.call?.script);

export const KEYMAP: Record<Mode, Binding[]> = {
  resume: [
    // No discard: the call was started (dialled), and a call cannot be left without an outcome (SPEC).
    { keys: ['enter'], label: 'session.key.finish', command: { cmd: 'finish' } },
  ],
  queue: [
    { keys: ['up', 'k'], show: '↑↓', label: 'session.key.move', command: { cmd: 'up' } },
    { keys: ['down', 'j'], show: '', label: '', command: { cmd: 'down' } },
    { keys: ['enter'], label: 'session.key.open', command: { cmd: 'open' } },
    { keys: ['s'], label: 'session.key.skip', command: { cmd: 'skip' } },
    { keys: ['/'], label: 'session.key.search', command: { cmd: 'search' } },
    { keys: ['f'], label: 'session.key.filter', command: { cmd: 'filter' } },
    { keys: ['b'], label: 'session.key.blocked', command: { cmd: 'blocked' } },
    { keys: ['r'], label: 'session.key.refresh', command: { cmd: 'refresh' } },
    { keys: ['q'], label: 'session.key.quit', command: { cmd: 'quit' } },
  ],
  skip: [
    { keys: DIGITS.slice(0, SKIP_PICKS.length), show: `1-${SKIP_PICKS.length}`, label: 'session.key.skip_pick', command: (n) => ({ cmd: 'skipPick', n: Number(n) }) },
    { keys: ['t', 'enter'], label: 'session.key.skip_type', command: { cmd: 'skipType' } },
    { keys: ['esc'], label: 'session.key.cancel', command: { cmd: 'skipCancel' } },
  ],
  prep: [
    { keys: ['c', 'enter'], label: 'session.key.start', command: { cmd: 'start' } },
    { keys: ['o'], label: 'session.key.override', when: (s) => Boolean(s.prep && !s.prep.row.dialable.ok && s.prep.overrideReason === null), command: { cmd: 'override' } },
    { keys: DIGITS.slice(0, 3), show: '1-3', label: 'session.key.check', command: (n) => ({ cmd: 'check', n: Number(n) }) },
    { keys: ['s'], label: 'session.key.switch_script', when: (s) => (s.prep?.scripts.length ?? 0) > 1, command: { cmd: 'switchScript' } },
    { keys: ['esc'], label: 'session.key.back', command: { cmd: 'back' } },
  ],
  scripts: [
    { keys: ['up', 'k'], show: '↑↓', label: 'session.key.move', command: { cmd: 'up' } },
    { keys: ['down', 'j'], show: '', label: '', command: { cmd: 'down' } },
    { keys: DIGITS, show: '1-9', label: 'session.key.choose', when: (s) => (s.prep?.scripts.length ?? 0) > 0, command: (n, s) => (Number(n) <= (s.prep?.scripts.length ?? 0) ? { cmd: 'choose', n: Number(n) } : null) },
    { keys: ['enter'], label: 'session.key.pick_script', command: { cmd: 'pickScript' } },
    { keys: ['esc'], label: 'session.key.cancel', command: { cmd: 'closePicker' } },
  ],
  call: [
    { keys: ['enter', 'space'], label: 'session.key.next', when: (s) => isStep('say')(s) || isStep('ask')(s), command: { cmd: 'next' } },
    // The objection card says "Esc: back to the script"; Enter does the same.
    { keys: ['esc', 'enter', 'space'], show: 'Esc', label: 'session.key.back_to_script', when: inObjection, command: { cmd: 'returnObjection' } },
    { keys: DIGITS, show: '1-9', label: 'session.key.choose', when: isStep('choice'), command: (n) => ({ cmd: 'choose', n: Number(n) }) },
    { keys: ['a'], label: 'session.key.answer', when: isStep('ask'), command: { cmd: 'answer' } },
    { keys: ['o'], label: 'session.key.objection', when: (s) => hasScript(s) && (s.call?.script?.script.objections.length ?? 0) > 0 && !inObjection(s), command: { cmd: 'objection' } },
    { keys: ['b'], label: 'session.key.step_back', when: hasScript, command: { cmd: 'stepBack' } },
    { keys: ['n'], label: 'session.key.notes', command: { cmd: 'notes' } },
    { keys: ['ctrl+g'], label: 'session.key.editor', command: { cmd: 'editor' } },
    { keys: ['h'], label: 'session.key.hung_up', command: { cmd: 'hungUp' } },
    { keys: ['x'], label: 'session.key.end', command: { cmd: 'end' } },
  ],
  picker: [
    { keys: DIGITS, show: '1-9', label: 'session.key.choose', command: (n) => ({ cmd: 'choose', n: Number(n) }) },
    { keys: ['esc'], label: 'session.key.back', command: { cmd: 'closePicker' } },
  ],
  wrapup: [
    {
      keys: [],
      show: 'dispositions',
      label: 'session.key.disposition',
      command: (name, s) => {
        const d = s.dispositions.find((x) => x.hotkey === name);
        return d ? { cmd: 'disposition', code: d.code } : null;
      },
    },
    { keys: ['n'], label: 'session.key.notes', command: { cmd: 'notes' } },
    { keys: ['a', 't', 'd', 'm'], show: 'a/t/d/m', label: 'session.key.picks', command: (n) => ({ cmd: 'pick', pick: ({ a: 'in_1h', t: 'tomorrow_10', d: 'in_3d', m: 'next_monday' } as const)[n as 'a'] }) },
    { keys: ['w'], label: 'session.key.type_when', command: { cmd: 'when' } },
    { keys: ['c'], label: 'session.key.clear_callback', when: (s) => s.draft?.callbackAt != null, command: { cmd: 'clearCallback' } },
    { keys: ['D'], label: 'session.key.dnc', command: { cmd: 'dnc' } },
    { keys: ['o'], label: 'session.key.deal', command: { cmd: 'deal' } },
    { keys: ['s'], label: 'session.key.survey', command: { cmd: 'survey' } },
    { keys: ['e'], label: 'session.key.etiquette_done', when: (s) => (s.draft?.etiquetteMissing.length ?? 0) > 0, command: { cmd: 'etiquetteDone' } },
    { keys: ['h'], label: 'session.key.customer_hung_up', when: (s) => (s.draft?.etiquetteMissing.length ?? 0) > 0 || s.draft?.hungUpBy === 'customer', command: { cmd: 'customerHungUp' } },
    { keys: ['ctrl+s', 'enter'], show: 'Enter', label: 'session.key.save', command: { cmd: 'save' } },
  ],
  summary: [{ keys: ['q', 'enter', 'esc'], label: 'session.key.close', command: { cmd: 'exit' } }],
};


export function modeOf(s: AppState): Mode {
  if (s.screen === 'call' && s.call?.picking) return 'picker';
  if (s.screen === 'queue' && s.queue.skipping) return 'skip';
  if (s.screen === 'prep' && s.prep?.picking) return 'scripts';
  return s.screen;
}

/** What a key does here and now (null: nothing). */
export function resolveKey(s: AppState, name: string): Command | null {
  for (const b of KEYMAP[modeOf(s)]) {
    if (b.when && !b.when(s)) continue;
    if (typeof b.command === 'function') {
      if (b.keys.length > 0 && !b.keys.includes(name)) continue;
      const c = b.command(name, s);
      if (c) return c;
      continue;
    }
    if (b.keys.includes(name)) return b.command;
  }
  return null;
}

const DISPLAY: Record<string, string> = { enter: 'Enter', esc: 'Esc', space: 'Space', up: '↑', down: '↓', 'ctrl+g': 'Ctrl+G', 'ctrl+s': 'Ctrl+S' };

/** The footer: the active bindings of this screen, as [key, label-key] pairs, in table order. */
export function hints(s: AppState): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  for (const b of KEYMAP[modeOf(s)]) {
    if (!b.label || (b.when && !b.when(s))) continue;
    let key = b.show ?? DISPLAY[b.keys[0]] ?? b.keys[0];
    if (key === 'dispositions') key = s.dispositions.map((d) => d.hotkey).filter(Boolean).join('');
    out.push({ key, label: b.label });
  }
  return out;
}

/** Hints while a text field is being edited. */
export const EDIT_HINTS = [
  { key: 'Enter', label: 'session.key.done' },
  { key: 'Esc', label: 'session.key.cancel' },
];

export interface InkKey {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

/** Ink's (input, key) as one name ('enter', 'ctrl+g', 'q', 'D', '1', '客') plus the typed text, if any. */
export function keyName(input: string, key: InkKey): { name: string; text: string } {
  if (key.upArrow) return { name: 'up', text: '' };
  if (key.downArrow) return { name: 'down', text: '' };
  if (key.leftArrow) return { name: 'left', text: '' };
  if (key.rightArrow) return { name: 'right', text: '' };
  if (key.pageUp) return { name: 'pageup', text: '' };
  if (key.pageDown) return { name: 'pagedown', text: '' };
  // Enter reaches Ink as \r or, through some terminals and tmux, as a bare \n.
  if (key.return || input === '\r' || input === '\n' || input === '\r\n') return { name: 'enter', text: '' };
  if (key.escape) return { name: 'esc', text: '' };
  if (key.tab) return { name: 'tab', text: '' };
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return { name: 'backspace', text: '' };
  if (key.ctrl && input) return { name: `ctrl+${input.toLowerCase()}`, text: '' };
  if (key.meta) return { name: `meta+${input}`, text: '' };
  if (input === ' ') return { name: 'space', text: ' ' };
  return { name: input, text: input };
}

/**
 * Ink hands over a whole chunk of input at once: keys typed faster than a frame, or pasted text
 * ("x7\r" must be three keys). Split a plain chunk into its characters; special keys stay whole.
 */
export function keyNames(input: string, key: InkKey): { name: string; text: string }[] {
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.escape || key.tab || key.ctrl || key.meta;
  const chars = Array.from(input);
  if (special || chars.length <= 1 || input.startsWith('\u001b')) return [keyName(input, key)];
  return chars.map((ch) => (ch === '\u007f' || ch === '\b' ? { name: 'backspace', text: '' } : keyName(ch, {})));
}
