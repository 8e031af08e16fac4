// The demo data set: a small sales team with two weeks of realistic history, generated
// deterministically from a seed and "now" (same seed and same now, same data — ids included,
// through the injected id maker). Pure: no I/O, the caller inserts the rows.
import { birthdayCareKey } from './care.js';
import { normalizePhone } from './phone.js';
import { DAY, HOUR, MINUTE, localParts, zonedToUtc } from './time.js';
import { DNC_REASON, type FollowupKind, type Lang, type LeadStatus, type Role } from './types.js';

export const DEMO_SEED = 2026;
export const DEMO_LEADS = 240;

/** Seeded PRNG (mulberry32): small, fast and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Script = 'en' | 'hant' | 'hans';

interface Region {
  country: string;
  zone: string;
  weight: number;
  script: () => Script;
  cities: string[];
  /** A number as people write it locally. */
  phone: (d: (n: number) => string, pick: <T>(xs: readonly T[]) => T) => string;
  /** Who owns leads here: weights for alex, yating, wei. */
  owners: [number, number, number];
}

export interface DemoUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  team: string;
  timezone: string;
  lang: Lang;
}

export interface DemoList {
  id: string;
  name: string;
  kind: 'leads' | 'robot' | 'dnc' | 'demo' | 'manual';
  fileName: string | null;
  source: string | null;
  counts: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface DemoLead {
  id: string;
  name: string;
  phone: string;
  phoneRaw: string;
  phoneType: string | null;
  email: string | null;
  company: string;
  title: string;
  city: string;
  country: string;
  timezone: string;
  birthday: string | null;
  source: string;
  listId: string;
  ownerId: string;
  status: LeadStatus;
  intentGrade: string | null;
  priority: number;
  tags: string;
  custom: string;
  consent: string | null;
  consentAt: number | null;
  dnc: number;
  attemptsTotal: number;
  lastCallAt: number | null;
  lastDisposition: string | null;
  nextEligibleAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface DemoCall {
  id: string;
  leadId: string;
  repId: string | null;
  channel: 'phone' | 'robot';
  /** Which example script the call used ('sales-en' / 'sales-zh-TW'); the service maps it to an id. */
  scriptKey: string | null;
  startedAt: number;
  endedAt: number;
  durationS: number;
  disposition: string;
  notes: string | null;
  answers: string;
  etiquette: string;
  compliance: string;
  hungUpBy: string | null;
  intentGrade: string | null;
  rounds: number | null;
  summary: string | null;
  externalKey: string | null;
  listId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DemoFollowup {
  id: string;
  leadId: string;
  repId: string | null;
  kind: FollowupKind;
  dueAt: number;
  status: 'open' | 'done' | 'cancelled';
  note: string | null;
  callId: string | null;
  dedupeKey: string | null;
  doneAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface DemoFollowupChange {
  id: string;
  followupId: string;
  actorId: string | null;
  action: 'create';
  before: string | null;
  after: string;
  createdAt: number;
  updatedAt: number;
}

export interface DemoDnc {
  id: string;
  phone: string;
  reason: string;
  source: string;
  addedBy: string | null;
  listId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DemoProduct {
  id: string;
  code: string;
  name: string;
  price: number;
  currency: string;
  highlights: string;
  faq: string;
  createdAt: number;
  updatedAt: number;
}

export interface DemoTarget {
  id: string;
  repId: string;
  period: 'day' | 'week' | 'month';
  metric: 'calls' | 'conversations' | 'deals' | 'revenue';
  value: number;
  createdAt: number;
  updatedAt: number;
}

export interface DemoDeal {
  id: string;
  leadId: string;
  repId: string;
  productId: string;
  amount: number;
  currency: string;
  stage: 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost';
  expectedClose: string | null;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface DemoDealStage {
  id: string;
  dealId: string;
  stage: string;
  actorId: string;
  at: number;
  createdAt: number;
  updatedAt: number;
}

export interface DemoData {
  anchor: number;
  users: DemoUser[];
  currentUser: string;
  lists: DemoList[];
  products: DemoProduct[];
  leads: DemoLead[];
  calls: DemoCall[];
  followups: DemoFollowup[];
  /** What `followups history` shows: who created each (open) follow-up, and when. */
  followupHistory: DemoFollowupChange[];
  dnc: DemoDnc[];
  targets: DemoTarget[];
  deals: DemoDeal[];
  dealStages: DemoDealStage[];
}

const HANT_SURNAMES = ['陳', '林', '黃', '張', '李', '王', '吳', '劉', '蔡', '楊', '許', '鄭', '謝', '郭', '洪'];
const HANT_GIVEN = ['志明', '淑芬', '雅婷', '家豪', '怡君', '俊傑', '美玲', '建宏', '宗翰', '佩珊', '冠宇', '欣怡', '承恩', '詩涵', '柏翰', '麗華'];
const HANS_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '胡', '朱'];
const HANS_GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '艳', '勇', '杰', '娟', '涛', '晓明', '秀兰'];
const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Emma', 'Olivia', 'Noah', 'Liam', 'Sophie', 'Oliver', 'Amelia', 'Priya', 'Wei', 'Hannah'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Moore', 'Martin', 'Clark', 'Walker', 'Young', 'King', 'Wright', 'Evans', 'Hughes', 'Patel', 'Nguyen', 'Chen', "O'Brien"];
const HANT_CO = [['晨光', '永豐', '大同', '信義', '合興', '金禾', '新泰', '福星', '青山', '和平'], ['貿易有限公司', '科技股份有限公司', '餐飲有限公司', '設計工作室', '會計師事務所', '國際企業社', '牙醫診所']] as const;
const HANS_CO = [['华信', '鼎盛', '瑞丰', '恒达', '新源', '博远', '嘉禾', '东方'], ['科技有限公司', '贸易有限公司', '餐饮管理有限公司', '文化传媒有限公司', '商贸有限公司']] as const;
const EN_CO = ['& Co.', 'Consulting', 'Bakery', 'Logistics', 'Dental', 'Studio', 'Trading Ltd', 'Plumbing', 'Accounting', 'Florists'];
const TITLES: Record<Script, string[]> = {
  en: ['Owner', 'Finance Manager', 'Office Manager', 'Director', 'Bookkeeper'],
  hant: ['負責人', '財務經理', '行政主管', '總經理', '會計'],
  hans: ['负责人', '财务经理', '行政主管', '总经理', '会计'],
};
const TAGS = ['retail', 'restaurant', 'clinic', 'accounting', 'trading', 'design', 'logistics'];

/** Dispositions of phone calls with their weights; final ones end the lead's attempts. */
const OUTCOMES: [string, number][] = [
  ['no_answer', 30],
  ['busy', 8],
  ['voicemail', 10],
  ['interested', 10],
  ['callback_requested', 13],
  ['not_interested', 11],
  ['already_customer', 2],
  ['wrong_person', 3],
  ['dnc_request', 3],
  ['hung_up', 7],
  ['invalid_number', 3],
];
const FINAL = new Set(['not_interested', 'already_customer', 'wrong_person', 'dnc_request', 'invalid_number']);
const CONNECTED = new Set(['interested', 'callback_requested', 'not_interested', 'already_customer', 'wrong_person', 'dnc_request', 'hung_up']);
const RETRY_MIN: Record<string, number> = { no_answer: 120, busy: 30, voicemail: 1440, hung_up: 1440, callback_requested: 60, interested: 60 };
const STATUS: Record<string, LeadStatus> = {
  no_answer: 'contacted',
  busy: 'contacted',
  voicemail: 'contacted',
  hung_up: 'contacted',
  interested: 'interested',
  callback_requested: 'callback',
  not_interested: 'not_interested',
  already_customer: 'customer',
  wrong_person: 'closed',
  dnc_request: 'closed',
  invalid_number: 'invalid',
};

type NoteLang = 'en' | 'zh-TW' | 'zh-CN';
const NOTES: Record<string, Record<NoteLang, string[]>> = {
  no_answer: { en: ['No answer.', 'Rang out, no voicemail.'], 'zh-TW': ['無人接聽。', '響鈴到底，沒有語音信箱。'], 'zh-CN': ['无人接听。', '一直响铃，没有语音信箱。'] },
  busy: { en: ['Line busy.'], 'zh-TW': ['忙線中。'], 'zh-CN': ['占线。'] },
  voicemail: { en: ['Left a short voicemail with my number.', 'Voicemail: mentioned the free trial, will try again.'], 'zh-TW': ['已留言並留下回電號碼。'], 'zh-CN': ['已留言并留下回电号码。'] },
  hung_up: { en: ['Hung up after the greeting.'], 'zh-TW': ['開場後即掛斷。'], 'zh-CN': ['开场后即挂断。'] },
  interested: {
    en: ['Keen on the month-end reports; wants a quote for 3 users.', 'Currently on spreadsheets, interested in the bank feed. Send the brochure.', 'Asked about migrating from their old software; demo booked.'],
    'zh-TW': ['對月結報表有興趣，想要 3 個帳號的報價。', '目前用 Excel 記帳，對銀行對帳功能有興趣，請寄簡介。', '詢問舊系統資料如何轉移，已約好線上展示。'],
    'zh-CN': ['对月结报表感兴趣，想要 3 个账号的报价。', '目前用 Excel 记账，对银行对账功能感兴趣，请发资料。', '询问旧系统数据如何迁移，已约好线上演示。'],
  },
  callback_requested: {
    en: ['In a meeting — call back tomorrow afternoon.', 'Asked for a call after their accountant has seen the price.', 'Driving; call back later today.'],
    'zh-TW': ['開會中，請明天下午再打。', '要先和會計師討論價格，之後再回電。', '正在開車，今天稍晚再打。'],
    'zh-CN': ['开会中，请明天下午再打。', '要先和会计讨论价格，之后再回电。', '正在开车，今天晚些再打。'],
  },
  not_interested: {
    en: ['Happy with their current accountant.', 'Too small for software, they say. Polite.'],
    'zh-TW': ['目前的會計師很好，沒有需要。', '表示公司規模太小，暫不需要。'],
    'zh-CN': ['目前的会计很好，没有需要。', '表示公司规模太小，暂不需要。'],
  },
  already_customer: { en: ['Already a CloudLedger customer (since last year).'], 'zh-TW': ['已經是我們的客戶（去年開始使用）。'], 'zh-CN': ['已经是我们的客户（去年开始使用）。'] },
  wrong_person: { en: ['Wrong person; number belongs to a private person now.'], 'zh-TW': ['非本人，號碼已換人使用。'], 'zh-CN': ['非本人，号码已换人使用。'] },
  dnc_request: { en: ['Asked not to be called again. Added to DNC.'], 'zh-TW': ['要求不要再來電，已加入勿擾名單。'], 'zh-CN': ['要求不要再来电，已加入勿扰名单。'] },
  invalid_number: { en: ['Number not in service.'], 'zh-TW': ['空號。'], 'zh-CN': ['空号。'] },
};
const ROBOT_SUMMARY: Record<string, Record<NoteLang, string>> = {
  A: { en: 'Asked for pricing and a callback today.', 'zh-TW': '詢問價格並希望今天回電。', 'zh-CN': '询问价格并希望今天回电。' },
  B: { en: 'Interested, wants information by email.', 'zh-TW': '有興趣，希望以電子郵件收到資料。', 'zh-CN': '有兴趣，希望通过邮件收到资料。' },
  C: { en: 'Listened to the whole pitch, undecided.', 'zh-TW': '聽完介紹，尚未決定。', 'zh-CN': '听完介绍，尚未决定。' },
  D: { en: 'Said maybe next quarter.', 'zh-TW': '表示也許下一季再說。', 'zh-CN': '表示也许下个季度再说。' },
  E: { en: 'Not interested.', 'zh-TW': '沒有興趣。', 'zh-CN': '没有兴趣。' },
  F: { en: 'Hung up during the greeting.', 'zh-TW': '開場時即掛斷。', 'zh-CN': '开场时即挂断。' },
};
const GRADE_PRIORITY: Record<string, number> = { A: 90, B: 70, C: 50, D: 30, E: 10, F: 0 };

const REGIONS: Region[] = [
  { country: 'TW', zone: 'Asia/Taipei', weight: 30, script: () => 'hant', cities: ['台北市', '新北市', '台中市', '高雄市', '台南市', '桃園市'], phone: (d) => `09${d(2)}-${d(3)}-${d(3)}`, owners: [0.35, 0.65, 0] },
  { country: 'CN', zone: 'Asia/Shanghai', weight: 22, script: () => 'hans', cities: ['上海', '北京', '深圳', '杭州', '广州', '成都'], phone: (d, pick) => `1${pick(['38', '39', '50', '58', '86', '88'])}-${d(4)}-${d(4)}`, owners: [0.35, 0, 0.65] },
  { country: 'HK', zone: 'Asia/Hong_Kong', weight: 8, script: () => 'hant', cities: ['香港', '九龍', '新界'], phone: (d, pick) => `+852 ${pick(['5', '6', '9'])}${d(3)} ${d(4)}`, owners: [0.4, 0.6, 0] },
  { country: 'SG', zone: 'Asia/Singapore', weight: 6, script: () => 'hans', cities: ['Singapore'], phone: (d, pick) => `+65 ${pick(['8', '9'])}${d(3)} ${d(4)}`, owners: [0.4, 0, 0.6] },
  { country: 'US', zone: 'America/New_York', weight: 9, script: () => 'en', cities: ['New York', 'Boston', 'Philadelphia'], phone: (d, pick) => `(${pick(['212', '646', '617', '215'])}) ${pick(['2', '3', '4', '6', '7', '8'])}${d(2)}-${d(4)}`, owners: [0.8, 0.1, 0.1] },
  { country: 'US', zone: 'America/Chicago', weight: 6, script: () => 'en', cities: ['Chicago', 'Dallas', 'Houston'], phone: (d, pick) => `(${pick(['312', '773', '214', '713'])}) ${pick(['2', '3', '4', '6', '7', '8'])}${d(2)}-${d(4)}`, owners: [0.8, 0.1, 0.1] },
  { country: 'US', zone: 'America/Los_Angeles', weight: 7, script: () => 'en', cities: ['Los Angeles', 'San Francisco', 'Seattle'], phone: (d, pick) => `(${pick(['213', '310', '415', '206'])}) ${pick(['2', '3', '4', '6', '7', '8'])}${d(2)}-${d(4)}`, owners: [0.8, 0.1, 0.1] },
  // Ofcom's ranges reserved for drama (020 7946 0xxx, 0161 496 0xxx…): valid, never anyone's phone.
  { country: 'GB', zone: 'Europe/London', weight: 7, script: () => 'en', cities: ['London', 'Manchester', 'Bristol', 'Leeds'], phone: (d, pick) => `${pick(['020 7946 0', '0161 496 0', '0117 496 0', '0113 496 0'])}${d(3)}`, owners: [0.8, 0.1, 0.1] },
  { country: 'AU', zone: 'Australia/Sydney', weight: 5, script: () => 'en', cities: ['Sydney', 'Newcastle', 'Wollongong'], phone: (d) => `04${d(2)} ${d(3)} ${d(3)}`, owners: [0.8, 0.1, 0.1] },
];

const pad2 = (n: number) => String(n).padStart(2, '0');

export interface DemoOptions {
  seed?: number;
  now: number;
  /** Id maker (a seeded ULID factory in production), called in a fixed order. */
  id: (at: number) => string;
  leads?: number;
}

/** The whole demo data set. Dates are relative to `now` (anchored to the minute, for determinism). */
export function buildDemoData(opts: DemoOptions): DemoData {
  const rng = mulberry32(opts.seed ?? DEMO_SEED);
  const anchor = Math.floor(opts.now / MINUTE) * MINUTE;
  const id = opts.id;
  const rand = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const chance = (p: number) => rng() < p;
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rng() * 10))).join('');
  const weighted = <T>(items: [T, number][]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = rng() * total;
    for (const [v, w] of items) if ((r -= w) < 0) return v;
    return items[items.length - 1][0];
  };
  const setupAt = anchor - 30 * DAY;

