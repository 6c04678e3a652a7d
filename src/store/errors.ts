/**
 * A write did not reach the store; what it holds is the last good state. Any implementation of the
 * port throws this, so the user is told that nothing was recorded.
 */
export class StoreWriteError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`${file}: write failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreWriteError';
  }
}
