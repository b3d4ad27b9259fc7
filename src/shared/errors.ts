/**
 * One catalogue of domain errors. Handlers throw these; the HTTP layer maps each code to a status
 * once (see `httpStatusOf`), and answers with Sentry's error body shape `{"detail": …}`.
 */
export const ErrorCodes = {
  invalid_config: 500,
  bad_request: 400,
  invalid_envelope: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options?: { headers?: Record<string, string>; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code];
    this.headers = options?.headers;
  }
}

/** A configuration problem: printed as one human line at start, never as a stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function httpStatusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  const status = (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
