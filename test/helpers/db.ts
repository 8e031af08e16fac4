// An in-memory repdesk database with every migration applied.
import { openDb, type Db } from '../../src/db/client.js';
import { initWorkspace } from '../../src/services/users.js';
import type { Role, User } from '../../src/core/types.js';

export function testDb(): Db {
  return openDb(':memory:');
}

/** A database with a current user already set up (as `repdesk init` would). */
export function testDbWithUser(role: Role = 'admin', username = 'alice', timezone = 'Asia/Taipei'): { db: Db; user: User } {
  const db = testDb();
  const { user } = initWorkspace(db, { username, role, country: 'TW', timezone }, Date.UTC(2026, 10, 28, 1, 0));
  return { db, user };
}
