// Message catalogues: every user-facing string exists in en, zh-TW and zh-CN.
// Each area keeps its strings in messages/<area>.ts; this module merges them.
// A catalogue in zh-TW/zh-CN is typed against the English one, so a missing key fails the build,
// and test/i18n checks the same at run time.
import type { Lang } from '../core/types.js';
import { LANGS } from '../core/types.js';
import * as common from './messages/common.js';
import * as areas from './messages/index.js';

export type Catalogue = Record<string, string>;
export interface AreaCatalogue {
  en: Catalogue;
  zhTW: Catalogue;
  zhCN: Catalogue;
}

const allAreas: AreaCatalogue[] = [common, ...Object.values(areas as Record<string, AreaCatalogue>)];

function merge(pick: (a: AreaCatalogue) => Catalogue): Catalogue {
  const out: Catalogue = {};
  for (const area of allAreas) Object.assign(out, pick(area));
  return out;
}

export const catalogues: Record<Lang, Catalogue> = {
  en: merge((a) => a.en),
  'zh-TW': merge((a) => a.zhTW),
  'zh-CN': merge((a) => a.zhCN),
};

let current: Lang = 'en';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** Translate `key`, filling `{name}` placeholders from params. Unknown keys show the key itself. */
export function t(key: string, params: Record<string, string | number> = {}, lang: Lang = current): string {
  const text = catalogues[lang][key] ?? catalogues.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A counted noun, "1 lead" / "3 leads" (`{n}` with thousands separators): `base.one` for one,
 * `base.other` otherwise. Chinese needs no plural; its two forms carry the measure word.
 */
export function tCount(base: string, n: number, lang: Lang = current): string {
  return t(`${base}.${n === 1 ? 'one' : 'other'}`, { n: n.toLocaleString('en-US') }, lang);
}

const DESCRIPTIVE_KEY = /^[a-z]+\.expected\.[a-z_]+$/;

/**
 * An error's message: its key with its params, where a param that is itself a descriptive message key
 * (`config.expected.country`: what a value should look like) is translated too. Services pass such
 * keys so that no English reaches a message in another language.
 */
export function errorText(key: string, params: Record<string, string | number> = {}, lang: Lang = current): string {
  const shown = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' && DESCRIPTIVE_KEY.test(value) ? t(value, {}, lang) : value]));
  return t(key, shown, lang);
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The language of a POSIX locale string such as zh_TW.UTF-8, zh_HK, zh_CN.GB18030, en_US. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase().replace('-', '_');
  if (/^zh_(tw|hk|mo)|^zh_hant/.test(l)) return 'zh-TW';
  if (l.startsWith('zh')) return 'zh-CN';
  if (l === 'c' || l === 'posix' || l.startsWith('c.')) return 'en';
  if (/^[a-z]{2}/.test(l)) return 'en';
  return undefined;
}

export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  return langFromLocale(env.LC_ALL) ?? langFromLocale(env.LC_MESSAGES) ?? langFromLocale(env.LANG) ?? 'en';
}