  const users: DemoUser[] = [
    { id: id(setupAt), username: 'mei.chen', displayName: '陳美玲', role: 'lead', team: 'Taipei', timezone: 'Asia/Taipei', lang: 'zh-TW' },
    { id: id(setupAt), username: 'alex', displayName: 'Alex Morgan', role: 'rep', team: 'Taipei', timezone: 'Asia/Taipei', lang: 'en' },
    { id: id(setupAt), username: 'yating', displayName: '林雅婷', role: 'rep', team: 'Taipei', timezone: 'Asia/Taipei', lang: 'zh-TW' },
    { id: id(setupAt), username: 'wei', displayName: '张伟', role: 'rep', team: 'Taipei', timezone: 'Asia/Shanghai', lang: 'zh-CN' },
  ];
  const [lead, ...reps] = users;
  // The DNC list records who added a number by username, as `dnc add` does.
  const usernameOf = (userId: string) => users.find((u) => u.id === userId)!.username;

  const mkList = (name: string, kind: DemoList['kind'], fileName: string | null, source: string | null, at: number): DemoList => ({
    id: id(at),
    name,
    kind,
    fileName,
    source,
    counts: '{}',
    createdBy: lead.id,
    createdAt: at,
    updatedAt: at,
  });
  const lists = {
    demo: mkList('repdesk demo', 'demo', null, 'repdesk demo', setupAt),
    expo: mkList('Expo 2026', 'leads', 'expo-2026.csv', 'Expo 2026', anchor - 20 * DAY),
    web: mkList('Website form', 'leads', 'web-leads-nov.xlsx', 'Website form', anchor - 18 * DAY),
    referral: mkList('Referrals', 'manual', null, 'Referral', anchor - 16 * DAY),
    robot: mkList('AI robot campaign — November', 'robot', 'robot-results-nov.csv', 'Robot call', anchor - 6 * DAY),
    dnc: mkList('National DNC registry', 'dnc', 'dnc-registry.csv', 'DNC registry', anchor - 25 * DAY),
  };
  const sources: [DemoList, number][] = [
    [lists.expo, 45],
    [lists.web, 35],
    [lists.referral, 20],
  ];

