import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What belongs to one incoming request while it is handled, however far the work travels. */
export interface RequestScope {
  /** On every log line written while handling the request, so one grep finds them all. */
  readonly id: string;
  /** Set when a person was shown a failure reference, so the adapter can count it. */
  failed: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * Runs work inside a request scope. AsyncLocalStorage carries it through awaits, timers and
 * library callbacks, so listeners need not pass a request id around by hand. Inside an existing
 * scope (Bolt running within the HTTP request that carried the event) the outer scope is kept.
 */
export function inRequestScope<T>(work: (scope: RequestScope) => T): T {
  const current = storage.getStore();
  if (current) return work(current);
  const scope: RequestScope = { id: randomBytes(6).toString('hex'), failed: false };
  return storage.run(scope, () => work(scope));
}

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** Marks the current request as failed on our side (a reference was shown to the person). */
export function noteFailure(): void {
  const scope = storage.getStore();
  if (scope) scope.failed = true;
}
