// A country's time zone when it keeps one clock: the last guess of a lead's zone after an explicit
// column and the number's prefix. The table is data (data/country-zones.json, generated from tzdata
// by scripts/gen-country-zones.mjs) and comes in as a parameter, so this stays pure.

export interface CountryZoneTable {
  /** Every tzdata zone of a country (zone.tab order). */
  zones: Record<string, string[]>;
  /** The one zone of a country whose zones all keep the same clock; absent for the others. */
  single: Record<string, string>;
}

/** The zone of an ISO 3166 country (any case) that has only one; null for several or an unknown code. */
export function singleZoneOf(table: CountryZoneTable, country: string | null | undefined): string | null {
  if (!country) return null;
  const c = country.trim().toUpperCase();
  return Object.prototype.hasOwnProperty.call(table.single, c) ? table.single[c] : null;
}
