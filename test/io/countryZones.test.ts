// A lead's time zone when the number's prefix gives none: the zone of its country when the country
// keeps one clock (data/country-zones.json from tzdata, scripts/gen-country-zones.mjs), else unknown.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from '../../src/core/config.js';
import { singleZoneOf, type CountryZoneTable } from '../../src/core/countryZones.js';
import { countryOfPhone, createZoneLookup, zoneOfCountry, zoneOfPhone, zoneOfPrefix } from '../../src/io/tabular/phoneZone.js';
import { importLeads } from '../../src/services/importLeads.js';
import { importRobot } from '../../src/services/importRobot.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { testDbWithUser } from '../helpers/db.js';

const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'country-zones.json'), 'utf8')) as CountryZoneTable & { sameClock: string[][] };

describe('country → zone table', () => {
  it.each([
    ['TW', 'Asia/Taipei'],
    ['HK', 'Asia/Hong_Kong'],
    ['SG', 'Asia/Singapore'],
    ['JP', 'Asia/Tokyo'],
    ['KR', 'Asia/Seoul'],
    ['GB', 'Europe/London'],
    ['FR', 'Europe/Paris'],
    ['IT', 'Europe/Rome'],
    ['FI', 'Europe/Helsinki'],
    // Two tzdata zones, one clock: Berlin and Büsingen; Kuala Lumpur and Kuching.
    ['DE', 'Europe/Berlin'],
    ['MY', 'Asia/Kuala_Lumpur'],
    // tzdata lists Asia/Urumqi too; mainland China officially keeps Beijing Time.
    ['CN', 'Asia/Shanghai'],
    ['cn', 'Asia/Shanghai'],
    ['US', null],
    ['CA', null],
    ['RU', null],
    ['AU', null],
    ['BR', null],
    ['MX', null],
    ['ID', null],
    ['PT', null], // the Azores keep another clock
    ['ES', null], // so do the Canaries
    ['XX', null],
    ['', null],
  ])('%s → %s', (country, zone) => {
    expect(zoneOfCountry(country)).toBe(zone);
    expect(singleZoneOf(TABLE, country)).toBe(zone);
  });

  it('every zone in the table is a zone this Node knows, and a single zone is one of its country’s', () => {
    expect(Object.keys(TABLE.zones).length).toBeGreaterThan(240);
    for (const [country, zones] of Object.entries(TABLE.zones)) {
      for (const z of zones) expect(isValidTimeZone(z), `${country} ${z}`).toBe(true);
    }
    for (const [country, zone] of Object.entries(TABLE.single)) expect(TABLE.zones[country], country).toContain(zone);
    expect(TABLE.sameClock.find((g) => g.includes('Europe/London'))).toEqual(expect.arrayContaining(['Europe/Guernsey', 'Europe/Jersey', 'Europe/Isle_of_Man']));
  });
});

describe('zone of a number', () => {
  it.each([
    // The prefix decides when it names one zone.
    ['+886912345678', 'Asia/Taipei'],
    ['+8613800138000', 'Asia/Shanghai'],
    ['+869912345678', 'Asia/Shanghai'], // Xinjiang's area code: libphonenumber says Beijing Time too
    ['+12125551234', 'America/New_York'],
    // The prefix lists London, Guernsey, Jersey and the Isle of Man: one clock, +44 → Europe/London.
    ['+447400123456', 'Europe/London'],
    // No prefix zone; the country keeps one clock.
    ['+358401234567', 'Europe/Helsinki'],
    ['+35312345678', 'Europe/Dublin'],
    ['+77012345678', 'Asia/Almaty'], // +7 shared with Russia: the number's ranges say Kazakhstan
    // No prefix zone and the country keeps several clocks: unknown.
    ['+351912345678', null],
  ])('%s → %s', (e164, zone) => {
    expect(zoneOfPhone(e164)).toBe(zone);
  });

  it('the fallback is only a fallback: those numbers have no zone of their own prefix', () => {
    expect(zoneOfPrefix('+447400123456')).toBeNull();
    expect(zoneOfPrefix('+358401234567')).toBeNull();
    expect(zoneOfPrefix('+77012345678')).toBeNull();
    expect(countryOfPhone('+77012345678')).toBe('KZ');
    expect(countryOfPhone('+358401234567')).toBe('FI');
  });
});

describe('imports use the fallback', () => {
  const NOW = Date.UTC(2026, 10, 28, 2, 0);

  it('import leads: a number without a prefix zone gets its country’s one zone; an explicit column still wins', async () => {
    const { db, user } = testDbWithUser('admin');
    const p = path.join(tempDir('repdesk-zone-'), 'eu.csv');
    fs.writeFileSync(p, 'name,phone,time zone\nAda,+44 7400 123456,\nEino,+358 40 1234567,\nRui,+351 912 345 678,\nTom,+44 7812 345678,Europe/Paris\n');
    const s = await importLeads(db, user, { file: p }, NOW);
    expect(s).toMatchObject({ inserted: 4, rejected: 0 });
    const zones = Object.fromEntries((db.sqlite.prepare('select name, timezone from leads').all() as { name: string; timezone: string | null }[]).map((r) => [r.name, r.timezone]));
    expect(zones).toEqual({ Ada: 'Europe/London', Eino: 'Europe/Helsinki', Rui: null, Tom: 'Europe/Paris' });
  });

  it('import robot: a lead it creates gets the same zone', async () => {
    const { db, user } = testDbWithUser('admin');
    const p = path.join(tempDir('repdesk-zone-'), 'robot.csv');
    fs.writeFileSync(p, 'phone,call time,duration,result\n+358401234567,2026-11-27 10:00,30,no answer\n');
    await importRobot(db, user, { file: p, timezone: 'Asia/Taipei' }, NOW);
    expect(db.sqlite.prepare('select timezone from leads where phone = ?').pluck().get('+358401234567')).toBe('Europe/Helsinki');
  });
});

describe('createZoneLookup (the import\'s cached zone lookup)', () => {
  const split = ['+12082410000', '+12082450000', '+12082400000', '+12082490000', '+12082451234', '+12082419999'];

  it('gives zoneOfPhone\'s answer for every number, in any order, where an area code is split between zones', () => {
    const want = split.map((n) => zoneOfPhone(n));
    // The exchanges under +1 208 24… are in two zones (and some in none): the cache must not mix them.
    expect(new Set(want)).toEqual(new Set(['America/Denver', 'America/Los_Angeles', null]));
    for (const order of [split, [...split].reverse(), [split[2], ...split.slice(0, 2), ...split.slice(3)]]) {
      const lookup = createZoneLookup();
      for (const n of order) expect(lookup(n), n).toBe(zoneOfPhone(n));
    }
  });

  it('agrees with zoneOfPhone on many numbers of many regions, each lookup after the cache has filled', () => {
    const lookup = createZoneLookup();
    const heads = ['+88691', '+88622', '+86138', '+86755', '+1415', '+1208', '+1905', '+447700', '+44207', '+7701', '+7495', '+6189164', '+61291', '+852912', '+8190'];
    let x = 7;
    const numbers: string[] = [];
    for (const h of heads) {
      for (let i = 0; i < 200; i++) {
        x = (x * 48271) % 2147483647;
        numbers.push(h + String(x).padStart(10, '0').slice(0, 12 - h.length + 1));
      }
    }
    for (const n of numbers) lookup(n);
    for (const n of numbers) expect(lookup(n), n).toBe(zoneOfPhone(n));
  });
});
