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

  const { buildProgram } = await import('./cli/program.js');
  const program = await buildProgram(args);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err, { debug, json, color });
  }
}

function exitCodeFor(err: unknown, opts: { debug: boolean; json: boolean; color: boolean }): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return 0;
    }
    const detail = err.message.replace(/^error: /, '');
    return reportError(new AppError('usage', 'cli.error.usage', { detail }), opts);
  }
  if (err instanceof AppError) return reportError(err, opts);
  if ((err as { code?: string })?.code === 'EPIPE') return 0;
  return reportError(err, opts);
}

export { t };
