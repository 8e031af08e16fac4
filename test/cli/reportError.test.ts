// reportError: the one place where anything thrown becomes stderr text or JSON and an exit code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/output.js';
import { AppError } from '../../src/core/errors.js';
import { setLang } from '../../src/i18n/index.js';

function capture(fn: () => number): { code: number; err: string } {
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: fn(), err };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => setLang('en'));

describe('reportError', () => {
  it('an unexpected error with --json is one JSON object on stderr, kind "unexpected", no stack', () => {
    const { code, err } = capture(() => reportError(new TypeError('boom'), { debug: false, json: true, color: false }));
    expect(code).toBe(1);
    const parsed = JSON.parse(err) as { error: { kind: string; key: string; message: string; params: Record<string, string> } };
    expect(parsed.error).toMatchObject({ kind: 'unexpected', key: 'common.unexpected', params: { message: 'boom' } });
    expect(parsed.error.message).toContain('boom');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('without --json: translated text and the --debug hint, no stack; --debug adds the stack', () => {
    setLang('zh-TW');
    const plain = capture(() => reportError(new Error('boom'), { debug: false, json: false, color: false }));
    expect(plain.err).toContain('錯誤：非預期的失敗：boom');
    expect(plain.err).toContain('--debug');
    expect(plain.err).not.toMatch(/\n\s+at /);
    const debug = capture(() => reportError(new Error('boom'), { debug: true, json: false, color: false }));
    expect(debug.err).toMatch(/\n\s+at /);
  });

  it("SQLite's busy/locked from any code path is exit 6 with the database-busy message", () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const text = capture(() => reportError(busy, { debug: false, json: false, color: false }));
    expect(text.code).toBe(6);
    expect(text.err).toContain('Database busy');
    expect(text.err).not.toContain('database is locked');
    const locked = Object.assign(new Error('database table is locked'), { code: 'SQLITE_LOCKED' });
    const json = capture(() => reportError(locked, { debug: false, json: true, color: false }));
    expect(json.code).toBe(6);
    expect(JSON.parse(json.err).error.kind).toBe('busy');
  });

  it('AppErrors keep their kind, key and exit code', () => {
    const { code, err } = capture(() => reportError(new AppError('not_found', 'user.error.unknown', { user: 'ghost' }), { debug: false, json: true, color: false }));
    expect(code).toBe(4);
    expect(JSON.parse(err).error).toMatchObject({ kind: 'not_found', key: 'user.error.unknown', user: 'ghost' });
  });
});
