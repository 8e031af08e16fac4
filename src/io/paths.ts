// Where repdesk keeps its files: the OS data directory unless --db or REPDESK_DB says otherwise.
import envPaths from 'env-paths';
import path from 'node:path';

const paths = envPaths('repdesk', { suffix: '' });

export function dataDir(): string {
  return process.env.REPDESK_DATA_DIR ?? paths.data;
}

export function defaultDbPath(): string {
  return path.join(dataDir(), 'repdesk.db');
}

export function demoDbPath(): string {
  return path.join(dataDir(), 'demo.db');
}

/** Backups sit beside the database they protect. */
export function backupDirFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'backups');
}
