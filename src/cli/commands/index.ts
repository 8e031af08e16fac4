// Every command, in help order, and how to load it. A command module defines its options and help
// when registered and imports its services inside the action. Only the module of the command being
// run is loaded (all of them for help, suggestions and unknown names): loading all nineteen cost
// about 60 ms of every start, the session's first frame included.
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  aliases?: string[];
  load: () => Promise<{ register(program: Command): void }>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'session', load: () => import('./session.js') },
  { name: 'queue', load: () => import('./queue.js') },
  { name: 'leads', load: () => import('./leads.js') },
  { name: 'scripts', load: () => import('./scripts.js') },
  { name: 'init', load: () => import('./init.js') },
  { name: 'users', load: () => import('./users.js') },
  { name: 'import', load: () => import('./import.js') },
  { name: 'dnc', load: () => import('./dnc.js') },
  { name: 'config', load: () => import('./config.js') },
  { name: 'doctor', load: () => import('./doctor.js') },
  { name: 'backup', load: () => import('./backup.js') },
  { name: 'restore', load: () => import('./restore.js') },
  { name: 'demo', load: () => import('./demo.js') },
  { name: 'followups', aliases: ['fu'], load: () => import('./followups.js') },
  { name: 'care', load: () => import('./care.js') },
  { name: 'export', load: () => import('./export.js') },
  { name: 'report', load: () => import('./report.js') },
  { name: 'targets', load: () => import('./targets.js') },
  { name: 'violations', load: () => import('./violations.js') },
];

/** Global options that take a value: their value is not the command name. */
const GLOBAL_WITH_VALUE = new Set(['--db', '--as', '--lang']);

/**
 * The commands a command line needs registered: the one it names; for plain `repdesk`, the session
 * (its default action); everything for help, `help`, or a name that is not a command (so commander
 * can suggest the nearest).
 */
export function commandsFor(args: string[]): CommandEntry[] {
  let named: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) {
      named = a;
      break;
    }
  }
  if (named === undefined) return args.includes('-h') || args.includes('--help') ? COMMANDS : COMMANDS.filter((c) => c.name === 'session');
  const entry = COMMANDS.find((c) => c.name === named || c.aliases?.includes(named));
  return entry ? [entry] : COMMANDS;
}
