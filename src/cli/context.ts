// What every command action gets: global options, output, the clock, and lazy access to the
// database and the current user (nothing heavy is loaded until a command needs it).
import type { Db } from '../db/client.js';
import type { Clock } from '../io/clock.js';
import { clockFromEnv } from '../io/clock.js';
import { defaultDbPath } from '../io/paths.js';
import fs from 'node:fs';
import { AppError, notFound, usageError } from '../core/errors.js';
import type { Lang, Role, User } from '../core/types.js';
import { isLang, setLang } from '../i18n/index.js';
import { colorEnabled, Output } from './output.js';

export interface GlobalOptions {
  db?: string;
  as?: string;
  json?: boolean;
  lang?: string;
  color?: boolean;
  debug?: boolean;
}

/** REPDESK_BUSY_TIMEOUT_MS overrides the 5 s busy timeout (tests, and machines with slow disks). */
export function busyTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.REPDESK_BUSY_TIMEOUT_MS;
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export class CommandContext {
  readonly out: Output;
  readonly clock: Clock;
  private db?: Db;

  constructor(
    readonly global: GlobalOptions,
    clock?: Clock,
  ) {
    this.out = new Output({
      json: Boolean(global.json),
      color: colorEnabled(global.color),
      debug: Boolean(global.debug),
    });
    this.clock = clock ?? clockFromEnv();
  }

  get dbPath(): string {
    return this.global.db ?? process.env.REPDESK_DB ?? defaultDbPath();
  }

  get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  /**
   * Open (and migrate) the database once per command. The configured language applies from here on.
   * Only commands that set a database up (`init`, `demo`) pass `create`: for every other command a
   * database file that does not exist is exit 4 naming the path (a mistyped --db in a cron line must
   * not quietly create and use an empty database). A user named by --as must exist (exit 4).
   */
  async openDb(opts: { create?: boolean } = {}): Promise<Db> {
    if (this.db) return this.db;
    const file = this.dbPath;
    if (!opts.create && file !== ':memory:' && !fs.existsSync(file)) throw notFound('db.error.missing', { file });
    const { openDb } = await import('../db/client.js');
    const db = openDb(file, { busyTimeoutMs: busyTimeoutFromEnv() });
    try {
      if (!this.global.lang) {
        const { getSetting } = await import('../db/repos/settings.js');
        const lang = getSetting(db, 'lang');
        if (typeof lang === 'string' && isLang(lang)) setLang(lang as Lang);
      }
      if (this.global.as !== undefined && !opts.create) {
        const { findUserByName } = await import('../db/repos/users.js');
        if (!findUserByName(db, this.global.as)) throw new AppError('not_found', 'user.error.unknown', { user: shortName(this.global.as) });
      }
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
    return db;
  }

  /** The user this command acts as: --as, else the one chosen at `repdesk init`. */
  async currentUser(): Promise<User> {
    const db = await this.openDb();
    const { getSetting } = await import('../db/repos/settings.js');
    const { findUserByName } = await import('../db/repos/users.js');
    const name = this.global.as ?? (getSetting(db, 'user') as string | null);
    if (!name) throw usageError('user.error.none');
    const user = findUserByName(db, name);
    if (!user) throw new AppError('not_found', 'user.error.unknown', { user: shortName(name) });
    if (!this.global.lang && user.lang) setLang(user.lang);
    return user;
  }

  /** The current user, refused (exit 5) unless their role is at least `role`. */
  async requireRole(role: Role, action: string): Promise<User> {
    const user = await this.currentUser();
    const { requireRole } = await import('../core/permissions.js');
    requireRole(user, role, action);
    return user;
  }

  /** Who to name in the audit log without requiring `init` (backup/restore must work on any file). */
  async actorName(): Promise<string | null> {
    if (this.global.as) return this.global.as;
    try {
      const db = await this.openDb();
      const { getSetting } = await import('../db/repos/settings.js');
      const name = getSetting(db, 'user');
      return typeof name === 'string' ? name : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/** A name typed by someone, cut for an error message (a 5,000-character argument is not echoed back whole). */
export function shortName(name: string, max = 60): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}
