// Start-up: `repdesk --version` and `repdesk --help` against `node -e 0`, alternately, same run.
import { compare, repdesk, timeCommand } from './lib.mjs';

export default function run({ runs = 15 } = {}) {
  const node = () => timeCommand(process.execPath, ['-e', '0']);
  compare('startup: repdesk --version vs node -e 0', () => repdesk(['--version']), node, runs);
  compare('startup: repdesk --help vs node -e 0', () => repdesk(['--help']), node, runs);
}
