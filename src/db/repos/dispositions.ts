import { asc, eq, isNull } from 'drizzle-orm';
import type { Disposition } from '../../core/types.js';
import type { Db } from '../client.js';
import { dispositions } from '../schema.js';

type Row = typeof dispositions.$inferSelect;

function toDisposition(r: Row): Disposition {
  return {
    code: r.code,
    labels: { en: r.labelEn, 'zh-TW': r.labelZhTw, 'zh-CN': r.labelZhCn },
    hotkey: r.hotkey,
    connected: r.connected === 1,
    final: r.final === 1,
    retryAfterMin: r.retryAfterMin,
    conversation: r.conversation === 1,
    requiresFollowup: r.requiresFollowup === 1,
    addsDnc: r.addsDnc === 1,
    sort: r.sort,
  };
}

export function listDispositions(db: Db): Disposition[] {
  return db.orm.select().from(dispositions).where(isNull(dispositions.deletedAt)).orderBy(asc(dispositions.sort)).all().map(toDisposition);
}

export function findDisposition(db: Db, code: string): Disposition | undefined {
  const r = db.orm.select().from(dispositions).where(eq(dispositions.code, code)).get();
  return r ? toDisposition(r) : undefined;
}
