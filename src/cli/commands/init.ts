import { Command, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import { usageError } from '../../core/errors.js';
import { LANGS, ROLES, type Lang, type Role } from '../../core/types.js';

interface InitOptions {
  name?: string;
  role?: Role;
  country?: string;
  timezone?: string;
  lang?: Lang;
  yes?: boolean;
}

export function register(program: Command): void {
  const cmd = new Command('init')
    .description(t('init.description'))
    .option('--name <name>', t('init.opt.name'))
    .addOption(new Option('--role <role>', t('init.opt.role')).choices(ROLES as string[]))
    .option('--country <code>', t('init.opt.country'))
    .option('--timezone <zone>', t('init.opt.timezone'))
    // --lang is the global option (listed once in the help): given to init, it is also stored as the user's language.
    .option('-y, --yes', t('init.opt.yes'))
    .action(async (opts: InitOptions, command: Command) => {
      const ctx = contextOf(command);
      const lang = ctx.global.lang as Lang | undefined;
      const answers = await collectAnswers({ ...opts, lang: lang && (LANGS as readonly string[]).includes(lang) ? lang : undefined }, ctx.interactive);
      const db = await ctx.openDb({ create: true });
      const { initWorkspace } = await import('../../services/users.js');
      const { user, created } = initWorkspace(db, answers, ctx.clock.now());
      if (ctx.out.json) {
        ctx.out.printJson({ user: user.username, role: user.role, country: answers.country.toUpperCase(), timezone: answers.timezone, lang: answers.lang, created, db: ctx.dbPath });
      } else {
        ctx.out.print(t(created ? 'init.done_created' : 'init.done_updated', { user: user.username, role: t(`role.${user.role}`), db: ctx.dbPath }));
      }
      ctx.close();
    });
  withExample(cmd, 'repdesk init', 'repdesk init --name 王小明 --role rep --country TW --timezone Asia/Taipei --lang zh-TW --yes');
  program.addCommand(cmd);
}

const REQUIRED = ['name', 'role', 'country', 'timezone'] as const;

async function collectAnswers(opts: InitOptions, interactive: boolean) {
  const missing = REQUIRED.filter((k) => !opts[k]);
  const scripted = opts.yes || !interactive;
  if (scripted && missing.length > 0) {
    throw usageError('init.error.missing_flags', { flags: missing.map((m) => `--${m}`).join(' ') });
  }
  if (missing.length === 0 && (opts.yes || !interactive)) {
    return { username: opts.name!, role: opts.role!, country: opts.country!, timezone: opts.timezone!, lang: opts.lang ?? null };
  }
  // Interactive: ask only for what was not given on the command line.
  const { input, select } = await import('@inquirer/prompts');
  const [{ isValidCountry }, { isValidTimeZone }] = await Promise.all([import('../../core/configValue.js'), import('../../core/config.js')]);
  const guessZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const username = opts.name ?? (await input({ message: t('init.ask.name'), validate: (v) => (v.trim() ? true : t('init.ask.required')) })).trim();
  const role =
    opts.role ??
    ((await select({ message: t('init.ask.role'), choices: ROLES.map((r) => ({ name: t(`role.${r}`), value: r })) })) as Role);
  const country =
    opts.country ??
    (await input({ message: t('init.ask.country'), default: 'TW', validate: (v) => (isValidCountry(v.toUpperCase()) ? true : t('init.ask.bad_country')) }));
  const timezone =
    opts.timezone ??
    (await input({ message: t('init.ask.timezone'), default: guessZone, validate: (v) => (isValidTimeZone(v) ? true : t('init.ask.bad_timezone')) }));
  const lang =
    opts.lang ??
    ((await select({ message: t('init.ask.lang'), choices: LANGS.map((l) => ({ name: t(`lang.${l}`), value: l })) })) as Lang);
  return { username, role, country: country.toUpperCase(), timezone, lang };
}
