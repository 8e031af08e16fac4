// repdesk doctor: health of the installation and the database, one line per check; exit 1 on a failure.
import { Command } from 'commander';
import { getLang, isLang, setLang, t } from '../../i18n/index.js';
import type { Lang } from '../../core/types.js';
import { contextOf, withExample } from '../program.js';

function langSource(global: { lang?: string }, env: NodeJS.ProcessEnv): string {
  if (global.lang) return '--lang';
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG']) if (env[k]) return `${k}=${env[k]}`;
  return t('doctor.locale.default');
}

export function register(program: Command): void {
  const doctor = new Command('doctor').description(t('doctor.description')).action(async (_opts: unknown, command: Command) => {
    const ctx = contextOf(command);
    const { configuredLang, runDoctor } = await import('../../services/doctor.js');
    let source = langSource(ctx.global, process.env);
    if (!ctx.global.lang) {
      const lang = await configuredLang(ctx.dbPath);
      if (lang && isLang(lang)) {
        setLang(lang as Lang);
        source = t('doctor.locale.config');
      }
    }
    const res = await runDoctor({
      dbPath: ctx.dbPath,
      env: process.env,
      stdinTTY: Boolean(process.stdin.isTTY),
      stdoutTTY: Boolean(process.stdout.isTTY),
      lang: getLang(),
      langSource: source,
      now: ctx.clock.now(),
    });
    const rows = res.checks.map((c) => ({
      id: c.id,
      status: c.status,
      check: t(`doctor.check.${c.id}`),
      detail: t(c.key, c.params),
      fix: c.fix ? t(c.fix, c.fixParams) : null,
    }));
    if (ctx.out.json) {
      ctx.out.printJson({ ok: res.ok, db: ctx.dbPath, checks: rows });
    } else {
      const ch = ctx.out.chalk;
      const paint = { ok: ch.green, warn: ch.yellow, fail: ch.red };
      ctx.out.table(
        [
          { header: t('doctor.col.status'), value: (r) => t(`doctor.status.${r.status}`), style: (s, r) => paint[r.status](s) },
          { header: t('doctor.col.check'), value: (r) => r.check },
          { header: t('doctor.col.detail'), value: (r) => (r.fix ? `${r.detail} → ${r.fix}` : r.detail) },
        ],
        rows,
      );
      const fails = rows.filter((r) => r.status === 'fail').length;
      const warns = rows.filter((r) => r.status === 'warn').length;
      ctx.out.info(fails ? t('doctor.summary_fail', { fails, warns }) : t('doctor.summary_ok', { warns }));
    }
    // A database file that does not exist (a mistyped --db) is exit 4, like every other command.
    if (res.missing) process.exitCode = 4;
    else if (!res.ok) process.exitCode = 1;
  });
  withExample(doctor, 'repdesk doctor', 'repdesk doctor --json');
  program.addCommand(doctor);
}
