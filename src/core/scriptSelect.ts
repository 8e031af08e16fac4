// Which call script fits a lead: ranked by what the script declares (`lists:`, `products:`, `language:`)
// against the lead's list, the products the lead is interested in, and the language they are called in.
// Pure: the session service gathers the facts, this decides the order and says why.

/** Why a script was offered for a lead, strongest first. */
export type ScriptMatchKind = 'list' | 'product' | 'language' | 'any';

export interface ScriptMatch {
  by: ScriptMatchKind;
  /** The list name, product code or language that matched (null for 'any'). */
  value: string | null;
}

/** What ranking needs to know about a script. */
export interface ScriptFacts {
  scriptId: string;
  name: string;
  language: string;
  /** Lists the script declares it is for (names or ids); empty: any list. */
  lists: readonly string[];
  /** Product codes the script sells; empty: no particular product. */
  products: readonly string[];
}

/** What ranking needs to know about a lead. */
export interface LeadFacts {
  listId: string | null;
  listName: string | null;
  /** Product codes the lead is interested in (a custom `product` field, their deals), most relevant first. */
  products: readonly string[];
  /** The language the lead is called in. */
  language: string;
  /** The rep's language: between otherwise equal scripts, the one the rep reads. */
  repLanguage: string;
}

export type Ranked<T extends ScriptFacts> = T & { match: ScriptMatch };

const norm = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase();
/** Plain code-unit order: the same on every machine, whatever its locale. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How one script fits one lead (the strongest reason, and the facts ranking sorts by). */
export function matchScript(s: ScriptFacts, lead: LeadFacts): { match: ScriptMatch; list: boolean; product: boolean; language: boolean; foreign: boolean } {
  const leadLists = new Set([norm(lead.listName), norm(lead.listId)].filter(Boolean));
  const listHit = s.lists.find((l) => leadLists.has(norm(l))) ?? null;
  const wanted = lead.products.map(norm).filter(Boolean);
  const productHit = wanted.map((code) => s.products.find((p) => norm(p) === code)).find((p) => p !== undefined) ?? null;
  const language = norm(s.language) === norm(lead.language);
  // A script that names other lists (or only other products, for a lead who wants one) is less fitting
  // than a general one: it was written for someone else.
  const foreign = (s.lists.length > 0 && listHit === null) || (wanted.length > 0 && s.products.length > 0 && productHit === null);
  const match: ScriptMatch =
    listHit !== null
      ? { by: 'list', value: lead.listName ?? listHit }
      : productHit !== null
        ? { by: 'product', value: productHit }
        : language
          ? { by: 'language', value: s.language }
          : { by: 'any', value: null };
  return { match, list: listHit !== null, product: productHit !== null, language, foreign };
}

/**
 * Every candidate script, best first: a list match beats a product match, which beats a language
 * match, which beats none; then general scripts before ones written for other lists or products; then
 * the rep's language; then name and id (so the order never depends on the database or the locale).
 */
export function rankScripts<T extends ScriptFacts>(scripts: readonly T[], lead: LeadFacts): Ranked<T>[] {
  const keyed = scripts.map((s) => {
    const m = matchScript(s, lead);
    const key = [m.list ? 0 : 1, m.product ? 0 : 1, m.language ? 0 : 1, m.foreign ? 1 : 0, norm(s.language) === norm(lead.repLanguage) ? 0 : 1];
    return { s, m, key };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return cmp(a.s.name, b.s.name) || cmp(a.s.scriptId, b.s.scriptId);
  });
  return keyed.map(({ s, m }) => ({ ...s, match: m.match }));
}
