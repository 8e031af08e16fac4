// Which command modules a command line loads: only what it runs, everything for help and typos.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/program.js';

const names = (args: string[]) => commandsFor(args).map((c) => c.name);

describe('command loading', () => {
  it('the table names exactly the command (and aliases) each module registers', async () => {
    for (const entry of COMMANDS) {
      const host = new Command('repdesk');
      (await entry.load()).register(host);
      expect(host.commands.map((c) => [c.name(), c.aliases()])).toEqual([[entry.name, entry.aliases ?? []]]);
    }
  });

  it('loads only the named command, skipping global options and their values', () => {
    expect(names(['users', 'list'])).toEqual(['users']);
    expect(names(['--db', 'report', '--as', 'alice', 'report', 'month'])).toEqual(['report']);
    expect(names(['--lang=zh-TW', '--json', 'fu', 'add'])).toEqual(['followups']);
    expect(names([])).toEqual(['session']);
  });

  it('loads every command for help, the help command, and names that are not commands', () => {
    const all = COMMANDS.map((c) => c.name);
    expect(names(['--help'])).toEqual(all);
    expect(names(['help', 'import'])).toEqual(all);
    expect(names(['imprt', 'leads'])).toEqual(all);
  });

  it('builds a program holding just that command', async () => {
    const program = await buildProgram(['queue', '--limit', '5']);
    expect(program.commands.map((c) => c.name())).toEqual(['queue']);
    expect((await buildProgram()).commands.length).toBe(COMMANDS.length);
  });
});