  const products: DemoProduct[] = [
    {
      id: id(setupAt),
      code: 'cloudledger-pro',
      name: 'CloudLedger Pro',
      price: 1490,
      currency: 'TWD',
      highlights: JSON.stringify(['Bank feeds and automatic reconciliation', 'Month-end reports in one click', 'E-invoices (TW) and fapiao (CN) supported', 'Up to 5 users']),
      faq: JSON.stringify([
        { q: 'Is there a set-up fee?', a: 'No. Monthly plan, cancel any month.' },
        { q: 'Can we import from our old software?', a: 'Yes: Excel, CSV and most accounting packages; our team helps with the first import.' },
      ]),
      createdAt: setupAt,
      updatedAt: setupAt,
    },
    {
      id: id(setupAt),
      code: 'cloudledger-payroll',
      name: 'CloudLedger Payroll',
      price: 690,
      currency: 'TWD',
      highlights: JSON.stringify(['Payslips and labour/health insurance', 'Works with CloudLedger Pro', 'Per company, up to 50 employees']),
      faq: JSON.stringify([{ q: 'Do we need CloudLedger Pro?', a: 'No, Payroll also works on its own.' }]),
      createdAt: setupAt,
      updatedAt: setupAt,
    },
  ];

  // Leads.
  const leads: DemoLead[] = [];
  const usedPhones = new Set<string>();
  const regionWeights: [Region, number][] = REGIONS.map((r) => [r, r.weight]);
  const count = opts.leads ?? DEMO_LEADS;
  // Every region gets leads: the first ones go round the regions, then by weight.
  for (let i = 0; leads.length < count && i < count * 3; i++) {
    const region = i < REGIONS.length ? REGIONS[i] : weighted(regionWeights);
    const script = region.country === 'SG' && chance(0.4) ? 'en' : region.script();
    let e164 = '';
    let raw = '';
    let type: string | null = null;
    for (let tries = 0; tries < 50; tries++) {
      raw = region.phone(digits, pick);
      const n = normalizePhone(raw, region.country);
      if (n.ok && !usedPhones.has(n.e164)) {
        e164 = n.e164;
        type = n.type;
        break;
      }
    }
    if (!e164) continue;
    usedPhones.add(e164);
    let name: string;
    let company: string;
    let email: string | null = null;
    if (script === 'en') {
      const first = pick(EN_FIRST);
      const last = pick(EN_LAST);
      name = `${first} ${last}`;
      company = `${pick(EN_LAST)} ${pick(EN_CO)}`;
      if (chance(0.7)) email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@example.com';
    } else if (script === 'hant') {
      name = pick(HANT_SURNAMES) + pick(HANT_GIVEN);
      company = pick(HANT_CO[0]) + pick(HANT_CO[1]);
      if (chance(0.3)) email = `contact${digits(3)}@example.com.tw`;
    } else {
      name = pick(HANS_SURNAMES) + pick(HANS_GIVEN);
      company = pick(HANS_CO[0]) + pick(HANS_CO[1]);
      if (chance(0.3)) email = `contact${digits(3)}@example.cn`;
    }
    const list = weighted(sources);
    const owner = reps[weighted(region.owners.map((w, k) => [k, w] as [number, number]))];
    const createdAt = list.createdAt + rand(0, 60) * MINUTE;
    let birthday: string | null = null;
    if (chance(0.55)) birthday = `${rand(1958, 1996)}-${pad2(rand(1, 12))}-${pad2(rand(1, 28))}`;
    leads.push({
      id: id(createdAt),
      name,
      phone: e164,
      phoneRaw: raw,
      phoneType: type,
      email,
      company,
      title: pick(TITLES[script]),
      city: pick(region.cities),
      country: region.country,
      timezone: region.zone,
      birthday,
      source: list.source ?? list.name,
      listId: list.id,
      ownerId: owner.id,
      status: 'new',
      intentGrade: null,
      priority: 20 + rand(0, 10),
      tags: JSON.stringify(chance(0.8) ? [pick(TAGS)] : [pick(TAGS), pick(TAGS)].filter((v, k, a) => a.indexOf(v) === k)),
      custom: JSON.stringify(chance(0.5) ? { employees: String(rand(2, 80)) } : {}),
      consent: list === lists.web ? 'web form opt-in' : null,
      consentAt: list === lists.web ? createdAt : null,
      dnc: 0,
      attemptsTotal: 0,
      lastCallAt: null,
      lastDisposition: null,
      nextEligibleAt: 0,
      createdAt,
      updatedAt: createdAt,
    });
  }
  const noteLang = (l: DemoLead): NoteLang => (/[\u4e00-\u9fff]/.test(l.name) ? (l.country === 'CN' || l.country === 'SG' ? 'zh-CN' : 'zh-TW') : 'en');
  const scriptFor = (l: DemoLead) => (noteLang(l) === 'en' ? 'sales-en' : 'sales-zh-TW');

