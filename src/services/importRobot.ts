// `repdesk import robot FILE`: AI robot-call results become calls (channel 'robot') on the matching
// lead (created when new, as a lead of this list). Grades are set, invalid numbers marked, refusals
// put on the do-not-call list, and grade A/B leads get follow-ups for people. Idempotent by
// (phone, call time); all in one immediate transaction.
import { AppError, stopIfInterrupted } from '../core/errors.js';
import { isValidTimeZone } from '../core/config.js';
import { isValidCountry } from '../core/configValue.js';
import { cleanText } from '../core/import/leadRow.js';
import { buildMapping, hasTarget, mappingRecord, parseMapSpec, ROBOT_ALIASES, ROBOT_FIELDS, uniqueHeaders, type ColumnMapping, type RobotField } from '../core/import/mapping.js';
import { mapRobotGrade, mapRobotResult, parseCallTime, parseDuration, robotDisposition, robotFollowupDue, type RobotResult } from '../core/import/robot.js';
import { requireRole } from '../core/permissions.js';
import { createPhoneNormalizer } from '../core/phone.js';
import { DNC_REASON, type User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { addDnc } from '../db/repos/dnc.js';
import { insertFollowup } from '../db/repos/followups.js';
import { robotStatements } from '../db/repos/importLeads.js';
import { findActiveListBySha, insertList, updateList } from '../db/repos/lists.js';
import { getSetting } from '../db/repos/settings.js';
import { newId } from '../io/ids.js';
import { zoneOfPhone } from '../io/tabular/phoneZone.js';
import { refreshLeadEligibility } from './leadState.js';
import { recordCallViolations } from './violations.js';
import { loadPolicy } from './policy.js';
import { readTabular, type RawRow, type StdinInput } from '../io/tabular/read.js';
import type { RejectedRow } from './importLeads.js';

export interface ImportRobotOptions {
  file: string;
  map?: string;
  country?: string;
  /** Zone of call times written without an offset (default: configured time zone, else UTC). */
  timezone?: string;
  list?: string;
  encoding?: string;
  sheet?: string;
  dryRun?: boolean;
  force?: boolean;
  strict?: boolean;
  stdin?: StdinInput;
  /** Aborted on Ctrl-C: reading stops and nothing is written (once committed, it is done). */
  signal?: AbortSignal;
}

export interface ImportRobotSummary {
  list: string | null;
  list_id: string | null;
  file: string;
  sha256: string;
  encoding: string;
  format: string;
  mapping: Record<string, string>;
  rows: number;
  calls: number;
  already_imported: number;
  leads_created: number;
  grades_set: number;
  followups: number;
  dnc: number;
  invalid_numbers: number;
  powered_off: number;
  /** Calls that broke a calling rule (DNC, window, caps…), recorded in the violation ledger. */
  violations: number;
  rejected: number;
  dry_run: boolean;
  committed: boolean;
  elapsed_ms: number;
  rejects: RejectedRow[];
}

interface RobotRow {
  line: number;
  phone: { e164: string; raw: string; type: string | null; country: string | null };
  name: string;
  at: number;
  duration: number;
  result: RobotResult;
  grade: string | null;
  refusal: boolean;
  hangupBy: string | null;
  rounds: number | null;
  summary: string | null;
  transcript: string | null;
  recording: string | null;
}

export async function importRobot(db: Db, actor: User, opts: ImportRobotOptions, now: number): Promise<ImportRobotSummary> {
  requireRole(actor, 'lead', 'import robot');
  const started = Date.now();
  const country = (opts.country ?? (getSetting(db, 'country') as string | null) ?? 'TW').toUpperCase();
  if (!isValidCountry(country)) throw new AppError('usage', 'config.error.bad_value', { key: '--country', value: country, expected: 'config.expected.country' });
  const zone = opts.timezone ?? (getSetting(db, 'timezone') as string | null) ?? 'UTC';
  if (!isValidTimeZone(zone)) throw new AppError('usage', 'config.error.bad_value', { key: '--timezone', value: zone, expected: 'config.expected.timezone' });
  const gradeAHours = Number(getSetting(db, 'robot.grade_a_hours') ?? 2);
  const gradeBTime = String(getSetting(db, 'robot.grade_b_time') ?? '10:00');
  const normalize = createPhoneNormalizer(country);
  const explicit = opts.map ? parseMapSpec(opts.map, ROBOT_FIELDS) : {};
  let columns: ColumnMapping<RobotField>[] = [];
  let headerCount = 0;
  const raw: RawRow[] = [];
  const res = await readTabular(opts.file, { encoding: opts.encoding, sheet: opts.sheet, stdin: opts.stdin }, {
    header(meta) {
      const { headers } = uniqueHeaders(meta.headers);
      headerCount = headers.length;
      columns = buildMapping(headers, ROBOT_FIELDS, ROBOT_ALIASES, explicit);
      const missing = (['phone', 'call_time'] as const).filter((f) => !hasTarget(columns, f));
      if (missing.length) throw new AppError('invalid_input', 'import.error.robot_columns', { file: meta.file, missing: missing.join(', '), headers: headers.join(', ') });
    },
    rows(batch) {
      stopIfInterrupted(opts.signal, opts.file === '-' ? 'stdin' : opts.file);
      for (const r of batch) raw.push(r);
    },
  });
  const fileLabel = opts.file === '-' ? 'stdin' : opts.file;
  stopIfInterrupted(opts.signal, fileLabel);
  if (raw.length === 0) throw new AppError('invalid_input', 'import.error.no_rows', { file: fileLabel });
  const summary: ImportRobotSummary = {
    list: opts.list ?? `${res.meta.fileName} robot`,
    list_id: null,
    file: fileLabel,
    sha256: res.sha256,
    encoding: res.meta.encoding,
    format: res.meta.format,
    mapping: mappingRecord(columns),
    rows: raw.length,
    calls: 0,
    already_imported: 0,
    leads_created: 0,
    grades_set: 0,
    followups: 0,
    dnc: 0,
    invalid_numbers: 0,
    powered_off: 0,
    violations: 0,
    rejected: 0,
    dry_run: Boolean(opts.dryRun),
    committed: false,
    elapsed_ms: 0,
    rejects: [],
  };
  const idx = (f: RobotField) => columns.find((c) => c.target === f)?.index;
  const get = (cells: string[], f: RobotField) => {
    const i = idx(f);
    return i === undefined ? '' : cleanText(cells[i] ?? '');
  };
  const reject = (line: number, key: string, params: Record<string, string | number>) => {
    summary.rejected++;
    summary.rejects.push({ line, key, params });
  };
  const rows: RobotRow[] = [];
  for (const r of raw) {
    if (r.cells.length !== headerCount) {
      reject(r.line, 'import.reject.ragged', { found: r.cells.length, expected: headerCount });
      continue;
    }
    const phoneRaw = get(r.cells, 'phone');
    const p = normalize(phoneRaw);
    if (!p.ok) {
      reject(r.line, p.reason === 'empty' ? 'import.reject.no_phone' : 'import.reject.bad_phone', { value: phoneRaw, why: p.reason });
      continue;
    }
    const timeRaw = get(r.cells, 'call_time');
    const at = parseCallTime(timeRaw, zone);
    if (at === null) {
      reject(r.line, 'import.reject.bad_call_time', { value: timeRaw });
      continue;
    }
    const durRaw = get(r.cells, 'duration');
    const duration = parseDuration(durRaw);
    if (duration === null) {
      reject(r.line, 'import.reject.bad_duration', { value: durRaw });
      continue;
    }
    const resultRaw = get(r.cells, 'result');
    const result = resultRaw === '' ? (duration > 0 ? 'connected' : 'no_answer') : mapRobotResult(resultRaw);
    if (!result) {
      reject(r.line, 'import.reject.bad_result', { value: resultRaw });
      continue;
    }
    const gradeRaw = get(r.cells, 'grade');
    const g = mapRobotGrade(gradeRaw);
    if (gradeRaw !== '' && !g.grade) {
      reject(r.line, 'import.reject.bad_grade', { value: gradeRaw });
      continue;
    }
    const roundsRaw = get(r.cells, 'rounds');
    rows.push({
      line: r.line,
      phone: { e164: p.e164, raw: phoneRaw, type: p.type, country: p.country },
      name: get(r.cells, 'name'),
      at,
      duration,
      result,
      grade: g.grade,
      refusal: g.refusal,
      hangupBy: get(r.cells, 'hangup_by') || null,
      rounds: /^\d+$/.test(roundsRaw) ? Number(roundsRaw) : null,
      summary: get(r.cells, 'summary') || null,
      transcript: idx('transcript') !== undefined ? (r.cells[idx('transcript')!] ?? '').trim() || null : null,
      recording: get(r.cells, 'recording') || null,
    });
  }
  const strictFail = Boolean(opts.strict) && summary.rejected > 0;
  const listId = newId(now);
  const touched = new Set<string>();
  const written: { id: string; leadId: string; repId: null; startedAt: number }[] = [];
  const Rollback = Symbol('rollback');
  try {
    db.write(() => {
      const earlier = findActiveListBySha(db, 'robot', res.sha256);
      if (earlier && !opts.force) throw new AppError('refused', 'import.error.already_imported', { file: fileLabel, list: earlier.name, at: new Date(earlier.createdAt).toISOString() });
      insertList(db, { id: listId, name: summary.list!, kind: 'robot', fileName: res.meta.fileName, sha256: res.sha256, encoding: res.meta.encoding, format: res.meta.format, mapping: JSON.stringify(summary.mapping), counts: null, source: 'robot', createdBy: actor.id }, now);
      const st = robotStatements(db);
      // Oldest first, so the lead ends with the grade of its latest call.
      for (const r of [...rows].sort((a, b) => a.at - b.at)) {
        let lead = st.findLeadByPhone(r.phone.e164);
        if (!lead) {
          const id = newId(now);
          const tz = zoneOfPhone(r.phone.e164);
          st.insertLead({ id, name: r.name, phone: r.phone.e164, phoneRaw: r.phone.raw, phoneType: r.phone.type, country: r.phone.country, timezone: tz, listId, now });
          summary.leads_created++;
          lead = { id, ownerId: null, timezone: tz, tags: '[]', status: 'new' };
        }
        const externalKey = `${r.phone.e164}@${new Date(r.at).toISOString()}`;
        const callId = newId(now);
        const inserted = st.insertCall({
          id: callId,
          leadId: lead.id,
          startedAt: r.at,
          durationS: r.duration,
          disposition: robotDisposition(r.result, r.refusal, r.grade),
          hungUpBy: r.hangupBy,
          intentGrade: r.grade,
          rounds: r.rounds,
          summary: r.summary,
          notes: r.transcript,
          recordingUrl: r.recording,
          externalKey,
          listId,
          answers: JSON.stringify({ robot_result: r.result }),
          now,
        });
        if (!inserted) {
          summary.already_imported++;
          continue;
        }
        summary.calls++;
        touched.add(lead.id);
        written.push({ id: callId, leadId: lead.id, repId: null, startedAt: r.at });
        const patch: { intentGrade?: string; status?: string; tags?: string } = {};
        if (r.grade) {
          patch.intentGrade = r.grade;
          summary.grades_set++;
        }
        if (r.result === 'invalid_number') {
          patch.status = 'invalid';
          summary.invalid_numbers++;
        }
        if (r.result === 'powered_off') {
          const tags = JSON.parse(lead.tags) as string[];
          if (!tags.includes('powered_off')) patch.tags = JSON.stringify([...tags, 'powered_off']);
          summary.powered_off++;
        }
        st.setLead(lead.id, patch, now);
        if (r.refusal) {
          addDnc(db, { phone: r.phone.e164, reason: DNC_REASON.robotRefusal, source: 'robot', addedBy: actor.username, listId }, now);
          summary.dnc++;
          continue;
        }
        const due = robotFollowupDue(r.grade, now, lead.timezone ?? zone, gradeAHours, gradeBTime);
        if (due !== null) {
          const f = insertFollowup(db, { leadId: lead.id, repId: lead.ownerId, kind: 'robot', dueAt: due, note: r.summary, callId, dedupeKey: `robot:${lead.id}:${r.grade}:${externalKey}`, actorId: actor.id }, now);
          if (f.created) summary.followups++;
        }
      }
      // The calls change when each lead may be called next (retry delays, caps): recompute it.
      const policy = loadPolicy(db);
      // A robot dial is still a call: one made to a DNC number, outside the window or past a cap
      // goes into the violation ledger with the rule it broke (judged as things stood at that time).
      for (const c of written) summary.violations += recordCallViolations(db, c, now, policy).length;
      for (const id of touched) refreshLeadEligibility(db, id, now, policy);
      updateList(db, listId, { counts: JSON.stringify({ rows: summary.rows, calls: summary.calls, already_imported: summary.already_imported, leads_created: summary.leads_created, followups: summary.followups, dnc: summary.dnc, rejected: summary.rejected }) }, now);
      appendAudit(db, { actor: actor.username, action: 'import.robot', entity: 'list', entityId: listId, detail: { file: fileLabel, sha256: res.sha256, calls: summary.calls, rejected: summary.rejected } }, now);
      if (opts.dryRun || strictFail) throw Rollback;
    });
    summary.committed = true;
    summary.list_id = listId;
  } catch (err) {
    if (err !== Rollback) throw err;
    if (strictFail) {
      summary.calls = 0;
      summary.leads_created = 0;
      summary.followups = 0;
      summary.dnc = 0;
    }
  }
  summary.elapsed_ms = Date.now() - started;
  return summary;
}
