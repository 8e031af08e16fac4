// Typed errors carry a message key and parameters, never English text: the CLI translates them
// (src/i18n) and maps the kind to an exit code in one place (src/cli/output.ts).

export type ErrorKind =
  | 'unexpected' // exit 1
  | 'usage' // exit 2
  | 'invalid_input' // exit 3
  | 'not_found' // exit 4
  | 'refused' // exit 5 (compliance rule or permission)
  | 'busy' // exit 6 (database busy or locked past the timeout)
  | 'interrupted'; // exit 130 (Ctrl-C or SIGTERM: the work was stopped and rolled back)

export const EXIT_CODES: Record<ErrorKind, number> = {
  unexpected: 1,
  usage: 2,
  invalid_input: 3,
  not_found: 4,
  refused: 5,
  busy: 6,
  interrupted: 130,
};

export type MessageParams = Record<string, string | number>;

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly key: string,
    readonly params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(`${key} ${JSON.stringify(params)}`, options);
    this.name = 'AppError';
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** Long work checks this between batches: once Ctrl-C was pressed it stops, and its caller rolls back. */
export function stopIfInterrupted(signal: { readonly aborted: boolean } | undefined, file: string): void {
  if (signal?.aborted) throw new AppError('interrupted', 'import.error.interrupted', { file });
}

export const usageError = (key: string, params?: MessageParams) => new AppError('usage', key, params);
export const invalidInput = (key: string, params?: MessageParams) => new AppError('invalid_input', key, params);
export const notFound = (key: string, params?: MessageParams) => new AppError('not_found', key, params);
export const refused = (key: string, params?: MessageParams) => new AppError('refused', key, params);
