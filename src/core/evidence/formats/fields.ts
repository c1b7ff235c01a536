import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseTimestamp } from '../time.ts';

/** Empty cells, JSON nulls and whitespace all mean "not given". */
const blank = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v;

/** Text the figures keep (a service, a priority label): control characters gone, whitespace collapsed, capped. */
const label = (max: number) => text(max, true) as z.ZodType<string>;
export const optionalLabel = (max: number) => text(max, false) as z.ZodType<string | undefined>;

function text(max: number, required: boolean) {
  const inner = z.string({ error: (issue) => (issue.input === undefined ? 'is empty' : 'is not text') });
  return z.preprocess(
    (v) => {
      const given = blank(v);
      if (typeof given === 'number') return String(given);
      if (typeof given !== 'string') return given;
      const clean = given
        // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
        .replace(/[\u0000-\u001f\u007f]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return clean === '' ? undefined : clean.slice(0, max);
    },
    required ? inner : inner.optional(),
  );
}

/**
 * A service name as it will be shown in chat: characters that could format, mention or link
 * (`<>@!*_~|` and backticks, and a URL scheme's "://") are replaced, so echoing it is harmless.
 */
const harmless = (s: string) =>
  s
    .replace(/[<>@!*_~|`[\]\\]/g, '-')
    .replace(/:\/\//g, '-')
    .trim();
export const serviceName = label(100).transform(harmless);
export const optionalServiceName = optionalLabel(100).transform((s) => (s === undefined ? undefined : harmless(s)));

/** An optional whole number of at least 0, from a CSV cell or a JSON number. */
export const count = z.preprocess((v) => {
  const given = blank(v);
  return typeof given === 'string' && /^\s*\d+(\.0+)?\s*$/.test(given) ? Number(given) : given;
}, z.number({ error: 'is not a whole number' }).int('is not a whole number').min(0, 'is negative').max(1e9).optional());

/** Optional seconds (PagerDuty gives whole seconds; accept decimals and round). */
export const seconds = z.preprocess(
  (v) => {
    const given = blank(v);
    return typeof given === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(given) ? Number(given) : given;
  },
  z
    .number({ error: 'is not a number of seconds' })
    .min(0, 'is negative')
    .max(10 * 365 * 86_400, 'is more than ten years')
    .transform(Math.round)
    .optional(),
);

/** A record id from the export: text or a number, kept short. */
export const recordId = label(120);
export const optionalRecordId = optionalLabel(120);

const UNREADABLE = 'is not a date and time we can read (ISO 8601, or YYYY-MM-DD HH:mm:ss)';

const toTime = (timezone: string) => (v: unknown) => {
  const given = blank(v);
  if (typeof given !== 'string') return given;
  return parseTimestamp(given, timezone) ?? 'unreadable';
};

/** A timestamp in milliseconds: ISO 8601, or ServiceNow's `YYYY-MM-DD HH:mm:ss` read in the zone. */
export function requiredTimestamp(timezone: string) {
  return z.preprocess(
    toTime(timezone),
    z.number({ error: (issue) => (issue.input === undefined ? 'is empty' : UNREADABLE) }),
  );
}

export function optionalTimestamp(timezone: string) {
  return z.preprocess(toTime(timezone), z.number({ error: UNREADABLE }).optional());
}

/** The first problem zod found, as "column: what is wrong". */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return `${where ? `${where} ` : ''}${issue?.message ?? 'is not usable'}`;
}

/** A stable id for a record whose export has none, so importing it again still finds it. */
export function derivedId(...parts: (string | number)[]): string {
  return `auto-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)}`;
}
