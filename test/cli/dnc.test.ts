import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../helpers/cli.js';

describe('repdesk dnc through the binary', () => {
  let ws: ReturnType<typeof cliWorkspace>;
  beforeAll(() => {
    ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'rita', '--role', 'rep']).code).toBe(0);
  });

  it('add (any role) and check: blocked, why, by whom; numbers in any format', () => {
    const add = ws.run(['--as', 'rita', 'dnc', 'add', '0912-345-678', '--reason', '客戶要求']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('+886912345678 is now on the do-not-call list');
    expect(ws.run(['dnc', 'add', '+886912345678']).stdout).toContain('was already on');
    const check = ws.run(['dnc', 'check', '０９１２３４５６７８']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('BLOCKED: reason 客戶要求; source manual; added by rita');
    expect(ws.run(['--json', 'dnc', 'check', '0922333444']).json()).toMatchObject({ phone: '+886922333444', blocked: false });
  });

  it('list, then remove: refused for a rep (exit 5), audited for an admin, not found after (exit 4)', () => {
    ws.run(['dnc', 'add', '0933111222', '--reason', 'asked']);
    expect(ws.run(['--json', 'dnc', 'list']).json()).toEqual(expect.arrayContaining([expect.objectContaining({ phone: '+886933111222', reason: 'asked', added_by: 'alice' })]));
    const denied = ws.run(['--as', 'rita', 'dnc', 'remove', '0933111222']);
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('lead');
    const rm = ws.run(['--json', 'dnc', 'remove', '0933111222', '--reason', 'consent']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json()).toMatchObject({ phone: '+886933111222', removed: true });
    expect(ws.run(['dnc', 'remove', '0933111222']).code).toBe(4);
  });

  it('a number that cannot be normalised is exit 3 with the fix; messages in 简体中文', () => {
    const bad = ws.run(['dnc', 'add', '12']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('country code');
    expect(ws.run(['--lang', 'zh-CN', 'dnc', 'check', '0944555666']).stdout).toContain('不在免打扰名单上');
  });
});
