// Customer care plan: birthday greetings, holiday greetings (lunar festivals included) and
// check-ins for customers not contacted for a while, as follow-up tasks with stable dedupe keys so
// planning twice creates nothing new.
import { greetingDays, isHoliday } from './holidays.js';
import { addDays, DAY, isValidDate, localDate, zonedToUtc } from './time.js';

export interface CareLead {
  id: string;
  name: string;
  ownerId: string | null;
  status: string;
  country: string | null;
  timezone: string | null;
  /** 'YYYY-MM-DD' (or '--MM-DD' / 'MM-DD' without a year). */
  birthday: string | null;
  lastCallAt: number | null;
  createdAt: number;
}

export type CareKind = 'birthday' | 'holiday' | 'checkin';

export interface CareTask {
  leadId: string;
  leadName: string;
  repId: string | null;
  kind: CareKind;
  dueAt: number;
  /** The local day the task is for, in the lead's zone. */
  date: string;
  dedupeKey: string;
  /** holiday key (spring_festival…), or days since last contact for a check-in. */
  detail: string;
}

export interface CarePlanOptions {
  now: number;
  /** How many days ahead to plan, today included. */
  days: number;
  /** Customers not contacted for this many days get a check-in. */
  checkinDays: number;
  /** Zone for leads without one (the planner's). */
  defaultZone: string;
  /** Local time the greeting is due, 'HH:MM' (default 10:00). */
  at?: string;
}

/** Lead statuses that receive greetings; check-ins go to customers only. */
export const GREETING_STATUSES: readonly string[] = ['customer', 'interested'];

/** The month-day of a birthday ('1980-02-29', '--02-29', '02-29'), or undefined when unreadable. */
export function birthdayMonthDay(birthday: string | null): { month: number; day: number } | undefined {
  if (!birthday) return undefined;
  const m = /^(?:\d{4}-|--)?(\d{2})-(\d{2})$/.exec(birthday.trim());
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (!isValidDate(`2000-${m[1]}-${m[2]}`)) return undefined;
  return { month, day };
}

/** The date a birthday is celebrated in `year`: 29 February falls on 28 February in common years. */
export function birthdayIn(year: number, md: { month: number; day: number }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${year}-${pad(md.month)}-${pad(md.day)}`;
  if (md.month === 2 && md.day === 29 && !isValidDate(date)) return `${year}-02-28`;
  return date;
}

function dueOn(date: string, at: string, zone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = at.split(':').map(Number);
  return zonedToUtc({ year, month, day, hour, minute }, zone);
}

/** The key that makes a lead's birthday greeting of one year a single follow-up, whoever plans it. */
export function birthdayCareKey(leadId: string, year: number): string {
  return `care:birthday:${leadId}:${year}`;
}

/** Greetings go out on the last working day before the holiday, so they arrive in time and not on a day off. */
export function greetingDate(country: string, holidayDate: string): string {
  let d = addDays(holidayDate, -1);
  for (let i = 0; i < 10 && isHoliday(country, d); i++) d = addDays(d, -1);
  return d;
}

export function planCare(leads: readonly CareLead[], opts: CarePlanOptions): CareTask[] {
  const at = opts.at ?? '10:00';
  const tasks: CareTask[] = [];
  for (const lead of leads) {
    const zone = lead.timezone ?? opts.defaultZone;
    const today = localDate(opts.now, zone);
    const last = addDays(today, opts.days - 1);
    const push = (kind: CareKind, date: string, dedupeKey: string, detail: string) => {
      let dueAt = dueOn(date, at, zone);
      if (dueAt < opts.now) {
        // Today's task whose hour has passed is still due today, right away (on the minute).
        if (date !== today) return;
        dueAt = Math.floor(opts.now / 60_000) * 60_000;
      }
      tasks.push({ leadId: lead.id, leadName: lead.name, repId: lead.ownerId, kind, dueAt, date, dedupeKey, detail });
    };

    if (GREETING_STATUSES.includes(lead.status)) {
      const md = birthdayMonthDay(lead.birthday);
      if (md) {
        for (const year of new Set([Number(today.slice(0, 4)), Number(last.slice(0, 4))])) {
          const date = birthdayIn(year, md);
          if (date >= today && date <= last) push('birthday', date, birthdayCareKey(lead.id, year), date);
        }
      }
      if (lead.country) {
        // Holidays up to a few days past the window: their greeting day may fall inside it.
        for (const h of greetingDays(lead.country, today, addDays(last, 10))) {
          const date = greetingDate(lead.country, h.date);
          if (date >= today && date <= last) push('holiday', date, `care:holiday:${lead.id}:${h.key}:${h.date}`, h.key);
        }
      }
    }

    if (lead.status === 'customer') {
      const since = lead.lastCallAt ?? lead.createdAt;
      const quietDays = Math.floor((opts.now - since) / DAY);
      if (quietDays >= opts.checkinDays) {
        push('checkin', today, `care:checkin:${lead.id}:${lead.lastCallAt ?? 'never'}`, String(quietDays));
      }
    }
  }
  return tasks.sort((a, b) => a.dueAt - b.dueAt || a.leadId.localeCompare(b.leadId));
}
