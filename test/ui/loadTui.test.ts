import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { loadTui } from '../../src/ui/run.js';

describe('loadTui', () => {
  it('uses the bundle when it is newer than every compiled UI file, else the separate modules', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'screens'));
    fs.writeFileSync(path.join(dir, 'screens', 'Queue.js'), '');
    fs.writeFileSync(path.join(dir, 'tui.bundle.js'), 'export const marker = "bundle";');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'screens', 'Queue.js'), old, old);
    expect(((await loadTui(dir)) as unknown as { marker?: string }).marker).toBe('bundle');
    // a UI file compiled after the bundle: the bundle is stale and is not used
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'screens', 'Queue.js'), later, later);
    const plain = await loadTui(dir);
    expect((plain as unknown as { marker?: string }).marker).toBeUndefined();
    expect(typeof plain.Root).toBe('function');
  });
});
