// Finding the lead a command names. One way for every command: LEAD is an id, a phone number in
// any format, or a name matching exactly one lead.
import { notFound, usageError } from '../core/errors.js';
import { foldFullWidth, normalizePhone } from '../core/phone.js';
import type { Lead } from '../core/types.js';
import type { Db } from '../db/client.js';
import { findLeadById, findLeadsByName, findLeadsByPhone, findLeadsNamed } from '../db/repos/leads.js';
import { getSetting } from '../db/repos/settings.js';

export function resolveLead(db: Db, ref: string): Lead {
  const q = ref.trim();
  if (q === '') throw usageError('queue.error.lead_ref_empty');
  const byId = findLeadById(db, q) ?? findLeadById(db, q.toUpperCase());
  if (byId) return byId;
  if (/^[+(]?\d[\d\s\-().]{4,}$/.test(foldFullWidth(q))) {
    const phone = normalizePhone(q, String(getSetting(db, 'country') ?? 'TW'));
    if (phone.ok) {
      const found = findLeadsByPhone(db, phone.e164);
      if (found.length === 1) return found[0];
      if (found.length > 1) throw ambiguous(q, found);
    }
    throw notFound('queue.error.lead_not_found', { lead: q });
  }
  const exact = findLeadsNamed(db, q, 20);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) throw ambiguous(q, exact);
  const byName = findLeadsByName(db, q, 20);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw ambiguous(q, byName);
  throw notFound('queue.error.lead_not_found', { lead: q });
}

function ambiguous(ref: string, leads: Lead[]) {
  const candidates = leads
    .slice(0, 5)
    .map((l) => `${l.id} ${l.name}${l.phone ? ` ${l.phone}` : ''}`)
    .join('; ');
  return usageError('queue.error.lead_ambiguous', { lead: ref, count: leads.length, candidates });
}
