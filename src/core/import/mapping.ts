// Column mapping for imports: which column of the file feeds which field. Automatic for common
// English and Chinese headers (繁體 and 简体), overridable with --map "Header=field,…", reusable as a
// named mapping. Unknown columns are kept as custom fields; duplicate header names are numbered.
import { AppError } from '../errors.js';
import { foldFullWidth } from '../phone.js';

export const LEAD_FIELDS = [
  'name',
  'phone',
  'alt_phone',
  'email',
  'company',
  'title',
  'city',
  'region',
  'country',
  'timezone',
  'birthday',
  'tags',
  'notes',
  'owner',
  'source',
  'grade',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const ROBOT_FIELDS = ['phone', 'name', 'call_time', 'duration', 'result', 'hangup_by', 'grade', 'rounds', 'summary', 'transcript', 'recording'] as const;
export type RobotField = (typeof ROBOT_FIELDS)[number];

export const DNC_FIELDS = ['phone', 'reason', 'source', 'date'] as const;
export type DncField = (typeof DNC_FIELDS)[number];

/** Special targets: keep as a custom field under its header, or drop the column. */
export type Target<F extends string> = F | 'custom' | 'ignore';

export const LEAD_ALIASES: Record<LeadField, string[]> = {
  name: ['name', 'full name', 'contact', 'contact name', 'customer', 'customer name', 'client', '姓名', '名字', '客戶名稱', '客户名称', '客戶姓名', '客户姓名', '客戶', '客户', '聯絡人', '联系人', '聯繫人', '姓名稱謂'],
  phone: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'tel', 'telephone', 'number', '電話', '电话', '手機', '手机', '手機號碼', '手机号码', '手機號', '手机号', '電話號碼', '电话号码', '聯絡電話', '联络电话', '聯繫電話', '联系电话', '行動電話', '移動電話', '移动电话', '號碼', '号码', '連絡電話'],
  alt_phone: ['alt phone', 'alternate phone', 'other phone', 'phone 2', 'phone2', 'second phone', 'home phone', 'work phone', 'office phone', '備用電話', '备用电话', '其他電話', '其他电话', '市話', '市话', '座機', '座机', '公司電話', '公司电话', '家用電話', '家庭电话'],
  email: ['email', 'e-mail', 'email address', 'mail', '電子郵件', '电子邮件', '電子信箱', '电子信箱', '郵件', '邮件', '郵箱', '邮箱', '電郵', '电邮', '信箱'],
  company: ['company', 'company name', 'organization', 'organisation', 'account', 'business', '公司', '公司名稱', '公司名称', '單位', '单位', '企業', '企业', '企業名稱', '企业名称'],
  title: ['title', 'job title', 'position', 'role', '職稱', '职称', '職位', '职位', '頭銜', '头衔', '職務', '职务'],
  city: ['city', 'town', '城市', '縣市', '县市', '市'],
  region: ['region', 'state', 'province', 'county', 'area', '地區', '地区', '省', '省份', '州', '區域', '区域'],
  country: ['country', 'country code', '國家', '国家', '國別', '国别'],
  timezone: ['timezone', 'time zone', 'tz', '時區', '时区'],
  birthday: ['birthday', 'birth date', 'birthdate', 'date of birth', 'dob', '生日', '出生日期', '出生年月日'],
  tags: ['tags', 'tag', 'labels', 'label', '標籤', '标签'],
  notes: ['notes', 'note', 'remarks', 'remark', 'comment', 'comments', 'memo', '備註', '备注', '說明', '说明', '附註', '附注'],
  owner: ['owner', 'rep', 'sales rep', 'assigned to', 'assignee', 'agent', '負責人', '负责人', '業務', '业务', '業務員', '业务员', '專員', '专员'],
  source: ['source', 'lead source', 'channel', '來源', '来源', '渠道', '管道'],
  grade: ['grade', 'intent', 'intent grade', 'rating', '意向', '意向等級', '意向等级', '等級', '等级', '客戶等級', '客户等级'],
};

export const ROBOT_ALIASES: Record<RobotField, string[]> = {
  phone: [...LEAD_ALIASES.phone, 'callee', 'called number', '被叫號碼', '被叫号码', '客戶號碼', '客户号码'],
  name: LEAD_ALIASES.name,
  call_time: ['call time', 'called at', 'start time', 'time', 'date', 'datetime', '呼叫時間', '呼叫时间', '通話時間', '通话时间', '撥打時間', '拨打时间', '外呼時間', '外呼时间', '開始時間', '开始时间'],
  duration: ['duration', 'call duration', 'talk time', 'seconds', '通話時長', '通话时长', '時長', '时长', '通話秒數', '通话秒数'],
  result: ['result', 'call result', 'status', 'call status', 'outcome', '呼叫結果', '呼叫结果', '通話狀態', '通话状态', '外呼結果', '外呼结果', '接通狀態', '接通状态', '結果', '结果'],
  hangup_by: ['hangup by', 'hung up by', 'hangup', 'hangup side', '掛斷方', '挂断方', '掛機方', '挂机方'],
  grade: [...LEAD_ALIASES.grade, 'intent level', '意向標籤', '意向标签', '客戶意向', '客户意向'],
  rounds: ['rounds', 'dialogue rounds', 'turns', '對話輪次', '对话轮次', '交互輪次', '交互轮次', '輪次', '轮次'],
  summary: ['summary', 'call summary', '摘要', '通話摘要', '通话摘要', '對話摘要', '对话摘要'],
  transcript: ['transcript', 'dialogue', 'conversation', '對話內容', '对话内容', '通話記錄', '通话记录', '對話記錄', '对话记录'],
  recording: ['recording', 'recording url', 'recording link', 'audio', '錄音', '录音', '錄音連結', '录音链接', '錄音地址', '录音地址'],
};

