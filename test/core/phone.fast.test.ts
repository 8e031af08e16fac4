import { describe, expect, it } from 'vitest';
import { createPhoneNormalizer, FAST_PATH_COUNTRIES, normalizePhone } from '../../src/core/phone.js';

// A small deterministic generator so failures are reproducible.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

/** Full-width forms as East Asian spreadsheets write them: ０-９, ＋, －, （）, ．, ／ and U+3000. */
const fw = (s: string) => s.replace(/[0-9+\-().\/]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** Numbers in the shapes lead files use, for a region: national, international, 00, separators. */
function samples(country: string, r: () => number): string[] {
  const out: string[] = [];
  const cc: Record<string, string> = { TW: '886', CN: '86', US: '1', CA: '1', HK: '852', GB: '44', SG: '65', JP: '81' };
  for (let i = 0; i < 400; i++) {
    const len = 6 + Math.floor(r() * 8);
    const body = digits(r, len);
    const lead = ['0', '09', '1', '13', '2', '4', '6', '7', '8', '9', '07', '02', '5', '3'][Math.floor(r() * 14)];
    const nat = (lead + body).slice(0, len + 1);
    out.push(nat, `+${cc[country]}${nat.replace(/^0/, '')}`, `00${cc[country]} ${nat.replace(/^0/, '')}`);
    out.push(nat.replace(/(\d{3})(\d{3})/, '$1-$2 '), `(${nat.slice(0, 3)}) ${nat.slice(3)}`, `${cc[country]}${nat}`);
    // Full-width, mixed and padded spellings of the same numbers, which take the fast path too.
    const intl = `+${cc[country]} ${nat.replace(/^0/, '').replace(/(\d{3})/, '$1-')}`;
    out.push(fw(nat), fw(intl), fw(`00${cc[country]}${nat.replace(/^0/, '')}`), `０${nat.slice(1)}`, `  ${nat.slice(0, 4)}.${nat.slice(4)}/ `);
    out.push(`\u3000${intl}\u3000`, `(${fw(nat.slice(0, 3))})－${nat.slice(3)}`, `${nat.slice(0, 2)}　${fw(nat.slice(2))}`);
  }
  return out;
}

describe('phone fast path agrees with libphonenumber (the judge)', () => {
  for (const country of FAST_PATH_COUNTRIES) {
    it(`region ${country}: thousands of generated numbers, second pass from the cache`, () => {
      const fast = createPhoneNormalizer(country);
      const r = rng(country.charCodeAt(0) * 31 + country.charCodeAt(1));
      const all = samples(country, r);
      for (let pass = 0; pass < 2; pass++) {
        for (const raw of all) expect(fast(raw), `${country} ${raw}`).toEqual(normalizePhone(raw, country));
      }
      expect(fast.stats().fast).toBeGreaterThan(0);
    });
  }

  it('takes the fast path for repeated shapes and leaves unusual input to the judge', () => {
    const fast = createPhoneNormalizer('TW');
    fast('0912-345-678');
    fast('0912-345-679');
    fast('0912 345 670');
    expect(fast.stats().fast).toBe(2);
    const before = fast.stats().judged;
    expect(fast('02 2345 6789 ext 12')).toMatchObject({ ok: true, e164: '+886223456789', ext: '12' });
    expect(fast('０２ ２３４５ ６７８９ 轉１２')).toEqual(normalizePhone('０２ ２３４５ ６７８９ 轉１２', 'TW'));
    expect(fast('０２－２３４５－６７８９＃１２')).toMatchObject({ ok: true, e164: '+886223456789', ext: '12' });
    expect(fast.stats().judged).toBe(before + 3);
  });

  it('takes the fast path for full-width numbers once their shape is known', () => {
    const fast = createPhoneNormalizer('TW');
    fast('0912345678');
    fast('+886912345670');
    expect(fast.stats()).toMatchObject({ fast: 0, judged: 2 });
    expect(fast('０９１２３４５６７９')).toEqual({ ok: true, e164: '+886912345679', ext: null, type: 'mobile', country: 'TW' });
    expect(fast('＋８８６\u3000９１２－３４５－６７１')).toEqual(normalizePhone('＋８８６\u3000９１２－３４５－６７１', 'TW'));
    expect(fast('００８８６９１２３４５６７２')).toEqual(normalizePhone('００８８６９１２３４５６７２', 'TW'));
    expect(fast('（０９１２）３４５．６７３')).toEqual(normalizePhone('（０９１２）３４５．６７３', 'TW'));
    expect(fast.stats()).toMatchObject({ fast: 4, judged: 2 });
  });

  it('agrees with the judge on odd spellings even when their digits are already cached', () => {
    // Each probe follows a plain number with the same cache key, so a wrong fast-path reading of
    // the probe would answer from that verdict instead of asking the judge.
    const cases: [warm: string, probe: string][] = [
      ['0912345678', '0912\t345679'], // libphonenumber rejects a tab inside a number
      ['0912345678', '\t0912345679\t'], // trimmed at the ends
      ['0912345678', '\u00a00912\u00a0345679'], // no-break space: left to the judge
      ['0912345678', '0912' + ' '.repeat(300) + '345679'], // over libphonenumber's 250 characters
      ['0912345678', '0912+345679'], // "+" only counts at the start
      ['+886912345678', '00+886912345679'],
      ['+886912345678', '+ 886 912 345 679'],
      ['+886912345678', '\u3000 +886912345679 '],
      ['+886912345678', '(+886) 912345679'],
      ['00886912345678', '0 0886912345679'], // "00" only counts as the first two characters
      ['00886912345678', ' 0０886912345679'],
      ['\t00886912345678', '0 0886912345679'],
      ['0912345678', '０９１２ー３４５ー６７９'], // U+30FC is not folded by foldFullWidth
      ['0912345678', '０９１２３４５６７９ｘ１２'],
      ['0912345678', '０９１２３４５６７９ 分機 12'],
      ['0912345678', '０９１２３４５６７９abc'],
      ['0912345678', '٠٩١٢٣٤٥٦٧٩'], // Arabic-Indic digits
      ['0912345678', '0912-345-679-'],
      ['0912345678', '()0912345679'],
      ['0912345678', '　'],
      ['0912345678', ''],
      ['0912345678', '+'],
      ['0912345678', '00'],
      ['0912345678', '０９１２３４５６７８９０１２３４５６７８９'],
    ];
    for (const [warm, probe] of cases) {
      const fast = createPhoneNormalizer('TW');
      fast(warm);
      expect(fast(probe), JSON.stringify(probe)).toEqual(normalizePhone(probe, 'TW'));
    }
  });

  it('dedupes +886, 0912, 886… and full-width forms of one number to the same E.164', () => {
    const fast = createPhoneNormalizer('TW');
    const forms = ['0912345678', '0912-345-678', '+886 912 345 678', '+886-912-345-678', '00886912345678', '886912345678', '０９１２３４５６７８', '＋８８６９１２３４５６７８', '(09)12 345 678'];
    const e164 = new Set(forms.map((f) => (fast(f) as { e164: string }).e164));
    expect([...e164]).toEqual(['+886912345678']);
  });

  it('regions outside the checked list always go to the judge', () => {
    const fast = createPhoneNormalizer('DE');
    expect(fast('030 1234567')).toEqual(normalizePhone('030 1234567', 'DE'));
    expect(fast('030 1234568')).toEqual(normalizePhone('030 1234568', 'DE'));
    expect(fast.stats().fast).toBe(0);
  });

  it('examples from the issue', () => {
    expect(createPhoneNormalizer('TW')('0912 345 678')).toMatchObject({ ok: true, e164: '+886912345678', type: 'mobile' });
    expect(createPhoneNormalizer('CN')('138 0013 8000')).toMatchObject({ ok: true, e164: '+8613800138000', type: 'mobile' });
    expect(createPhoneNormalizer('US')('(415) 555-0100')).toMatchObject({ ok: true, e164: '+14155550100' });
    expect(createPhoneNormalizer('TW')('12')).toMatchObject({ ok: false });
    expect(createPhoneNormalizer('TW')('')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('repeated unusual text', () => {
  it('is judged once and answered the same', () => {
    const fast = createPhoneNormalizer('TW');
    const first = fast('n/a');
    const judged = fast.stats().judged;
    expect(fast('n/a')).toEqual(first);
    expect(fast('n/a')).toEqual(normalizePhone('n/a', 'TW'));
    expect(fast.stats().judged).toBe(judged);
  });
});
