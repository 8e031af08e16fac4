// One export per area catalogue. Add a line when an area gets its own messages file.
export * as config from './config.js';
export * as foundation from './foundation.js';
export * as followups from './followups.js';
export * as session from './session.js';
export * as export_ from './export.js';
export * as importing from './import.js';
export * as tabular from './tabular.js';
export * as dnc from './dnc.js';
export * as scripts from './scripts.js';
export * as queue from './queue.js';
export * as report from './report.js';
