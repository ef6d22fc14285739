/** An error that becomes an HTTP response: the status and one line saying what was wrong. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
