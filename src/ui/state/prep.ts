// Prep screen: the lead card, checklist, script choice; starting the call (or overriding a block).
import { startScript } from '../../core/script/engine.js';
import type { ScriptChoice } from '../types.js';
import { emptyDraft } from '../../core/session.js';
import type { Command } from '../keymap.js';
import type { Action, AppState, CallState, PrepState } from '../types.js';
import { flashError, reasonCode, reasonsText, withEffects } from './common.js';

export function reducePrep(s: AppState, a: Command | Action): AppState {
  if ('type' in a) {
    switch (a.type) {
      case 'prep/loaded':
        return {
          ...s,
          claimRenewedAt: s.now,
          screen: 'prep',
          flash: null,
          prep: {
            row: a.row,
            data: a.data,
            scripts: a.scripts,
            scriptIndex: 0,
            picking: false,
            pickCursor: 0,
            product: a.product,
            checks: { script: a.scripts.length > 0, product: false, history: false },
            overrideReason: null,
            dialed: null,
          },
        };
      case 'prep/claimFailed':
        return withEffects(flashError({ ...s, screen: 'queue' }, 'session.error.claimed', { holder: a.holder, until: new Date(a.until).toISOString().slice(11, 16) }), { type: 'loadQueue' });
      case 'prep/dialed':
        return s.prep ? { ...s, prep: { ...s.prep, dialed: { command: a.command } } } : s;
      default:
        return s;
    }
  }
  const p = s.prep;
  if (!p) return s;
  if (p.picking) return reduceScriptPicker(s, p, a);
  switch (a.cmd) {
    case 'check': {
      const key = (['script', 'product', 'history'] as const)[a.n - 1];
      return key ? { ...s, prep: { ...p, checks: { ...p.checks, [key]: !p.checks[key] } } } : s;
    }
    case 'switchScript':
      return p.scripts.length > 1 ? { ...s, prep: { ...p, picking: true, pickCursor: p.scriptIndex }, flash: null } : s;
    case 'back':
      return withEffects({ ...s, screen: 'queue', prep: null, flash: null }, { type: 'release', leadId: p.row.lead.id }, { type: 'loadQueue' });
    case 'override':
      return p.row.dialable.ok ? s : { ...s, edit: { target: 'override', value: '' }, flash: null };
    case 'start':
      if (!p.row.dialable.ok && p.overrideReason === null) {
        return flashError(s, 'session.prep.not_dialable', { why: reasonsText(s, p.row.dialable.reasons) });
      }
      return startCall(s);
    default:
      return s;
  }
}

/** The list of candidate scripts: move, choose by number or Enter, Esc keeps the current one. */
function reduceScriptPicker(s: AppState, p: PrepState, a: Command): AppState {
  const n = p.scripts.length;
  const choose = (i: number): AppState => {
    const choice = p.scripts[i];
    if (!choice) return s;
    return { ...s, prep: { ...p, scriptIndex: i, picking: false, product: choice.product !== undefined ? choice.product : p.product } };
  };
  switch (a.cmd) {
    case 'up':
      return { ...s, prep: { ...p, pickCursor: Math.max(0, p.pickCursor - 1) } };
    case 'down':
      return { ...s, prep: { ...p, pickCursor: Math.min(n - 1, p.pickCursor + 1) } };
    case 'choose':
      return choose(a.n - 1);
    case 'pickScript':
      return choose(p.pickCursor);
    case 'closePicker':
      return { ...s, prep: { ...p, picking: false } };
    default:
      return s;
  }
}

/** The override reason was typed: log it (effect) and start the call. */
export function commitOverride(s: AppState, value: string): AppState {
  const p = s.prep;
  if (!p) return { ...s, edit: null };
  // The field closes on an empty reason, so the `o` pressed to try again opens it instead of being typed into it.
  if (value.trim() === '') return flashError({ ...s, edit: null }, 'session.error.override_reason');
  const next = { ...s, edit: null, prep: { ...p, overrideReason: value.trim() } };
  // The ledger keeps the reasons' codes (outside_window…), never UI message keys.
  return startCall(withEffects(next, { type: 'override', leadId: p.row.lead.id, reasons: p.row.dialable.reasons.map(reasonCode), reason: value.trim() }));
}

export function startCall(s: AppState): AppState {
  const p = s.prep!;
  const lead = p.data.lead;
  const choice = p.scripts[p.scriptIndex] ?? null;
  const call: CallState = { lead, script: choice, engine: choice ? startEngine(s, choice) : null, startedAt: s.now, hungUp: false, picking: false };
  const draft = {
    ...emptyDraft(lead, s.now),
    scriptId: choice?.scriptId ?? null,
    scriptVersion: choice?.version ?? null,
    etiquette: call.engine ? [...call.engine.etiquetteDone] : [],
  };
  const effects = lead.phone ? [{ type: 'dial' as const, phone: lead.phone }] : [];
  return withEffects({ ...s, screen: 'call', call, draft, flash: null }, ...effects);
}

function startEngine(s: AppState, choice: ScriptChoice) {
  const lead = s.prep!.data.lead;
  const product = s.prep!.product;
  return startScript(choice.script, {
    lead: { name: lead.name, company: lead.company, title: lead.title, city: lead.city, region: lead.region, country: lead.country, phone: lead.phone, email: lead.email, custom: lead.custom },
    rep: { name: s.repName },
    product: product ? { name: product.name, price: product.price, highlights: product.highlights.join('; ') } : {},
  });
}
