// Where export bytes go: a file written as a private temp file and renamed into place (never a
// partial file under the final name, never an overwrite without --force), or stdout with
// back-pressure. Both count bytes and hash them (the audit records the SHA-256).
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.js';
import { fsyncDir } from '../files.js';

export interface Sink {
  /** Resolves when the bytes may be overwritten by the caller (file: written; stdout: accepted). */
  write(chunk: Buffer): void | Promise<void>;
  readonly bytes: number;
  sha256(): string;
  /** The path written, or '-' for stdout. */
  readonly target: string;
  /** Set when Ctrl-C (SIGINT) or SIGTERM arrived: the export loop stops at its next batch. */
  readonly interrupted?: NodeJS.Signals;
}

/** The error that ends an export stopped by Ctrl-C: exit 130, nothing written. */
export function interruptedError(file: string): AppError {
  return new AppError('interrupted', 'export.error.interrupted', { file });
}

function cannotWrite(file: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
  return new AppError('unexpected', 'export.error.cannot_write', { file, reason: code }, { cause: err });
}

export class FileSink implements Sink {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private fd: number | undefined;
  private digest?: string;
  interrupted?: NodeJS.Signals;
  private readonly onSignal: (signal: NodeJS.Signals) => void;

  private constructor(
    readonly target: string,
    private readonly tmp: string,
    private readonly force: boolean,
  ) {
    // The first signal is noted: the export loop checks it between batches (it yields to the event
    // loop so the signal is seen), ends the row iterator, removes the temp file and exits 130 with a
    // message. A second signal (something is stuck) removes the temp file and exits at once.
    this.onSignal = (signal) => {
      if (this.interrupted) {
        this.abort();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      this.interrupted = signal;
    };
  }

  /** Check the target and open the temp file beside it (mode 0600). */
  static open(file: string, opts: { force: boolean }): FileSink {
    const target = path.resolve(file);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(target);
    } catch {
      st = undefined;
    }
    // The message suggests FILE/export.csv: without the trailing slash, so never 'dir//export.csv'.
    if (st?.isDirectory()) throw new AppError('usage', 'export.error.is_directory', { file: file.replace(/(.)[\\/]+$/, '$1') });
    if (st && !opts.force) throw new AppError('usage', 'export.error.exists', { file });
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
    const sink = new FileSink(target, tmp, opts.force);
    try {
      sink.fd = fs.openSync(tmp, 'wx', 0o600);
    } catch (err) {
      throw cannotWrite(file, err);
    }
    process.on('SIGINT', sink.onSignal);
    process.on('SIGTERM', sink.onSignal);
    return sink;
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let off = 0;
    try {
      while (off < chunk.length) off += fs.writeSync(this.fd, chunk, off, chunk.length - off);
    } catch (err) {
      throw cannotWrite(this.target, err);
    }
  }

  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  /** fsync, close and move into place; refuses to replace a file that appeared meanwhile (no --force). */
  commit(): void {
    if (this.fd === undefined) return;
    if (this.interrupted) {
      // Ctrl-C came while the last bytes were written: honour it, the target stays as it was.
      this.abort();
      throw interruptedError(this.target);
    }
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = undefined;
      if (this.force) fs.renameSync(this.tmp, this.target);
      else {
        try {
          fs.linkSync(this.tmp, this.target);
          fs.unlinkSync(this.tmp);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('usage', 'export.error.exists', { file: this.target });
          // File systems without hard links: the existence check above has to do.
          fs.renameSync(this.tmp, this.target);
        }
      }
      fsyncDir(path.dirname(this.target));
    } catch (err) {
      this.abort();
      throw err instanceof AppError ? err : cannotWrite(this.target, err);
    } finally {
      this.detach();
    }
  }

  /** Remove the temp file; the target is untouched. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    try {
      fs.unlinkSync(this.tmp);
    } catch {
      /* never created, or already moved */
    }
    this.detach();
  }

  private detach(): void {
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}

/**
 * stdout with back-pressure. A reader that goes away (`| head`) ends the process quietly: main.ts
 * exits 0 on EPIPE; `onBrokenPipe` runs first so the export can still be audited as cut short.
 */
export class StdoutSink implements Sink {
  bytes = 0;
  readonly target = '-';
  private readonly hash: Hash = createHash('sha256');
  private digest?: string;

  constructor(onBrokenPipe?: (sink: StdoutSink) => void) {
    if (onBrokenPipe) {
      process.stdout.prependListener('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') onBrokenPipe(this);
      });
    }
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }

  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  async end(): Promise<void> {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }
}
