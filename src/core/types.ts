// Domain types shared by core, repositories and services (SPEC.md "Domain vocabulary").

export type Role = 'rep' | 'lead' | 'admin';
export const ROLES: readonly Role[] = ['rep', 'lead', 'admin'];

export type Lang = 'en' | 'zh-TW' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-TW', 'zh-CN'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  team: string | null;
  timezone: string | null;
  lang: Lang | null;
  createdAt: number;
  updatedAt: number;
}

export type LeadStatus =
  | 'new'
  | 'contacted'
  | 'callback'
  | 'interested'
  | 'customer'
  | 'not_interested'
  | 'invalid'
  | 'closed';

export interface Lead {
  id: string;
  name: string;
  phone: string | null;
  phoneRaw: string | null;
  phoneExt: string | null;
  phoneType: string | null;
  email: string | null;
  company: string | null;
  title: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  birthday: string | null;
  source: string | null;
  listId: string | null;
  ownerId: string | null;
  status: LeadStatus;
  intentGrade: string | null;
  priority: number;
  tags: string[];
  custom: Record<string, string>;
  notes: string | null;
  consent: string | null;
  consentAt: number | null;
  dnc: boolean;
  attemptsTotal: number;
  lastCallAt: number | null;
  lastDisposition: string | null;
  nextEligibleAt: number;
  claimedBy: string | null;
  claimedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Disposition {
  code: string;
  labels: Record<Lang, string>;
  hotkey: string | null;
  connected: boolean;
  final: boolean;
  retryAfterMin: number | null;
  conversation: boolean;
  requiresFollowup: boolean;
  addsDnc: boolean;
  sort: number;
}

export interface Call {
  id: string;
  leadId: string;
  repId: string | null;
  channel: 'phone' | 'robot';
  scriptId: string | null;
  scriptVersion: number | null;
  startedAt: number;
  endedAt: number | null;
  durationS: number;
  disposition: string | null;
  notes: string | null;
  answers: Record<string, string>;
  etiquette: string[];
  compliance: string[];
  hungUpBy: string | null;
  intentGrade: string | null;
  summary: string | null;
}

export type FollowupKind = 'callback' | 'care' | 'birthday' | 'holiday' | 'checkin' | 'survey' | 'service' | 'robot';
export type FollowupStatus = 'open' | 'done' | 'cancelled';

export interface Followup {
  id: string;
  leadId: string;
  repId: string | null;
  kind: FollowupKind;
  dueAt: number;
  status: FollowupStatus;
  note: string | null;
  callId: string | null;
  dedupeKey: string | null;
  doneAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface DncEntry {
  id: string;
  phone: string;
  reason: string | null;
  source: string | null;
  addedBy: string | null;
  createdAt: number;
}

export type Severity = 'low' | 'medium' | 'high';

export interface Violation {
  id: string;
  rule: string;
  severity: Severity;
  leadId: string | null;
  callId: string | null;
  repId: string | null;
  detail: Record<string, unknown>;
  occurredAt: number;
}

export interface AuditEntry {
  id: string;
  actor: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: Record<string, unknown>;
  at: number;
}

/** The do-not-call reasons repdesk writes itself: stable words in the database and --json, shown translated. */
export const DNC_REASON = { callRequest: 'customer request on call', robotRefusal: 'robot: refusal' } as const;
