import { describe, expect, it } from 'vitest';
import { planCare } from '../../src/core/care.js';
import { buildDemoData, mulberry32 } from '../../src/core/demo.js';
import { normalizePhone } from '../../src/core/phone.js';
import { DAY, localParts } from '../../src/core/time.js';
import { DNC_REASON } from '../../src/core/types.js';
import { seededIdFactory } from '../../src/io/ids.js';

const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);
const build = (seed = 2026, now = NOW) => buildDemoData({ seed, now, id: seededIdFactory(mulberry32(seed ^ 0x5eed)) });
const data = build();

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(xs[0]);
  });
});

describe('demo data set', () => {
  it('same seed and same minute give the same data, ids included; another seed differs', () => {
    expect(build(2026, NOW + 7_000)).toEqual(data);
    const other = build(7);
    expect(other.leads.map((l) => l.phone)).not.toEqual(data.leads.map((l) => l.phone));
  });

  it('has a lead and reps, one with a Chinese name; the current user is a rep', () => {
    expect(data.users.filter((u) => u.role === 'lead')).toHaveLength(1);
    const reps = data.users.filter((u) => u.role === 'rep');
    expect(reps.length).toBeGreaterThanOrEqual(2);
    expect(reps.some((u) => /[\u4e00-\u9fff]/.test(u.displayName))).toBe(true);
    expect(reps.map((u) => u.username)).toContain(data.currentUser);
  });

  it('at least 200 leads from 4+ countries in 6+ zones, every number valid E.164 and unique', () => {
    expect(data.leads.length).toBeGreaterThanOrEqual(200);
    expect(new Set(data.leads.map((l) => l.country)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(data.leads.map((l) => l.timezone)).size).toBeGreaterThanOrEqual(6);
    for (const l of data.leads) {
      const n = normalizePhone(l.phoneRaw, l.country);
      expect(n.ok && n.e164, l.phoneRaw).toBe(l.phone);
    }
    expect(new Set(data.leads.map((l) => l.phone)).size).toBe(data.leads.length);
  });

  it('mixes English, Traditional and Simplified Chinese names', () => {
    const names = data.leads.map((l) => l.name);
    expect(names.some((n) => /^[A-Za-z' ]+$/.test(n))).toBe(true);
    // 陳/劉/黃/張/鄭/謝 are Traditional-only forms; 陈/刘/黄/张/赵/孙 Simplified-only.
    expect(names.some((n) => /[陳劉黃張鄭謝許楊]/.test(n))).toBe(true);
    expect(names.some((n) => /[陈刘张赵孙马杨]/.test(n))).toBe(true);
  });

  it('two weeks of phone calls before now, in the lead\'s calling hours on weekdays, each with a disposition and notes', () => {
    const phone = data.calls.filter((c) => c.channel === 'phone');
    expect(phone.length).toBeGreaterThan(150);
    const byId = new Map(data.leads.map((l) => [l.id, l]));
    for (const c of phone) {
      expect(c.startedAt).toBeLessThan(NOW);
      expect(c.startedAt).toBeGreaterThan(NOW - 15 * DAY);
      const p = localParts(c.startedAt, byId.get(c.leadId)!.timezone);
      expect(p.hour).toBeGreaterThanOrEqual(9);
      expect(p.hour).toBeLessThan(20);
      expect([0, 6]).not.toContain(p.weekday);
      expect(c.disposition).toBeTruthy();
      expect(c.notes).toBeTruthy();
    }
    expect(new Set(phone.map((c) => c.disposition)).size).toBeGreaterThanOrEqual(8);
  });

  it('lead state agrees with its calls: attempts, last disposition, DNC requests flagged and listed', () => {
    for (const l of data.leads) {
      const mine = data.calls.filter((c) => c.leadId === l.id && c.channel === 'phone').sort((a, b) => a.startedAt - b.startedAt);
      expect(l.attemptsTotal).toBe(mine.length);
      if (mine.length) expect(l.lastDisposition).toBe(mine[mine.length - 1].disposition);
    }
    const dncPhones = new Set(data.dnc.map((d) => d.phone));
    for (const c of data.calls.filter((c) => c.disposition === 'dnc_request' && c.channel === 'phone')) {
      const lead = data.leads.find((l) => l.id === c.leadId)!;
      expect(lead.dnc).toBe(1);
      expect(dncPhones.has(lead.phone)).toBe(true);
    }
    // Registry numbers that belong to no lead exist too.
    const leadPhones = new Set(data.leads.map((l) => l.phone));
    expect(data.dnc.some((d) => !leadPhones.has(d.phone))).toBe(true);
  });

  it('open follow-ups: some overdue, some due later today, some later', () => {
    const open = data.followups.filter((f) => f.status === 'open');
    expect(open.some((f) => f.dueAt <= NOW)).toBe(true);
    expect(open.some((f) => f.dueAt > NOW && f.dueAt < NOW + DAY)).toBe(true);
    expect(open.some((f) => f.dueAt > NOW + DAY)).toBe(true);
    expect(new Set(open.map((f) => f.kind))).toEqual(new Set(['callback', 'robot', 'checkin', 'birthday']));
  });

  it('do-not-call entries name who added them by username and use the reason a call writes', () => {
    const usernames = new Set(data.users.map((u) => u.username));
    expect(data.dnc.length).toBeGreaterThan(0);
    expect(data.dnc.every((d) => d.addedBy !== null && usernames.has(d.addedBy))).toBe(true);
    const fromCalls = data.dnc.filter((d) => d.source === 'call');
    expect(fromCalls.length).toBeGreaterThan(0);
    expect(fromCalls.every((d) => d.reason === DNC_REASON.callRequest)).toBe(true);
  });

  it('planning care on the demo adds no second birthday greeting for a birthday the demo already has', () => {
    const birthdays = data.followups.filter((f) => f.kind === 'birthday');
    expect(birthdays.length).toBeGreaterThan(0);
    const planned = planCare(data.leads, { now: NOW, days: 60, checkinDays: 90, defaultZone: 'Asia/Taipei' }).filter((t) => t.kind === 'birthday');
    const same = planned.filter((t) => birthdays.some((f) => f.leadId === t.leadId));
    expect(same.length).toBeGreaterThan(0);
    for (const t of same) expect(birthdays.map((f) => f.dedupeKey)).toContain(t.dedupeKey);
  });

  it('a robot-call list with intent grades A–F, graded leads prioritised', () => {
    const robot = data.calls.filter((c) => c.channel === 'robot');
    expect(robot.length).toBeGreaterThanOrEqual(20);
    expect(new Set(robot.map((c) => c.intentGrade))).toEqual(new Set(['A', 'B', 'C', 'D', 'E', 'F']));
    const list = data.lists.find((l) => l.kind === 'robot')!;
    expect(robot.every((c) => c.listId === list.id && c.externalKey)).toBe(true);
    const a = data.leads.filter((l) => l.intentGrade === 'A');
    const f = data.leads.filter((l) => l.intentGrade === 'F');
    expect(Math.min(...a.map((l) => l.priority))).toBeGreaterThan(Math.max(...f.map((l) => l.priority)));
  });

  it('two products, targets for every rep, deals with stage history, a demo marker list', () => {
    expect(data.products.map((p) => p.code)).toEqual(['cloudledger-pro', 'cloudledger-payroll']);
    const reps = data.users.filter((u) => u.role === 'rep');
    for (const r of reps) expect(data.targets.filter((t) => t.repId === r.id).length).toBeGreaterThan(0);
    expect(data.deals.length).toBeGreaterThan(0);
    for (const d of data.deals) expect(data.dealStages.filter((s) => s.dealId === d.id).map((s) => s.stage).at(-1)).toBe(d.stage);
    expect(data.lists.filter((l) => l.kind === 'demo')).toHaveLength(1);
  });

  it('dates move with the clock', () => {
    const later = build(2026, NOW + 30 * DAY);
    const at = later.calls.map((c) => c.startedAt);
    expect(Math.min(...at)).toBeGreaterThan(NOW + 30 * DAY - 15 * DAY);
    expect(Math.max(...at)).toBeLessThan(NOW + 30 * DAY);
    expect(later.anchor).toBe(NOW + 30 * DAY);
  });
});
