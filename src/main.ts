// Composition root: language, the commander program, and the single error-to-exit-code path.
import { CommanderError } from 'commander';
import { AppError } from './core/errors.js';
import type { Lang } from './core/types.js';
import { isLang, langFromEnv, setLang, t } from './i18n/index.js';
import { colorEnabled, reportError } from './cli/output.js';

function earlyFlag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

export async function main(argv: string[] = process.argv): Promise<void> {
  process.umask(0o077);
  // `repdesk … | head` closes the pipe early: that is a normal end, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });

  const args = argv.slice(2);
  const langFlag = earlyFlag(args, '--lang');
  setLang(langFlag && isLang(langFlag) ? (langFlag as Lang) : langFromEnv(process.env));
  const debug = args.includes('--debug');
  const json = args.includes('--json');
  const color = !args.includes('--no-color') && colorEnabled(undefined, process.stderr);

  const cli = await import('./cli/program.js');
  const program = await cli.buildProgram(args);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err, { debug, json, color }, args, cli.commanderMessage);
  }
}

function exitCodeFor(
  err: unknown,
  opts: { debug: boolean; json: boolean; color: boolean },
  args: string[],
  commanderMessage: (err: CommanderError & { command?: string }) => string | undefined,
): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
    if (err.code === 'commander.help') {
      // `repdesk help` asked for it (stdout, 0); `repdesk import` without a subcommand gets it on
      // stderr as a usage error (commander marks that with exit code 1).
      if (err.exitCode === 0) return 0;
      // `repdesk help bogus` lands here too: name the command that does not exist.
      const asked = args.includes('help') ? args[args.indexOf('help') + 1] : undefined;
      if (asked !== undefined && !asked.startsWith('-')) {
        return reportError(new AppError('usage', 'cli.error.usage', { detail: t('cli.usage.unknown_command', { name: asked }), code: 'commander.unknownCommand' }), opts);
      }
      const command = (err as CommanderError & { command?: string }).command ?? 'repdesk';
      const commands = ((err as CommanderError & { subcommands?: string[] }).subcommands ?? []).join(', ');
      return reportError(new AppError('usage', 'cli.error.missing_command', { command, commands, code: err.code }), opts);
    }
    const detail = commanderMessage(err) ?? err.message.replace(/^error: /, '');
    return reportError(new AppError('usage', 'cli.error.usage', { detail, code: err.code }), opts);
  }
  if (err instanceof AppError) return reportError(err, opts);
  if ((err as { code?: string })?.code === 'EPIPE') return 0;
  return reportError(err, opts);
}

export { t };
