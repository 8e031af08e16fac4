// Every command's registration, in help order. Each module defines options and help eagerly
// (cheap) and imports its services inside the action (so `repdesk --help` stays fast).
import type { Command } from 'commander';
import { register as init } from './init.js';
import { register as users } from './users.js';
import { register as importCmd } from './import.js';
import { register as dnc } from './dnc.js';
import { register as config } from './config.js';
import { register as doctor } from './doctor.js';
import { register as backup } from './backup.js';
import { register as restore } from './restore.js';
import { register as demo } from './demo.js';
import { register as exportCmd } from './export.js';
import { register as followups } from './followups.js';
import { register as care } from './care.js';
import { register as report } from './report.js';
import { register as targets } from './targets.js';
import { register as session } from './session.js';
import { register as scripts } from './scripts.js';
import { register as queue } from './queue.js';
import { register as leads } from './leads.js';
import { register as violations } from './violations.js';

export const commandModules: ((program: Command) => void)[] = [session, queue, leads, scripts, init, users, importCmd, dnc, config, doctor, backup, restore, demo, followups, care, exportCmd, report, targets, violations];
