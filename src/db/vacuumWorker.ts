// Runs `VACUUM INTO` on a thread of its own, so the process that asked for it stays free to react to
// Ctrl-C while SQLite copies (a copy of a large database takes seconds to minutes, and a synchronous
// call would leave a signal unanswered or the default action killing the process with the partial
// copy left behind). Started by copyDatabaseInterruptible below; the thread only reads the database.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { Database } from './sqlite.js';

interface Job {
  file: string;
  target: string;
  busyTimeoutMs: number;
}

if (!isMainThread && parentPort && (workerData as { vacuumJob?: Job } | null)?.vacuumJob) {
  const job = (workerData as { vacuumJob: Job }).vacuumJob;
  try {
    const db = new Database(job.file, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${job.busyTimeoutMs}`);
      db.prepare('VACUUM INTO ?').run(job.target);
    } finally {
      db.close();
    }
    parentPort.postMessage({ ok: true });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    parentPort.postMessage({ ok: false, code: e.code ?? null, message: e.message ?? String(err) });
  }
}

/** The partial copy and its rollback journal. */
export function removeCopy(target: string): void {
  fs.rmSync(target, { force: true });
  fs.rmSync(`${target}-journal`, { force: true });
}

/**
 * `VACUUM INTO target` on a worker thread. When `signal` aborts first, the partial copy (and its
 * journal) is removed at once — SQLite notices within a moment that its file is gone and the copy
 * fails — and the promise rejects with 'interrupted' once the thread has ended, with the files swept
 * again. (Ending the process while the thread is still inside SQLite makes Node abort, so it waits.)
 */
export function copyDatabaseInterruptible(file: string, target: string, signal: AbortSignal, busyTimeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('interrupted'));
      return;
    }
    const worker = new Worker(new URL(import.meta.url), { workerData: { vacuumJob: { file, target, busyTimeoutMs } } });
    let done = false;
    const finish = (outcome: { ok: boolean; code?: string | null; message?: string } | Error) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) {
        removeCopy(target);
        reject(new Error('interrupted'));
      } else if (outcome instanceof Error) reject(outcome);
      else if (outcome.ok) resolve();
      else reject(Object.assign(new Error(outcome.message ?? 'VACUUM INTO failed'), { code: outcome.code ?? undefined }));
    };
    const onAbort = () => removeCopy(target);
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', finish);
    worker.once('error', finish);
    worker.once('exit', (code) => finish(new Error(`copy thread ended with ${code}`)));
  });
}
