// Which command modules a command line loads: only what it runs, everything for help and typos.
import { Command, CommanderError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor } from '../../src/cli/commands/index.js';
import { buildProgram, commanderMessage, type CommandError } from '../../src/cli/program.js';
import { setLang } from '../../src/i18n/index.js';

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

describe("commander's messages in the user's language", () => {
  const errorOf = (cmd: Command, args: string[]): CommandError => {
    cmd.exitOverride().configureOutput({ writeErr: () => {}, outputError: () => {} });
    try {
      cmd.parse(args, { from: 'user' });
    } catch (err) {
      return err as CommandError;
    }
    throw new Error('no error');
  };

  it('names both options of a conflict, and leaves a message it does not know as it is (undefined)', () => {
    setLang('zh-TW');
    try {
      const cmd = new Command('x').option('--csv').addOption(new Option('--json').conflicts('csv'));
      expect(commanderMessage(errorOf(cmd, ['--csv', '--json']))).toBe('--json 不能與 --csv 一起使用');
      expect(commanderMessage(Object.assign(new CommanderError(1, 'commander.somethingNew', 'error: new'), {}))).toBeUndefined();
      const choices = new Command('y').addOption(new Option('--kind <k>').choices(['a', 'b']));
      expect(commanderMessage(errorOf(choices, ['--kind', 'c']))).toBe('選項 --kind <k> 的值「c」無效。可用的值：a、b。');
    } finally {
      setLang('en');
    }
  });
});