export const DNC_ALIASES: Record<DncField, string[]> = {
  phone: LEAD_ALIASES.phone,
  reason: ['reason', 'why', '原因', '理由', ...LEAD_ALIASES.notes],
  source: LEAD_ALIASES.source,
  date: ['date', 'added', 'added at', 'created', '日期', '加入日期', '時間', '时间'],
};

/** Fold a header for matching: full-width → ASCII, lower case, separators and spaces removed. */
export function headerKey(h: string): string {
  return foldFullWidth(h)
    .toLowerCase()
    .replace(/[\s_\-.:：()（）#*]/g, '');
}

export interface ColumnMapping<F extends string> {
  /** Header text as it appears in the file (duplicates numbered: "電話 (2)"). */
  header: string;
  index: number;
  target: Target<F>;
  /** How the target was chosen. */
  via: 'auto' | 'map' | 'saved' | 'custom';
}

/** Parse --map "聯絡電話=phone,Full Name=name" into header → target. */
export function parseMapSpec<F extends string>(spec: string, fields: readonly F[]): Record<string, Target<F>> {
  const out: Record<string, Target<F>> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new AppError('usage', 'import.error.map_syntax', { part: part.trim(), fields: fields.join(', ') });
    const header = part.slice(0, eq).trim();
    const target = part.slice(eq + 1).trim().toLowerCase();
    if (target !== 'custom' && target !== 'ignore' && !(fields as readonly string[]).includes(target)) {
      throw new AppError('usage', 'import.error.map_field', { field: target, header, fields: [...fields, 'custom', 'ignore'].join(', ') });
    }
    out[header] = target as Target<F>;
  }
  return out;
}

/** Number duplicate headers ("電話", "電話 (2)") and name empty ones ("column 3"). */
export function uniqueHeaders(headers: string[]): { headers: string[]; duplicates: string[] } {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  const out = headers.map((raw, i) => {
    const h = raw.trim() === '' ? `column ${i + 1}` : raw.trim();
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    if (n > 1) {
      if (!duplicates.includes(h)) duplicates.push(h);
      return `${h} (${n})`;
    }
    return h;
  });
  return { headers: out, duplicates };
}

/**
 * Choose a target for every column: --map first, then a saved mapping, then the aliases.
 * A second column for an already-taken field becomes custom, except a second phone column,
 * which becomes the alternative phone when the field set has one.
 */
export function buildMapping<F extends string>(
  headers: string[],
  fields: readonly F[],
  aliases: Record<F, string[]>,
  explicit: Record<string, Target<F>> = {},
  saved: Record<string, Target<F>> = {},
): ColumnMapping<F>[] {
  const aliasIndex = new Map<string, F>();
  for (const f of fields) for (const a of aliases[f] ?? []) if (!aliasIndex.has(headerKey(a))) aliasIndex.set(headerKey(a), f);
  const taken = new Set<string>();
  const explicitByKey = new Map(Object.entries(explicit).map(([h, t]) => [headerKey(h), t]));
  const savedByKey = new Map(Object.entries(saved).map(([h, t]) => [headerKey(h), t]));
  const out: ColumnMapping<F>[] = headers.map((header, index) => {
    const key = headerKey(header);
    const ex = explicit[header] ?? explicitByKey.get(key);
    if (ex) {
      if (ex !== 'custom' && ex !== 'ignore') taken.add(ex);
      return { header, index, target: ex, via: 'map' as const };
    }
    return { header, index, target: 'custom' as Target<F>, via: 'custom' as const };
  });
  for (const col of out) {
    if (col.via !== 'custom') continue;
    const key = headerKey(col.header);
    const sv = savedByKey.get(key);
    let target: Target<F> | undefined = sv;
    let via: ColumnMapping<F>['via'] = 'saved';
    if (!target) {
      // "電話 (2)" matches the aliases of "電話".
      target = aliasIndex.get(key) ?? aliasIndex.get(headerKey(col.header.replace(/\s*\(\d+\)$/, '')));
      via = 'auto';
    }
    if (!target) continue;
    if (target !== 'custom' && target !== 'ignore' && taken.has(target)) {
      if (target === 'phone' && (fields as readonly string[]).includes('alt_phone')) target = 'alt_phone' as F;
      else continue;
    }
    if (target !== 'custom' && target !== 'ignore' && target !== ('alt_phone' as F)) taken.add(target);
    col.target = target;
    col.via = via;
  }
  return out;
}

/** The mapping as stored in lists.mapping and import_mappings: header → target. */
export function mappingRecord<F extends string>(cols: ColumnMapping<F>[]): Record<string, Target<F>> {
  return Object.fromEntries(cols.map((c) => [c.header, c.target]));
}

export function hasTarget<F extends string>(cols: ColumnMapping<F>[], target: F): boolean {
  return cols.some((c) => c.target === target);
}
