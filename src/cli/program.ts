// The commander program: global options, lazily-loaded commands, translated help.
import { Command, CommanderError, Option, type Argument } from 'commander';
import fs from 'node:fs';
import { usageError } from '../core/errors.js';
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
/** An option parser for a count such as --limit: a positive whole number, else a usage error (exit 2) with `errorKey`. */
export function positiveInt(errorKey: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw usageError(errorKey, { value });
    return n;
  };
}

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

  const json = args?.includes('--json') ?? false;
  const entries = args ? commandsFor(args) : COMMANDS;
  for (const m of await Promise.all(entries.map((e) => e.load()))) m.register(program);
  // Plain `repdesk` opens the daily session on a terminal (src/cli/commands/session.ts).
  program.allowExcessArguments(true).action(async (_opts: unknown, cmd: Command) => {
    const { defaultAction } = await import('./commands/session.js');
    await defaultAction(cmd);
  });

  // exitOverride/configureOutput do not propagate to commands added earlier, so apply them to all.
  const configure = (cmd: Command) => {
    // main() reports the error; it needs to know which command (`repdesk import`) it came from.
    cmd.exitOverride((err) => {
      (err as CommandError).command ??= commandPath(cmd);
      // The subcommands, for `repdesk dnc --json` (no help is shown there to list them).
      (err as CommandError).subcommands ??= cmd.commands.map((c) => c.name());
      throw err;
    });
    cmd.configureHelp({
      styleTitle: (title: string) => (HELP_TITLES[title] ? t(HELP_TITLES[title]) : title),
      showGlobalOptions: true,
      optionDescription: (o: Option) =>
        withExtras(o.description, o.argChoices, o.defaultValue !== undefined && (o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean')), o),
      argumentDescription: (a: Argument) => withExtras(a.description, a.argChoices, a.defaultValue !== undefined, a),
    });
    cmd.configureOutput({
      outputError: () => {
        /* reported by main() in the user's language */
      },
      // Help shown for a usage error (`repdesk import` without a subcommand) goes to stderr, except
      // with --json, where stderr holds just the JSON error.
      ...(json ? { writeErr: () => {} } : {}),
    });
    cmd.helpOption('-h, --help', t('cli.opt.help'));
    // The implicit `help [command]` of a command with subcommands (created on demand, so ask for it).
    const helpCommand = cmd.createHelp().visibleCommands(cmd).find((c) => !cmd.commands.includes(c));
    helpCommand?.description(t('cli.opt.help'));
    cmd.commands.forEach((c) => configure(c as Command));
  };
  configure(program);
  return program;
}

/** Help's "(choices: …, default: …)" after a description, in the user's language. */
function withExtras(
  description: string,
  choices: readonly string[] | undefined,
  showDefault: boolean,
  o: { defaultValue?: unknown; defaultValueDescription?: string; presetArg?: unknown; optional?: boolean; envVar?: string },
): string {
  const q = (v: unknown) => JSON.stringify(v);
  const extras: string[] = [];
  if (choices) extras.push(t('help.choices', { values: choices.map(q).join(t('help.list_sep')) }));
  if (showDefault) extras.push(t('help.default', { value: o.defaultValueDescription || q(o.defaultValue) }));
  if (o.presetArg !== undefined && o.optional) extras.push(t('help.preset', { value: q(o.presetArg) }));
  if (o.envVar !== undefined) extras.push(t('help.env', { name: o.envVar }));
  if (!extras.length) return description;
  // ' (…)' in English, '（…）' in Chinese: the gap is part of the message.
  const extra = t('help.extras', { items: extras.join(t('help.extras_sep')) });
  return description ? description + extra : extra.trimStart();
}

/** A commander error, with the command it came from (`repdesk users list`). */
export type CommandError = CommanderError & { command?: string; subcommands?: string[] };

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Commander's own error messages (English only) in the user's language, by their code, with the
 * names and values read from commander's text and its "Did you mean …" suggestion kept.
 * Undefined for a code this does not know (the English text is then shown as it is).
 */
export function commanderMessage(err: CommandError): string | undefined {
  const text = err.message.replace(/^error: /, '');
  const [first, suggestion] = splitSuggestion(text);
  const quoted = [...first.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  let message: string | undefined;
  switch (err.code) {
    case 'commander.missingArgument':
      message = t('cli.usage.missing_argument', { name: quoted[0], command: err.command ?? 'repdesk' });
      break;
    case 'commander.optionMissingArgument':
      message = t('cli.usage.option_missing_argument', { option: quoted[0] });
      break;
    case 'commander.missingMandatoryOptionValue':
      message = t('cli.usage.missing_mandatory_option', { option: quoted[0] });
      break;
    case 'commander.conflictingOption':
      message = t('cli.usage.conflicting_option', { first: quoted[0], second: quoted[1] });
      break;
    case 'commander.unknownOption':
      message = t('cli.usage.unknown_option', { option: quoted[0], command: err.command ?? 'repdesk' });
      break;
    case 'commander.unknownCommand':
      message = t('cli.usage.unknown_command', { name: quoted[0], command: err.command ?? 'repdesk' });
      break;
    case 'commander.excessArguments': {
      const counts = /Expected (\d+) arguments? but got (\d+)/.exec(first);
      if (counts) message = t('cli.usage.excess_arguments', { command: err.command ?? 'repdesk', expected: counts[1], got: counts[2] });
      break;
    }
    case 'commander.invalidArgument': {
      // "option '--role <role>' argument 'x' is invalid. REASON" or
      // "command-argument value 'x' is invalid for argument 'role'. REASON", where REASON is commander's
      // list of choices or the (already translated) text of one of our own parsers.
      const opt = /^option '([^']*)' argument '(.*)' is invalid\.(?: (.*))?$/s.exec(first);
      const arg = /^command-argument value '(.*)' is invalid for argument '([^']*)'\.(?: (.*))?$/s.exec(first);
      const reasonOf = (r: string | undefined) => {
        const choices = /^Allowed choices are (.*)\.$/s.exec(r ?? '');
        return choices ? t('cli.usage.allowed_choices', { choices: choices[1].split(', ').join(t('help.list_sep')) }) : (r ?? '');
      };
      if (opt) message = t('cli.usage.invalid_option_value', { option: opt[1], value: opt[2], reason: reasonOf(opt[3]) }).trimEnd();
      else if (arg) message = t('cli.usage.invalid_argument_value', { name: arg[2], value: arg[1], reason: reasonOf(arg[3]) }).trimEnd();
      break;
    }
  }
  if (message === undefined) return undefined;
  return suggestion ? `${message}\n${suggestion}` : message;
}

/** Commander's "\n(Did you mean x?)" / "\n(Did you mean one of x, y?)", translated. */
function splitSuggestion(text: string): [string, string | undefined] {
  const m = /\n\(Did you mean (one of )?(.*)\?\)$/s.exec(text);
  if (!m) return [text, undefined];
  const first = text.slice(0, m.index);
  if (m[1]) return [first, t('cli.usage.did_you_mean_one_of', { suggestions: m[2].split(', ').join(t('help.list_sep')) })];
  return [first, t('cli.usage.did_you_mean', { suggestion: m[2] })];
}

export { CommanderError };
