import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import { currentRequest } from './request-scope.ts';

export type { Logger } from 'pino';

/** Field names whose values are secrets wherever they appear in a log record. */
const REDACTED_PATHS = [
  'apiKey',
  'token',
  'password',
  'secret',
  'authorization',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'config.OPENAI_API_KEY',
];

/** Shapes of credentials that must never reach a log, even inside a message string. */
const SECRET_SHAPES = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, /\bxapp-[A-Za-z0-9-]{8,}/g];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Exact secret values from configuration; any string containing one is masked. */
  secrets?: string[];
  destination?: DestinationStream;
}

/**
 * Structured JSON logging. Secrets are removed twice over: by field name (pino's redaction)
 * and by value (known secrets and credential shapes inside any string), because an error
 * message from a library can carry a key in its text.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const mask = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
    for (const shape of SECRET_SHAPES) out = out.replace(shape, '[REDACTED]');
    return out;
  };
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return mask(value);
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      // Keep it an Error so pino's own serializer still names its type.
      const copy = new Error(mask(value.message));
      copy.name = value.name;
      copy.stack = value.stack ? mask(value.stack) : undefined;
      return copy;
    }
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'opscoach' },
      // Every line written while handling a request carries its id.
      mixin: () => {
        const request = currentRequest()?.id;
        return request ? { request } : {};
      },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      formatters: { log: (record) => scrub(record, 0) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? mask(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** A logger that writes nothing, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
