import { Argument, Command, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import { ROLES, type Role } from '../../core/types.js';
import { usageError } from '../../core/errors.js';

export function register(program: Command): void {
  const users = new Command('users').description(t('users.description'));

  const add = new Command('add')
    .description(t('users.add.description'))
    .argument('<username>', t('users.arg.username'))
    .addOption(new Option('--role <role>', t('init.opt.role')).choices(ROLES as string[]).default('rep'))
    .option('--display-name <name>', t('users.opt.display_name'))
    .option('--timezone <zone>', t('init.opt.timezone'))
    .option('--team <team>', t('users.opt.team'))
    .action(async (username: string, opts: { role: Role; displayName?: string; timezone?: string; team?: string }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const { addUser, defaultTimezone, shorten } = await import('../../services/users.js');
      const db = await ctx.openDb();
      // A team lead's reports and exports cover their team: without one they would see only themselves.
      if (opts.role === 'lead' && opts.team === undefined) throw usageError('users.error.lead_needs_team', { user: shorten(username) });
      // No --timezone: the database's configured zone (the one `init` set), said out loud.
      const timezone = opts.timezone ?? defaultTimezone(db);
      const user = addUser(db, actor, { username, role: opts.role, displayName: opts.displayName, timezone, team: opts.team }, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson(user);
      else {
        ctx.out.print(t('users.added', { user: user.username, role: t(`role.${user.role}`) }));
        if (opts.timezone === undefined) ctx.out.info(t(timezone ? 'users.timezone_default' : 'users.timezone_none', { user: user.username, zone: timezone ?? '' }));
      }
      ctx.close();
    });
  withExample(add, 'repdesk users add bob --role rep --timezone Asia/Taipei', 'repdesk users add mei --role lead --team north');

  const list = new Command('list')
    .description(t('users.list.description'))
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { listUsers } = await import('../../services/users.js');
      const rows = listUsers(await ctx.openDb());
      if (ctx.out.json) {
        ctx.out.printJson(rows.map((u) => ({ username: u.username, displayName: u.displayName, role: u.role, team: u.team, timezone: u.timezone, lang: u.lang })));
      } else {
        ctx.out.table(
          [
            { header: t('users.col.username'), value: (u) => u.username },
            { header: t('users.col.name'), value: (u) => u.displayName },
            { header: t('users.col.role'), value: (u) => t(`role.${u.role}`) },
            { header: t('users.col.team'), value: (u) => u.team ?? '' },
            { header: t('users.col.timezone'), value: (u) => u.timezone ?? '' },
          ],
          rows,
        );
      }
      ctx.close();
    });
  withExample(list, 'repdesk users list', 'repdesk users list --json');

  const role = new Command('role')
    .description(t('users.role.description'))
    .argument('<username>', t('users.arg.username'))
    .addArgument(new Argument('<role>', t('users.arg.role')).choices(ROLES as string[]))
    .action(async (username: string, roleName: Role, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const { changeRole } = await import('../../services/users.js');
      const user = changeRole(await ctx.openDb(), actor, username, roleName, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson({ username: user.username, role: user.role });
      else ctx.out.print(t('users.role_changed', { user: user.username, role: t(`role.${user.role}`) }));
      ctx.close();
    });
  withExample(role, 'repdesk users role bob lead');

  users.addCommand(add).addCommand(list).addCommand(role);
  withExample(users, 'repdesk users list');
  program.addCommand(users);
}