  /** An instant on the lead's local day `daysAgo` days before now, between 09:30 and 19:30 local. */
  const localCallTime = (l: DemoLead, daysAgo: number): number | null => {
    const p = localParts(anchor - daysAgo * DAY, l.timezone);
    const weekday = localParts(zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: 12 }, l.timezone), l.timezone).weekday;
    if (weekday === 0 || weekday === 6) return null;
    const at = zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: rand(9, 18), minute: rand(30, 59) }, l.timezone);
    return at < anchor - 10 * MINUTE ? at : null;
  };

  // Phone call history, two weeks, per lead in time order; final outcomes end the attempts.
  const calls: DemoCall[] = [];
  const followups: DemoFollowup[] = [];
  const dnc: DemoDnc[] = [];
  const lastCall = new Map<string, DemoCall>();
  for (const l of leads) {
    if (!chance(0.62)) continue;
    const attempts = rand(1, 4);
    const days = new Set<number>();
    while (days.size < attempts) days.add(rand(1, 14));
    const lang = noteLang(l);
    for (const daysAgo of [...days].sort((a, b) => b - a)) {
      const at = localCallTime(l, daysAgo);
      if (at === null || at < l.createdAt) continue;
      const disposition = weighted(OUTCOMES);
      const connected = CONNECTED.has(disposition);
      const durationS = connected ? (disposition === 'hung_up' ? rand(5, 20) : rand(60, 420)) : rand(15, 40);
      const call: DemoCall = {
        id: id(at),
        leadId: l.id,
        repId: l.ownerId,
        channel: 'phone',
        scriptKey: scriptFor(l),
        startedAt: at,
        endedAt: at + durationS * 1000,
        durationS,
        disposition,
        notes: pick(NOTES[disposition][lang]),
        answers: disposition === 'interested' ? JSON.stringify({ users: String(rand(1, 5)), software: pick(['Excel', 'paper', 'other software']) }) : '{}',
        etiquette: JSON.stringify(connected && disposition !== 'hung_up' ? ['greeting', 'introduce', 'confirm_identity', 'purpose'] : connected ? ['greeting'] : []),
        compliance: '[]',
        hungUpBy: disposition === 'hung_up' ? 'customer' : null,
        intentGrade: null,
        rounds: null,
        summary: null,
        externalKey: null,
        listId: null,
        createdAt: at + durationS * 1000,
        updatedAt: at + durationS * 1000,
      };
      calls.push(call);
      lastCall.set(l.id, call);
      l.attemptsTotal++;
      l.lastCallAt = at;
      l.lastDisposition = disposition;
      l.status = STATUS[disposition];
      l.nextEligibleAt = at + (RETRY_MIN[disposition] ?? 0) * MINUTE;
      l.updatedAt = call.updatedAt;
      if (disposition === 'dnc_request') {
        l.dnc = 1;
        dnc.push({ id: id(at), phone: l.phone, reason: DNC_REASON.callRequest, source: 'call', addedBy: usernameOf(l.ownerId), listId: null, createdAt: call.endedAt, updatedAt: call.endedAt });
      }
      if (FINAL.has(disposition)) break;
    }
  }

  // Robot-call results for some untouched leads: intent grades A–F, grade A wants a call soon.
  const untouched = leads.filter((l) => l.attemptsTotal === 0 && l.dnc === 0);
  const robotLeads = untouched.filter(() => chance(0.45)).slice(0, 45);
  for (const l of robotLeads) {
    const grade = weighted<string>([
      ['A', 12],
      ['B', 18],
      ['C', 25],
      ['D', 20],
      ['E', 15],
      ['F', 10],
    ]);
    const at = grade === 'A' ? anchor - rand(20, 150) * MINUTE : anchor - rand(2, 5) * DAY - rand(0, 8) * HOUR;
    const answered = grade !== 'F' || chance(0.5);
    const durationS = answered ? rand(30, 180) : rand(3, 10);
    const lang = noteLang(l);
    const call: DemoCall = {
      id: id(at),
      leadId: l.id,
      repId: null,
      channel: 'robot',
      scriptKey: null,
      startedAt: at,
      endedAt: at + durationS * 1000,
      durationS,
      disposition: grade === 'F' ? 'hung_up' : grade === 'E' ? 'not_interested' : grade <= 'B' ? 'interested' : 'callback_requested',
      notes: null,
      answers: '{}',
      etiquette: '[]',
      compliance: '[]',
      hungUpBy: grade === 'F' ? 'customer' : 'robot',
      intentGrade: grade,
      rounds: grade === 'F' ? 1 : rand(2, 9),
      summary: ROBOT_SUMMARY[grade][lang],
      externalKey: `robot:${l.phone}:${at}`,
      listId: lists.robot.id,
      createdAt: at + durationS * 1000,
      updatedAt: at + durationS * 1000,
    };
    calls.push(call);
    l.intentGrade = grade;
    l.priority = GRADE_PRIORITY[grade] + rand(0, 9);
    l.status = grade === 'E' ? 'not_interested' : 'new';
    l.updatedAt = call.updatedAt;
    if (grade === 'A') {
      followups.push({
        id: id(call.endedAt),
        leadId: l.id,
        repId: l.ownerId,
        kind: 'robot',
        dueAt: at + 2 * HOUR,
        status: 'open',
        note: call.summary,
        callId: call.id,
        dedupeKey: `robot:${call.id}`,
        doneAt: null,
        createdAt: call.endedAt,
        updatedAt: call.endedAt,
      });
    }
  }

  // Follow-ups from the last call: callbacks (overdue, due today, later) and check-ins for customers.
  for (const l of leads) {
    const c = lastCall.get(l.id);
    if (!c) continue;
    if (c.disposition === 'callback_requested' || c.disposition === 'interested') {
      const p = localParts(anchor, l.timezone);
      // Leads inside their calling hours right now get more overdue callbacks, so the queue shows some.
      const openNow = p.hour >= 9 && p.hour < 19;
      const when = weighted<'overdue' | 'today' | 'later'>([
        ['overdue', openNow ? 55 : 20],
        ['today', openNow ? 30 : 40],
        ['later', openNow ? 15 : 40],
      ]);
      const todayAt = (h: number) => zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: h, minute: pick([0, 15, 30, 45]) }, l.timezone);
      const dueAt =
        when === 'overdue' ? Math.max(c.endedAt + HOUR, anchor - rand(2, 40) * HOUR) : when === 'today' ? Math.max(anchor + 15 * MINUTE, todayAt(rand(10, 18))) : anchor + rand(1, 5) * DAY + rand(0, 6) * HOUR;
      followups.push({
        id: id(c.endedAt),
        leadId: l.id,
        repId: l.ownerId,
        kind: 'callback',
        dueAt,
        status: 'open',
        note: c.notes,
        callId: c.id,
        dedupeKey: null,
        doneAt: null,
        createdAt: c.endedAt,
        updatedAt: c.endedAt,
      });
      l.priority = Math.max(l.priority, c.disposition === 'interested' ? 75 : 60);
    } else if (c.disposition === 'already_customer') {
      followups.push({
        id: id(c.endedAt),
        leadId: l.id,
        repId: l.ownerId,
        kind: 'checkin',
        dueAt: anchor + rand(2, 20) * DAY,
        status: 'open',
        note: null,
        callId: c.id,
        dedupeKey: `checkin:${l.id}`,
        doneAt: null,
        createdAt: c.endedAt,
        updatedAt: c.endedAt,
      });
    }
  }
  // A few birthdays this week, for the care follow-ups.
  const withBirthday = leads.filter((l) => l.birthday && l.dnc === 0 && (l.status === 'interested' || l.status === 'customer' || l.status === 'callback'));
  for (const l of withBirthday.slice(0, 4)) {
    const due = anchor + rand(0, 6) * DAY;
    const p = localParts(due, l.timezone);
    l.birthday = `${l.birthday!.slice(0, 4)}-${pad2(p.month)}-${pad2(p.day)}`;
    const at = zonedToUtc({ year: p.year, month: p.month, day: p.day, hour: 10 }, l.timezone);
    followups.push({
      id: id(anchor),
      leadId: l.id,
      repId: l.ownerId,
      kind: 'birthday',
      dueAt: at,
      status: 'open',
      note: null,
      callId: null,
      dedupeKey: birthdayCareKey(l.id, p.year),
      doneAt: null,
      createdAt: anchor - DAY,
      updatedAt: anchor - DAY,
    });
  }

  // Numbers from the national DNC registry: some are leads' numbers (flagged), some are not.
  const fresh = leads.filter((l) => l.attemptsTotal === 0 && l.intentGrade === null && l.dnc === 0);
  for (const l of fresh.slice(0, 3)) {
    l.dnc = 1;
    dnc.push({ id: id(lists.dnc.createdAt), phone: l.phone, reason: 'national registry', source: 'DNC registry', addedBy: lead.username, listId: lists.dnc.id, createdAt: lists.dnc.createdAt, updatedAt: lists.dnc.createdAt });
  }
  for (let k = 0; k < 5; k++) {
    const region = REGIONS[k % REGIONS.length];
    const n = normalizePhone(region.phone(digits, pick), region.country);
    if (n.ok && !usedPhones.has(n.e164)) {
      usedPhones.add(n.e164);
      dnc.push({ id: id(lists.dnc.createdAt), phone: n.e164, reason: 'national registry', source: 'DNC registry', addedBy: lead.username, listId: lists.dnc.id, createdAt: lists.dnc.createdAt, updatedAt: lists.dnc.createdAt });
    }
  }

  // Deals: interested leads have open ones, customers won ones, with their stage history.
  const deals: DemoDeal[] = [];
  const dealStages: DemoDealStage[] = [];
  for (const l of leads) {
    const c = lastCall.get(l.id);
    if (!c || (c.disposition !== 'interested' && c.disposition !== 'already_customer')) continue;
    const product = chance(0.75) ? products[0] : products[1];
    const won = c.disposition === 'already_customer';
    const path: DemoDeal['stage'][] = won ? ['new', 'qualified', 'proposal', 'won'] : ['new', 'qualified', 'proposal', 'negotiation'].slice(0, rand(2, 4)) as DemoDeal['stage'][];
    const start = c.endedAt;
    const deal: DemoDeal = {
      id: id(start),
      leadId: l.id,
      repId: l.ownerId,
      productId: product.id,
      amount: product.price * 12 * rand(1, 3),
      currency: product.currency,
      stage: path[path.length - 1],
      expectedClose: won ? null : new Date(anchor + rand(7, 40) * DAY).toISOString().slice(0, 10),
      closedAt: won ? start : null,
      createdAt: start,
      updatedAt: start,
    };
    deals.push(deal);
    path.forEach((stage, k) => {
      const at = Math.min(anchor - MINUTE, start + k * rand(1, 20) * HOUR);
      dealStages.push({ id: id(at), dealId: deal.id, stage, actorId: l.ownerId, at, createdAt: at, updatedAt: at });
    });
  }

  const targets: DemoTarget[] = [];
  for (const r of reps) {
    const t = (period: DemoTarget['period'], metric: DemoTarget['metric'], value: number) => targets.push({ id: id(setupAt), repId: r.id, period, metric, value, createdAt: setupAt, updatedAt: setupAt });
    t('day', 'calls', 40);
    t('day', 'conversations', 12);
    t('week', 'deals', 3);
    t('month', 'revenue', 150000);
  }

  const allLists = Object.values(lists);
  const countOf = (listId: string) => leads.filter((l) => l.listId === listId).length;
  for (const li of allLists) {
    if (li.kind === 'leads' || li.kind === 'manual') li.counts = JSON.stringify({ inserted: countOf(li.id) });
    if (li.kind === 'robot') li.counts = JSON.stringify({ calls: robotLeads.length });
    if (li.kind === 'dnc') li.counts = JSON.stringify({ numbers: dnc.filter((d) => d.listId === li.id).length });
  }

  // Made last, so the ids above stay what they were. A rep sets their own callbacks; robot results
  // and care greetings come from the team lead's imports and plans.
  const followupHistory: DemoFollowupChange[] = [];
  for (const f of followups) {
    const creator = f.kind === 'callback' ? f.repId : lead.id;
    followupHistory.push({ id: id(f.createdAt), followupId: f.id, actorId: creator, action: 'create', before: null, after: JSON.stringify({ dueAt: f.dueAt, kind: f.kind, note: f.note }), createdAt: f.createdAt, updatedAt: f.createdAt });
  }

  return { anchor, users, currentUser: 'alex', lists: allLists, products, leads, calls, followups, followupHistory, dnc, targets, deals, dealStages };
}
