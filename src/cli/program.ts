// The commander program: global options, lazily-loaded commands, translated help.
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import { t } from '../i18n/index.js';
import { COMMANDS, commandsFor } from './commands/index.js';
import { CommandContext, type GlobalOptions } from './context.js';

export function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'help.usage',
  'Options:': 'help.options',
  'Commands:': 'help.commands',
  'Arguments:': 'help.arguments',
  'Global Options:': 'help.global_options',
};

/** Build the context for an action from its command (options of all parents included). */
export function contextOf(cmd: Command): CommandContext {
  return new CommandContext(cmd.optsWithGlobals() as GlobalOptions);
}

/** Help text with an example, in the user's language. */
export function withExample(cmd: Command, ...examples: string[]): Command {
  return cmd.addHelpText('after', `\n${t('help.examples')}\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

/** The program with the commands `args` (argv without node and script) needs; all of them without args. */
export async function buildProgram(args?: string[]): Promise<Command> {
  const program = new Command('repdesk')
    .description(t('cli.description'))
    .version(readVersion(), '-V, --version', t('cli.opt.version'))
    .helpOption('-h, --help', t('cli.opt.help'))
    .helpCommand('help [command]', t('cli.opt.help'))
    .option('--db <path>', t('cli.opt.db'))
    .option('--as <user>', t('cli.opt.as'))
    .option('--json', t('cli.opt.json'))
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(['en', 'zh-TW', 'zh-CN']))
    .option('--no-color', t('cli.opt.no_color'))
    .option('--debug', t('cli.opt.debug'))
    .showSuggestionAfterError(true);
  withExample(program, 'repdesk init --name alice --role rep --country TW --timezone Asia/Taipei --yes', 'repdesk demo');

  const entries = args ? commandsFor(args) : COMMANDS;
  for (const m of await Promise.all(entries.map((e) => e.load()))) m.register(program);
  // Plain `repdesk` opens the daily session on a terminal (src/cli/commands/session.ts).
  program.allowExcessArguments(true).action(async (_opts: unknown, cmd: Command) => {
    const { defaultAction } = await import('./commands/session.js');
    await defaultAction(cmd);
  });

  // exitOverride/configureOutput do not propagate to commands added earlier, so apply them to all.
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureHelp({ styleTitle: (title: string) => (HELP_TITLES[title] ? t(HELP_TITLES[title]) : title), showGlobalOptions: true });
    cmd.configureOutput({
      outputError: () => {
        /* reported by main() in the user's language */
      },
    });
    cmd.helpOption('-h, --help', t('cli.opt.help'));
    cmd.commands.forEach((c) => configure(c as Command));
  };
  configure(program);
  return program;
}

export { CommanderError };
