// doctor, backup and demo against the sqlite3 CLI doing the same core work, alternately, same run.
// Data: the demo database (240 leads) seeded into DATA; every backup goes to a fresh file there.
import fs from 'node:fs';
import path from 'node:path';
import { compare, DATA, repdesk, timeCommand } from './lib.mjs';

export default function run({ runs = 7 } = {}) {
  const dir = path.join(DATA, 'maintenance');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'demo.db');
  const env = { ...process.env, NO_COLOR: '1', REPDESK_NOW: '2026-11-28T09:00:00Z' };
  let n = 0;
  const fresh = () => path.join(dir, `b${n++}.db`);

  compare(
    'demo --reset (seed 240 leads + queue) vs sqlite3 VACUUM INTO',
    () => repdesk(['--db', db, 'demo', '--reset'], { env }),
    () => timeCommand('sqlite3', [db, `VACUUM INTO '${fresh()}'`]),
    runs,
  );
  compare(
    'backup (VACUUM INTO + fsync + verify + sha256) vs sqlite3 VACUUM INTO',
    () => repdesk(['--db', db, '--as', 'mei.chen', 'backup', '--out', fresh()], { env }), // backup needs a team lead (the demo's current user is a rep)
    () => timeCommand('sqlite3', [db, `VACUUM INTO '${fresh()}'`]),
    runs,
  );
  compare(
    'doctor vs sqlite3 integrity_check + foreign_key_check',
    () => repdesk(['--db', db, 'doctor'], { env, allowFail: true }),
    () => timeCommand('sqlite3', [db, 'pragma integrity_check; pragma foreign_key_check;']),
    runs,
  );
}
