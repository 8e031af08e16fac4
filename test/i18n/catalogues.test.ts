import { describe, expect, it } from 'vitest';
import { catalogues, errorText, langFromLocale, t, tCount } from '../../src/i18n/index.js';

describe('message catalogues', () => {
  const en = Object.keys(catalogues.en);

  it('hold every English key in zh-TW and zh-CN, non-empty', () => {
    for (const lang of ['zh-TW', 'zh-CN'] as const) {
      const missing = en.filter((k) => !catalogues[lang][k]?.trim());
      expect(missing, `${lang} is missing`).toEqual([]);
    }
  });

  it('counted nouns: one and other forms in pairs, and no "(s)" plural left in English', () => {
    for (const key of en.filter((k) => k.endsWith('.one'))) expect(en, key).toContain(key.replace(/\.one$/, '.other'));
    expect(en.filter((k) => /\w\((s|es)\)/.test(catalogues.en[k]))).toEqual([]);
    expect(tCount('dnc.count.leads', 1, 'en')).toBe('1 lead');
    expect(tCount('dnc.count.leads', 12_345, 'en')).toBe('12,345 leads');
    expect(tCount('dnc.count.leads', 0, 'zh-TW')).toBe('0 筆名單');
  });

  it('have no keys that English lacks', () => {
    for (const lang of ['zh-TW', 'zh-CN'] as const) {
      const extra = Object.keys(catalogues[lang]).filter((k) => !(k in catalogues.en));
      expect(extra, `${lang} has extra`).toEqual([]);
    }
  });

  it('use the same placeholders in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of en) {
      for (const lang of ['zh-TW', 'zh-CN'] as const) {
        expect(names(catalogues[lang][key]), `${lang} ${key}`).toEqual(names(catalogues.en[key]));
      }
    }
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(t('users.added', { user: 'bob', role: 'rep' }, 'en')).toBe('Added bob (rep).');
    expect(t('users.added', { user: '王小明' }, 'zh-TW')).toBe('已新增 王小明（{role}）。');
  });

  it('picks the language from a POSIX locale', () => {
    expect(langFromLocale('zh_TW.UTF-8')).toBe('zh-TW');
    expect(langFromLocale('zh_HK')).toBe('zh-TW');
    expect(langFromLocale('zh_CN.GB18030')).toBe('zh-CN');
    expect(langFromLocale('en_GB.UTF-8')).toBe('en');
    expect(langFromLocale('C')).toBe('en');
    expect(langFromLocale(undefined)).toBeUndefined();
  });
});

describe('errorText', () => {
  it('translates a param that names what a value should look like, in each language, and leaves other params alone', () => {
    const params = { key: '--country', value: 'ZZ', expected: 'config.expected.country' };
    for (const lang of ['en', 'zh-TW', 'zh-CN'] as const) {
      const text = errorText('config.error.bad_value', params, lang);
      expect(text).not.toContain('config.expected');
      expect(text).toContain(t('config.expected.country', {}, lang));
      expect(text).toContain('ZZ');
    }
    // A value that only looks like a key of another kind is shown as given.
    expect(errorText('config.error.bad_value', { key: '--x', value: 'config.error.bad_value', expected: 'a.b' }, 'en')).toContain('config.error.bad_value');
  });
});
