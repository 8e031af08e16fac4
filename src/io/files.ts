// Durable file operations: checksums, fsync of files and folders, private folders.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Make a rename or unlink in `dir` durable (a no-op where folders cannot be opened). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported on this platform */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Write a small file so that it is on disk before this returns: temp, fsync, rename, fsync folder. */
export function writeFileDurable(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The file's permission bits, or null when it does not exist. */
export function fileMode(file: string): number | null {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return null;
  }
}

/** `sha256sum`-compatible line: "<hex>  <file name>". */
export function checksumLine(hex: string, file: string): string {
  return `${hex}  ${path.basename(file)}\n`;
}

/** The hex digest from a `.sha256` file (either our format or a bare digest). */
export function parseChecksumFile(text: string): string | null {
  const m = /^([0-9a-f]{64})\b/i.exec(text.trim());
  return m ? m[1].toLowerCase() : null;
}

/** A private temporary copy of a stream, removed by `remove()` or when the process exits. */
export interface SpooledFile {
  path: string;
  remove(): void;
}

/**
 * Copy a stream (stdin) to a file in a fresh 0700 temp folder, mode 0600, so that it can be sampled,
 * hashed and streamed like any file instead of being held in memory.
 */
export async function spoolToTempFile(input: NodeJS.ReadableStream): Promise<SpooledFile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repdesk-stdin-'));
  const file = path.join(dir, 'input');
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    await pipeline(input, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    remove();
    throw err;
  }
  return {
    path: file,
    remove() {
      process.off('exit', remove);
      remove();
    },
  };
}
