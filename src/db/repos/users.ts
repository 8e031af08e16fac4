import { and, eq, isNull } from 'drizzle-orm';
import type { Lang, Role, User } from '../../core/types.js';
import type { Db } from '../client.js';
import { users } from '../schema.js';

type Row = typeof users.$inferSelect;

function toUser(r: Row): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role,
    team: r.team,
    timezone: r.timezone,
    lang: (r.lang as Lang | null) ?? null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function findUserByName(db: Db, username: string): User | undefined {
  const r = db.orm
    .select()
    .from(users)
    .where(and(eq(users.username, username), isNull(users.deletedAt)))
    .get();
  return r ? toUser(r) : undefined;
}

export function findUserById(db: Db, id: string): User | undefined {
  const r = db.orm.select().from(users).where(eq(users.id, id)).get();
  return r ? toUser(r) : undefined;
}

export function listUsers(db: Db): User[] {
  return db.orm.select().from(users).where(isNull(users.deletedAt)).orderBy(users.username).all().map(toUser);
}

export function insertUser(db: Db, user: Omit<User, 'createdAt' | 'updatedAt'>, now: number): User {
  db.orm
    .insert(users)
    .values({ ...user, createdAt: now, updatedAt: now })
    .run();
  return { ...user, createdAt: now, updatedAt: now };
}

export function updateUser(
  db: Db,
  id: string,
  patch: Partial<Pick<User, 'role' | 'displayName' | 'timezone' | 'lang' | 'team'>>,
  now: number,
): void {
  db.orm
    .update(users)
    .set({ ...patch, updatedAt: now })
    .where(eq(users.id, id))
    .run();
}

export function setUserRole(db: Db, id: string, role: Role, now: number): void {
  updateUser(db, id, { role }, now);
}
