/** An expected failure of a console request: answered with `status` and the message, never a stack trace. */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';

  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

const STATUS = {
  'CONSOLE.BAD_REQUEST': 400,
  'CONSOLE.UNAUTHORIZED': 401,
  'CONSOLE.FORBIDDEN': 403,
  'CONSOLE.NOT_FOUND': 404,
  'CONSOLE.CONFLICT': 409,
  'CONSOLE.UNREACHABLE': 503,
} as const;

export type ConsoleErrorCode = keyof typeof STATUS;

export const badRequest = (message: string): ConsoleError => new ConsoleError('CONSOLE.BAD_REQUEST', message);
export const notFound = (message: string): ConsoleError => new ConsoleError('CONSOLE.NOT_FOUND', message);
