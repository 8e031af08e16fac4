import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from '../../src/core/import/dates.js';
import { planDuplicate, type StoredLeadFields } from '../../src/core/import/duplicates.js';
import { cleanText, isFormulaLike, normalizeLeadRow, splitTags, type RowContext } from '../../src/core/import/leadRow.js';
import { buildMapping, headerKey, LEAD_ALIASES, LEAD_FIELDS, mappingRecord, parseMapSpec, uniqueHeaders } from '../../src/core/import/mapping.js';
import { mapRobotGrade, mapRobotResult, parseCallTime, parseDuration, robotDisposition, robotFollowupDue } from '../../src/core/import/robot.js';
import { createPhoneNormalizer } from '../../src/core/phone.js';

describe('header mapping', () => {
  const auto = (headers: string[]) => mappingRecord(buildMapping(headers, LEAD_FIELDS, LEAD_ALIASES));

  it('maps common English, 繁體 and 简体 headers', () => {
    expect(auto(['Name', 'Mobile', 'E-mail', 'Company', 'Job Title', 'City', 'Country', 'Time Zone', 'Birthday', 'Tags', 'Notes', 'Owner'])).toEqual({
      Name: 'name', Mobile: 'phone', 'E-mail': 'email', Company: 'company', 'Job Title': 'title', City: 'city', Country: 'country', 'Time Zone': 'timezone', Birthday: 'birthday', Tags: 'tags', Notes: 'notes', Owner: 'owner',
    });
    expect(auto(['客戶名稱', '手機', '電子郵件', '公司', '職稱', '城市', '國家', '生日', '標籤', '備註', '負責人'])).toEqual({
      客戶名稱: 'name', 手機: 'phone', 電子郵件: 'email', 公司: 'company', 職稱: 'title', 城市: 'city', 國家: 'country', 生日: 'birthday', 標籤: 'tags', 備註: 'notes', 負責人: 'owner',
    });
    expect(auto(['客户名称', '联系电话', '邮箱', '职位', '标签', '备注'])).toEqual({ 客户名称: 'name', 联系电话: 'phone', 邮箱: 'email', 职位: 'title', 标签: 'tags', 备注: 'notes' });
  });

  it('ignores case, spaces, underscores and full-width forms in headers', () => {
    expect(headerKey('ＰＨＯＮＥ_Number')).toBe('phonenumber');
    expect(auto(uniqueHeaders(['  phone number ', 'FULL_NAME']).headers)).toEqual({ 'phone number': 'phone', FULL_NAME: 'name' });
  });

  it('keeps unknown columns as custom fields and a second phone column as the alternative phone', () => {
    expect(auto(['電話', '電話 (2)', '預算', '姓名'])).toEqual({ 電話: 'phone', '電話 (2)': 'alt_phone', 預算: 'custom', 姓名: 'name' });
    expect(auto(['Name', 'Full Name'])).toEqual({ Name: 'name', 'Full Name': 'custom' });
  });

  it('--map overrides the aliases and a saved mapping; unknown fields and bad syntax are usage errors', () => {
    const explicit = parseMapSpec('聯絡方式=phone, Full Name=name,Junk=ignore', LEAD_FIELDS);
    const cols = buildMapping(['聯絡方式', 'Full Name', 'Junk', 'Phone'], LEAD_FIELDS, LEAD_ALIASES, explicit, { Phone: 'notes' });
    expect(mappingRecord(cols)).toEqual({ 聯絡方式: 'phone', 'Full Name': 'name', Junk: 'ignore', Phone: 'notes' });
    expect(() => parseMapSpec('Phone=telephone', LEAD_FIELDS)).toThrow(expect.objectContaining({ kind: 'usage', key: 'import.error.map_field' }));
    expect(() => parseMapSpec('Phone', LEAD_FIELDS)).toThrow(expect.objectContaining({ kind: 'usage', key: 'import.error.map_syntax' }));
  });

  it('numbers duplicate headers and names empty ones', () => {
    expect(uniqueHeaders(['Phone', 'Phone', '', 'Phone'])).toEqual({ headers: ['Phone', 'Phone (2)', 'column 3', 'Phone (3)'], duplicates: ['Phone'] });
  });
});

