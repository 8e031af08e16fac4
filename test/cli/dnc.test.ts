import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../helpers/cli.js';

describe('repdesk dnc through the binary', () => {
  it('add, check, list, remove with roles and exit codes', () => {
    const ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'rita', '--role', 'rep']).code).toBe(0);
    const add = ws.run(['--as', 'rita', 'dnc', 'add', '0912-345-678', '--reason', '客戶要求']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('+886912345678 is now on the do-not-call list');
    expect(ws.run(['dnc', 'add', '+886912345678']).stdout).toContain('was already on');
    const check = ws.run(['dnc', 'check', '０９１２３４５６７８']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('BLOCKED: reason 客戶要求; source manual; added by rita');
    expect(ws.run(['--json', 'dnc', 'check', '0922333444']).json()).toMatchObject({ phone: '+886922333444', blocked: false });
    expect(ws.run(['--json', 'dnc', 'list']).json()).toMatchObject([{ phone: '+886912345678', reason: '客戶要求', added_by: 'rita' }]);
    const denied = ws.run(['--as', 'rita', 'dnc', 'remove', '0912345678']);
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('lead');
    const rm = ws.run(['--json', 'dnc', 'remove', '0912345678', '--reason', 'consent']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json()).toMatchObject({ phone: '+886912345678', removed: true });
    expect(ws.run(['dnc', 'check', '0912345678']).stdout).toContain('was removed from the list');
    expect(ws.run(['dnc', 'remove', '0912345678']).code).toBe(4);
    const bad = ws.run(['dnc', 'add', '12']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('country code');
    expect(ws.run(['--lang', 'zh-CN', 'dnc', 'check', '0922333444']).stdout).toContain('不在免打扰名单上');
  });
});
