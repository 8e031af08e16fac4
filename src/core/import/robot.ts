// AI robot-call results: the platforms' wording of results and intent grades (English, 繁體,
// 简体) mapped to repdesk's, the dispositions they become, and when people follow up.
import { TZDate } from '@date-fns/tz';
import { isValid, parse } from 'date-fns';
import { foldFullWidth } from '../phone.js';
import { HOUR, localParts, zonedToUtc } from '../time.js';
import { headerKey } from './mapping.js';

export type RobotResult = 'connected' | 'no_answer' | 'busy' | 'powered_off' | 'invalid_number' | 'rejected';
export const ROBOT_RESULTS: readonly RobotResult[] = ['connected', 'no_answer', 'busy', 'powered_off', 'invalid_number', 'rejected'];

const RESULT_WORDS: Record<RobotResult, string[]> = {
  connected: ['connected', 'answered', 'success', 'ok', '已接通', '接通', '已接聽', '已接听', '接聽', '接听', '成功', '通話', '通话'],
  no_answer: ['no answer', 'noanswer', 'unanswered', 'missed', 'timeout', '未接', '未接聽', '未接听', '無人接聽', '无人接听', '未接通', '無應答', '无应答'],
  busy: ['busy', 'line busy', '忙線', '忙线', '占線', '占线', '用戶忙', '用户忙', '通話中', '通话中'],
  powered_off: ['powered off', 'power off', 'switched off', 'unreachable', '關機', '关机', '無法接通', '无法接通', '不在服務區', '不在服务区'],
  invalid_number: ['invalid', 'invalid number', 'vacant', 'not in service', 'disconnected', '空號', '空号', '停機', '停机', '錯號', '错号', '號碼錯誤', '号码错误'],
  rejected: ['rejected', 'declined', 'refused call', '拒接', '被拒接', '掛斷', '挂断'],
};

const GRADE_WORDS: Record<string, string[]> = {
  A: ['high', 'high intent', 'strong', 'interested', '有意向', '高意向', '意向強', '意向强', '強意向', '强意向', '非常有興趣', '非常有兴趣'],
  B: ['medium', 'medium intent', 'follow up', '中意向', '較有意向', '较有意向', '可跟進', '可跟进', '有興趣', '有兴趣'],
  C: ['normal', 'average', 'neutral', '一般', '待定', '考慮', '考虑', '普通'],
  D: ['low', 'low intent', '低意向', '意向低', '無意向', '无意向', '沒興趣', '没兴趣'],
  F: ['refused', 'refusal', 'reject', 'do not call', 'dnc', 'complaint', '拒絕', '拒绝', '勿擾', '勿扰', '投訴', '投诉', '不要再打', '別再打', '别再打'],
};

/** Grade words that mean the person asked not to be called: a do-not-call request. */
const REFUSAL_WORDS = new Set(GRADE_WORDS.F.map(headerKey));

const indexOf = <K extends string>(table: Record<K, string[]>) => {
  const m = new Map<string, K>();
  for (const [k, words] of Object.entries(table) as [K, string[]][]) for (const w of words) m.set(headerKey(w), k);
  return m;
};
const RESULT_INDEX = indexOf(RESULT_WORDS);
const GRADE_INDEX = indexOf(GRADE_WORDS);

export function mapRobotResult(raw: string): RobotResult | null {
  const k = headerKey(raw);
  if (k === '') return null;
  return RESULT_INDEX.get(k) ?? null;
}

export interface GradeReading {
  grade: string | null;
  refusal: boolean;
}

/** A–F letters (optionally "A級", "A类", "Grade A") or labels such as 有意向 / 一般 / 拒絕. */
export function mapRobotGrade(raw: string): GradeReading {
  const s = foldFullWidth(raw).trim();
  if (s === '') return { grade: null, refusal: false };
  const letter = /^(?:grade\s*|level\s*)?([A-Fa-f])(?:\s*(?:級|级|類|类|等))?$/i.exec(s);
  if (letter) return { grade: letter[1].toUpperCase(), refusal: false };
  const k = headerKey(s);
  const g = GRADE_INDEX.get(k);
  if (g) return { grade: g, refusal: REFUSAL_WORDS.has(k) };
  return { grade: null, refusal: false };
}

/** The disposition code a robot call gets. */
export function robotDisposition(result: RobotResult, refusal: boolean, grade: string | null): string {
  if (refusal) return 'dnc_request';
  switch (result) {
    case 'connected':
      return grade === 'A' || grade === 'B' ? 'interested' : grade === 'D' || grade === 'E' || grade === 'F' ? 'not_interested' : 'hung_up';
    case 'no_answer':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'powered_off':
      return 'no_answer';
    case 'invalid_number':
      return 'invalid_number';
    case 'rejected':
      return 'hung_up';
  }
}

/** Seconds from "95", "95s", "1:35", "01:01:35", "1分35秒", "95秒". Null when unreadable. */
export function parseDuration(raw: string): number | null {
  const s = foldFullWidth(raw).trim().toLowerCase();
  if (s === '') return 0;
  let m = /^(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds|秒)?$/.exec(s);
  if (m) return Math.round(Number(m[1]));
  m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(s);
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(?:(\d+)\s*(?:小時|小时|h))?\s*(?:(\d+)\s*(?:分鐘|分钟|分|m|min))?\s*(?:(\d+)\s*(?:秒|s))?$/.exec(s);
  if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return null;
}

const CALL_TIME_FORMATS = ['yyyy-M-d H:mm:ss', 'yyyy-M-d H:mm', 'yyyy/M/d H:mm:ss', 'yyyy/M/d H:mm', 'yyyy-M-d', 'yyyy/M/d', "yyyy-M-d'T'H:mm:ss", "yyyy-M-d'T'H:mm"];

/**
 * A call time as an instant. Text with an offset or Z is absolute; local text is read in `zone`
 * (the platform's, from --timezone or the configured time zone). Null when unreadable.
 */
export function parseCallTime(raw: string, zone: string): number | null {
  const s = foldFullWidth(raw).trim();
  if (s === '') return null;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  if (/^\d{12,13}$/.test(s)) return Number(s);
  for (const f of CALL_TIME_FORMATS) {
    const d = parse(s, f, new Date(2000, 0, 1));
    if (isValid(d)) {
      return new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), 0, zone).getTime();
    }
  }
  return null;
}

/** Grade A: due `gradeAHours` after the call's import. Grade B: the next business day (Mon–Fri) at `gradeBTime` local. */
export function robotFollowupDue(grade: string | null, now: number, zone: string, gradeAHours: number, gradeBTime: string): number | null {
  if (grade === 'A') return now + gradeAHours * HOUR;
  if (grade !== 'B') return null;
  const [h, m] = gradeBTime.split(':').map(Number);
  const p = localParts(now, zone);
  let day = zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: 12 }, zone);
  for (let i = 0; i < 7; i++) {
    day += 24 * HOUR;
    const q = localParts(day, zone);
    if (q.weekday !== 0 && q.weekday !== 6) return zonedToUtc({ year: q.year, month: q.month, day: q.day, hour: h, minute: m }, zone);
  }
  return null;
}