describe('row normalisation', () => {
  const ctx = (headers: string[], country = 'TW'): RowContext => ({
    columns: buildMapping(headers, LEAD_FIELDS, LEAD_ALIASES),
    headerCount: headers.length,
    normalizePhone: createPhoneNormalizer(country),
    zoneOf: (e) => (e.startsWith('+886') ? 'Asia/Taipei' : null),
    zoneOfCountry: (c) => ({ GB: 'Europe/London', TW: 'Asia/Taipei' })[c] ?? null,
    dates: { order: 'ymd', roc: false },
    maxCell: 1000,
  });

  it('normalises a full row: names, phones with extension, email, birthday, tags, zone from the number', () => {
    const c = ctx(['姓名', '電話', 'Email', '生日', '標籤', '預算']);
    const r = normalizeLeadRow(['  王　小明 ', '(02) 2345-6789 #12', ' Wang@Example.COM ', '1990/3/12', 'VIP、展覽,VIP', '100萬'], c);
    expect(r).toMatchObject({
      ok: true,
      lead: {
        name: '王 小明',
        phone: { e164: '+886223456789', ext: '12', raw: '(02) 2345-6789 #12', type: 'fixed_line' },
        email: 'wang@example.com',
        birthday: '1990-03-12',
        tags: ['VIP', '展覽'],
        custom: { 預算: '100萬' },
        timezone: 'Asia/Taipei',
        country: 'TW',
        suspicious: false,
      },
    });
  });

  it('a lead without a number’s zone takes its country’s zone when the country keeps one clock', () => {
    const c = ctx(['email', 'country', 'phone']);
    expect(normalizeLeadRow(['a@example.com', 'gb', ''], c)).toMatchObject({ ok: true, lead: { country: 'GB', timezone: 'Europe/London' } });
    expect(normalizeLeadRow(['b@example.com', 'US', ''], c)).toMatchObject({ ok: true, lead: { country: 'US', timezone: null } });
    // The number's own zone comes first.
    expect(normalizeLeadRow(['', 'GB', '0912345678'], c)).toMatchObject({ ok: true, lead: { timezone: 'Asia/Taipei' } });
  });

  it('an explicit time zone column wins over the number; an invalid one rejects the row', () => {
    const c = ctx(['phone', 'timezone']);
    expect(normalizeLeadRow(['0912345678', 'Asia/Tokyo'], c)).toMatchObject({ ok: true, lead: { timezone: 'Asia/Tokyo' } });
    expect(normalizeLeadRow(['0912345678', 'Mars/Base'], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.bad_timezone' } });
  });

  it('rejects rows with a reason: bad phone, bad email, no contact, ragged, over-long cell, bad date', () => {
    const c = ctx(['name', 'phone', 'email', 'birthday']);
    expect(normalizeLeadRow(['a', '12', '', ''], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.bad_phone', params: { value: '12' } } });
    expect(normalizeLeadRow(['a', '', 'not-an-email', ''], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.bad_email' } });
    expect(normalizeLeadRow(['a', '', '', ''], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.no_contact' } });
    expect(normalizeLeadRow(['a', '0912345678'], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.ragged', params: { found: 2, expected: 4 } } });
    expect(normalizeLeadRow(['x'.repeat(1001), '0912345678', '', ''], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.too_long' } });
    expect(normalizeLeadRow(['a', '0912345678', '', '31/31/1990'], c)).toMatchObject({ ok: false, reject: { key: 'import.reject.bad_date' } });
  });

  it('an email-only row is accepted; formula-like cells are kept as text and flagged', () => {
    const c = ctx(['name', 'email', 'notes']);
    expect(normalizeLeadRow(['=cmd|calc', 'a@b.co', '@SUM(A1)'], c)).toMatchObject({ ok: true, lead: { name: '=cmd|calc', notes: '@SUM(A1)', suspicious: true, phone: null } });
    expect(isFormulaLike('=1+1')).toBe(true);
    expect(isFormulaLike('＝1+1')).toBe(true);
    expect(isFormulaLike('+886912345678')).toBe(false);
    expect(isFormulaLike('-5')).toBe(false);
    expect(isFormulaLike('-')).toBe(false);
    expect(isFormulaLike('-cmd')).toBe(true);
  });

  it('helpers: whitespace folding and tag splitting', () => {
    expect(cleanText('\u3000a\u3000\u3000b  ')).toBe('a b');
    expect(splitTags('a; b，c、 a |d')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('calendar dates', () => {
  it.each([
    ['1990-03-12', '1990-03-12'],
    ['1990/3/12', '1990-03-12'],
    ['1990.3.12', '1990-03-12'],
    ['19900312', '1990-03-12'],
    ['1990年3月12日', '1990-03-12'],
    ['1990-03-12T00:00:00.000Z', '1990-03-12'],
    ['', null],
    ['12/03/1990', null],
    ['1990-02-30', null],
  ])('%s → %s', (raw, want) => expect(parseCalendarDate(raw)).toBe(want));

  it('day/month order only with --date-format', () => {
    expect(parseCalendarDate('12/03/1990', { order: 'dmy', roc: false })).toBe('1990-03-12');
    expect(parseCalendarDate('12/03/1990', { order: 'mdy', roc: false })).toBe('1990-12-03');
  });

  it('ROC years only with --roc-dates', () => {
    const roc = { order: 'ymd' as const, roc: true };
    expect(parseCalendarDate('79/03/12', roc)).toBe('1990-03-12');
    expect(parseCalendarDate('079-3-12', roc)).toBe('1990-03-12');
    expect(parseCalendarDate('民國79年3月12日', roc)).toBe('1990-03-12');
    expect(parseCalendarDate('113/02/29', roc)).toBe('2024-02-29');
    expect(parseCalendarDate('79/03/12')).toBeNull();
  });
});

describe('duplicate rules', () => {
  const existing: StoredLeadFields = {
    name: '王小明', email: null, company: '台積電', title: null, city: '台北', region: null, country: 'TW', timezone: 'Asia/Taipei', birthday: null,
    notes: null, source: 'expo', intentGrade: null, ownerId: 'u1', tags: '["VIP"]', custom: '{"預算":"10"}',
  };
  const incoming = {
    name: 'Wang', email: 'w@x.co', company: '鴻海', title: '經理', city: '', region: null, country: 'TW', timezone: null, birthday: '1990-03-12',
    notes: null, source: null, intentGrade: null, ownerId: null, tags: ['新客', 'VIP'], custom: { 預算: '20', 行業: '半導體' },
  };

  it('skip changes nothing', () => expect(planDuplicate('skip', existing, incoming)).toBeNull());

  it('update overwrites with the file’s non-empty values and keeps the before values', () => {
    const c = planDuplicate('update', existing, incoming)!;
    expect(c.patch).toEqual({ name: 'Wang', email: 'w@x.co', company: '鴻海', title: '經理', birthday: '1990-03-12', tags: '["新客","VIP"]', custom: '{"預算":"20","行業":"半導體"}' });
    expect(c.before).toEqual({ name: '王小明', email: null, company: '台積電', title: null, birthday: null, tags: '["VIP"]', custom: '{"預算":"10"}' });
  });

  it('merge fills only empty fields and unions tags', () => {
    const c = planDuplicate('merge', existing, incoming)!;
    expect(c.patch).toEqual({ email: 'w@x.co', title: '經理', birthday: '1990-03-12', tags: '["VIP","新客"]', custom: '{"預算":"10","行業":"半導體"}' });
  });

  it('no change → null', () => expect(planDuplicate('merge', existing, { ...incoming, name: '', email: null, company: null, title: null, birthday: null, tags: [], custom: {} })).toBeNull());
});

describe('robot results', () => {
  it.each([
    ['已接通', 'connected'], ['answered', 'connected'], ['无人接听', 'no_answer'], ['未接', 'no_answer'], ['忙線', 'busy'], ['占线', 'busy'],
    ['關機', 'powered_off'], ['Powered Off', 'powered_off'], ['空號', 'invalid_number'], ['停机', 'invalid_number'], ['拒接', 'rejected'], ['???', null],
  ])('result %s → %s', (raw, want) => expect(mapRobotResult(raw)).toBe(want));

  it.each([
    ['A', 'A', false], ['b級', 'B', false], ['Ｃ', 'C', false], ['有意向', 'A', false], ['一般', 'C', false], ['拒絕', 'F', true], ['拒绝', 'F', true],
    ['F', 'F', false], ['', null, false], ['maybe', null, false],
  ])('grade %s → %s (refusal %s)', (raw, grade, refusal) => expect(mapRobotGrade(raw)).toEqual({ grade, refusal }));

  it('dispositions', () => {
    expect(robotDisposition('connected', false, 'A')).toBe('interested');
    expect(robotDisposition('connected', true, 'F')).toBe('dnc_request');
    expect(robotDisposition('invalid_number', false, null)).toBe('invalid_number');
    expect(robotDisposition('busy', false, null)).toBe('busy');
  });

  it.each([
    ['95', 95], ['95s', 95], ['95秒', 95], ['1:35', 95], ['01:01:35', 3695], ['1分35秒', 95], ['', 0], ['abc', null],
  ])('duration %s → %s', (raw, want) => expect(parseDuration(raw)).toBe(want));

  it('call times: local text in the platform zone, offsets absolute', () => {
    expect(parseCallTime('2026-11-27 14:03:22', 'Asia/Taipei')).toBe(Date.UTC(2026, 10, 27, 6, 3, 22));
    expect(parseCallTime('2026/11/27 14:03', 'Asia/Taipei')).toBe(Date.UTC(2026, 10, 27, 6, 3));
    expect(parseCallTime('2026-11-27T14:03:22+08:00', 'UTC')).toBe(Date.UTC(2026, 10, 27, 6, 3, 22));
    expect(parseCallTime('yesterday', 'UTC')).toBeNull();
  });

  it('follow-ups: A within N hours, B next business day at the configured local time, others none', () => {
    const fri = Date.UTC(2026, 10, 27, 6, 0); // Friday 14:00 in Taipei
    expect(robotFollowupDue('A', fri, 'Asia/Taipei', 2, '10:00')).toBe(fri + 2 * 3600_000);
    expect(robotFollowupDue('B', fri, 'Asia/Taipei', 2, '10:00')).toBe(Date.UTC(2026, 10, 30, 2, 0)); // Monday 10:00 Taipei
    const tue = Date.UTC(2026, 11, 1, 6, 0);
    expect(robotFollowupDue('B', tue, 'Asia/Taipei', 2, '09:30')).toBe(Date.UTC(2026, 11, 2, 1, 30));
    expect(robotFollowupDue('C', fri, 'Asia/Taipei', 2, '10:00')).toBeNull();
  });
});

describe('bloom filter', () => {
  it('never says "not seen" for a key it was given, and rarely "maybe" for others', async () => {
    const { BloomFilter } = await import('../../src/core/import/bloom.js');
    const f = new BloomFilter(20, 3);
    for (let i = 0; i < 50_000; i++) f.add(`+8869${String(i * 7919).padStart(8, '0')}`);
    for (let i = 0; i < 50_000; i++) expect(f.has(`+8869${String(i * 7919).padStart(8, '0')}`)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) if (f.has(`other${i}@example.com`)) falsePositives++;
    expect(falsePositives).toBeLessThan(50_000 * 0.02);
  });
});

describe('key index', () => {
  it('answers numbers exactly and other keys through the confirmation, across growth', async () => {
    const { KeyIndex } = await import('../../src/core/import/keyIndex.js');
    const k = new KeyIndex(4);
    const phone = (i: number) => `+8869${String(i * 7919).padStart(8, '0')}`;
    for (let i = 0; i < 20_000; i++) k.add(phone(i), i * 2 + (i % 2));
    const emails = new Map<number, string>();
    for (let i = 0; i < 5_000; i++) {
      emails.set(40_000 + i, `user${i}@example.com`);
      k.add(`user${i}@example.com`, 40_000 + i);
    }
    expect(k.size).toBe(25_000);
    // Numbers keep only the flag (low bit) of their value.
    for (let i = 0; i < 20_000; i++) expect(k.get(phone(i), () => false)).toBe(i % 2);
    expect(k.get(phone(20_001), () => true)).toBe(-1);
    expect(k.get('+886999999998', () => true)).toBe(-1);
    const confirm = (key: string) => (v: number) => emails.get(v) === key;
    expect(k.get('user42@example.com', confirm('user42@example.com'))).toBe(40_042);
    // A hash match alone is not an answer: without confirmation the key is not found.
    expect(k.get('user42@example.com', () => false)).toBe(-1);
    expect(k.get('nobody@example.com', confirm('nobody@example.com'))).toBe(-1);
    // The first value added for a key wins.
    k.add(phone(7), 1);
    expect(k.get(phone(7), () => false)).toBe(1);
    k.add(phone(8), 1);
    expect(k.get(phone(8), () => false)).toBe(0);
    // Numbers that are not E.164 (too long, leading 0) go through the confirmation too.
    k.add('+12345678901234567', 99);
    expect(k.get('+12345678901234567', (v) => v === 99)).toBe(99);
    expect(k.get('+12345678901234567', () => false)).toBe(-1);
  });
});

