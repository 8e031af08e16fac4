import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvLine, instantFormatter, isFormulaLike, maskEmail, neutralizeFormula, quoteCell, textCell } from '../../src/core/csv.js';
import { isoWithOffset, localParts } from '../../src/core/time.js';

describe('formula neutralisation', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['\n=cmd', "'\n=cmd"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    ['+886912345678', "'+886912345678"],
  ])('%j → %j', (input, out) => {
    expect(neutralizeFormula(input)).toBe(out);
    expect(isFormulaLike(input)).toBe(true);
  });

  it.each(['hello', '王小明', 'a=b', ' =x', '1+1', "'already"])('leaves %j alone', (s) => {
    expect(neutralizeFormula(s)).toBe(s);
    expect(isFormulaLike(s)).toBe(false);
  });
});

describe('RFC 4180 quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(quoteCell(input)).toBe(out);
  });

  it('TSV quotes tabs, not commas', () => {
    expect(quoteCell('a,b', '\t')).toBe('a,b');
    expect(quoteCell('a\tb', '\t')).toBe('"a\tb"');
  });

  it('neutralises before quoting', () => {
    expect(textCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('writes numbers raw, nulls empty, CRLF by default', () => {
    expect(csvLine(['a', -5, null, 3.5, undefined, '=x'])).toBe("a,-5,,3.5,,'=x\r\n");
    expect(csvLine(['a', 'b'], '\t', '\n')).toBe('a\tb\n');
  });

  it('round-trips through a real CSV parser', () => {
    const rows = [
      ['id', 'note'],
      ['1', 'line one\r\nline two, "quoted"'],
      ['2', '王小明，您好'],
      ['3', '=cmd|" /C calc"!A0'],
      ['4', '\n=1+1'],
    ];
    const text = rows.map((r) => csvLine(r)).join('');
    const back = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(back[1][1]).toBe('line one\r\nline two, "quoted"');
    expect(back[2][1]).toBe('王小明，您好');
    expect(back[3][1]).toBe('\'=cmd|" /C calc"!A0');
    expect(back[4][1]).toBe("'\n=1+1");
    expect(back).toHaveLength(5);
  });
});

describe('masking', () => {
  it.each([
    ['alice@example.com', 'a***@example.com'],
    ['x@y.tw', 'x***@y.tw'],
    ['noat', 'n***'],
  ])('%s → %s', (e, m) => {
    expect(maskEmail(e)).toBe(m);
  });
});

describe('instantFormatter', () => {
  const offsetOf = (zone: string) => (at: number) => {
    const p = localParts(at, zone);
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000) / 60_000);
  };
  it.each(['Asia/Taipei', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Europe/London', 'UTC'])('agrees with isoWithOffset in %s, across DST', (zone) => {
    const fmt = instantFormatter(offsetOf(zone));
    // Every 37 minutes and 13.5 seconds through 2026, DST changes included.
    for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 2_233_500) expect(fmt(at)).toBe(isoWithOffset(at, zone));
    expect(fmt(Date.UTC(2026, 10, 1, 5, 59, 59, 999))).toBe(isoWithOffset(Date.UTC(2026, 10, 1, 5, 59, 59, 999), zone));
  });
});
