import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { Logger } from '../core/logging/logger.ts';

const scope = new AsyncLocalStorage<Logger>();
let installed = false;

const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const;

/**
 * botbuilder writes straight to the console when it turns a token down: the whole stack of an
 * expired token's error, the signing keys after a bad signature. That is outside our logger, has
 * no request id, and would print once per forged request. While `work` runs (authenticating one
 * request), whatever botbuilder writes to the console goes to our logger at debug level instead,
 * one line without a stack; the rejection itself is logged once, by the caller. Console output
 * from anywhere else is untouched.
 */
export function libraryConsoleToLogger<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  install();
  return scope.run(logger, work);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      const logger = scope.getStore();
      if (!logger) {
        original.apply(console, args);
        return;
      }
      logger.debug({ library: 'botbuilder', said: firstLine(args) }, 'library output while authenticating');
    };
  }
}

function firstLine(args: unknown[]): string {
  const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : format('%s', a))).join(' ');
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
