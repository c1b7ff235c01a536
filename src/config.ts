import { delimiter } from 'node:path';
import { z } from 'zod';
import { isTimezone } from './core/digests/schedule.ts';

/**
 * Every environment variable Opscoach reads, in one schema. The type of the running
 * configuration is derived from it, so a variable is declared exactly once.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`))
    .optional()
    .transform((v) => v ?? fallback);

/**
 * One entry of the Teams serviceUrl allow-list: a host name (HTTPS), `*.` and a domain (HTTPS, any
 * host under it), or an exact origin such as https://host:8443 (http only for a named origin).
 */
const serviceUrlEntry = z
  .string()
  .regex(
    /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$|^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?\/?$|^https?:\/\/\[[0-9a-f:]+\](?::\d{1,5})?\/?$/i,
    'host names (smba.example.net), *.domain or origins (https://host:port), separated by commas',
  );

/** Where the SQLite file lives when OPSCOACH_DB is not set; its folder is created on first run. */
export const DEFAULT_DB = './data/opscoach.db';

export const configSchema = z.object({
  OPSCOACH_DB: z.string().trim().min(1, 'a file path').default(DEFAULT_DB),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url('an http(s) URL, e.g. http://localhost:11434/v1').optional()),
  OPENAI_MODEL: z.string().trim().min(1, 'a model name').default('gpt-4.1-mini'),
  OPENAI_EMBEDDING_MODEL: z
    .string()
    .trim()
    .default('text-embedding-3-small')
    .transform((v) => (v === '' || v.toLowerCase() === 'none' ? undefined : v)),
  OPENAI_TIMEOUT_MS: integer(500, 60_000, 8_000),
  /** The most tokens a model answer may have: bounds its length (and so every reply's size) and its cost. */
  OPENAI_MAX_TOKENS: integer(100, 16_000, 900),
  KNOWLEDGE_DIRS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(/[,]|\n/)
        .flatMap((part) => part.split(delimiter))
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  OPSCOACH_PSEUDONYM_SECRET: optionalText.pipe(
    z.string().min(16, 'a random secret of at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  OPSCOACH_RETENTION_DAYS: integer(7, 3650, 365),
  OPSCOACH_MIN_GROUP: integer(3, 50, 5),
  OPSCOACH_ADMINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^(slack|teams):[\w:.@-]+$/, 'a comma-separated list like slack:U0123ABCD,teams:<AAD object id>'),
      ),
    )
    .transform((list) => new Set(list)),
  OPSCOACH_ALLOWED_LINKS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.url({
          protocol: /^https?$/,
          error: 'a comma-separated list of web addresses such as https://wiki.example.com/runbooks',
        }),
      ),
    ),
  OPSCOACH_TIMEZONE: z.string().trim().default('UTC').refine(isTimezone, 'an IANA time zone such as Europe/London'),
  PORT: integer(0, 65_535, 3000),
  HOST: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.:-]+$/, 'an interface address such as 127.0.0.1 or ::')
      .optional(),
  ),
  OPSCOACH_METRICS_TOKEN: optionalText.pipe(
    z.string().min(16, 'a random token of at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  ),
  // Unset: no separate metrics listener. 0 picks a free port (tests); the port is logged.
  METRICS_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'a port number from 0 to 65535')
      .transform(Number)
      .pipe(z.number().max(65_535, 'a port number from 0 to 65535'))
      .optional(),
  ),
  OPSCOACH_SHUTDOWN_TIMEOUT_MS: integer(1_000, 120_000, 10_000),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16,}$/i, 'the hexadecimal signing secret from Basic Information')
      .optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url('an http(s) URL such as https://slack.com/api/').optional()),
  MicrosoftAppId: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f-]{36}$/i, "the bot's Microsoft App ID (a GUID)")
      .optional(),
  ),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f-]{36}$/i, 'the Azure tenant ID (a GUID)')
      .optional(),
  ),
  MicrosoftAppType: z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).default('SingleTenant'),
  TEAMS_SERVICE_URLS: optionalText.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(serviceUrlEntry).min(1, 'a comma-separated list of hosts or origins'))
      .optional(),
  ),
  TEAMS_ENABLED: optionalText.pipe(
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], 'true or false')
      .transform((v) => ['true', '1', 'yes'].includes(v))
      .optional(),
  ),
});

export type Config = z.output<typeof configSchema>;

/** A configuration problem, already phrased as the one line the operator sees. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables holding secrets: never echoed in an error, redacted from every log line. */
const SECRET_VARIABLES = new Set<keyof Config>([
  'OPENAI_API_KEY',
  'OPSCOACH_PSEUDONYM_SECRET',
  'OPSCOACH_METRICS_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'MicrosoftAppPassword',
]);

/** Validates the environment; the first problem becomes one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'configuration');
  const got = env[variable];
  // A mistyped secret is still a secret: name the variable, never echo its value.
  const shown =
    got === undefined || (SECRET_VARIABLES as ReadonlySet<string>).has(variable)
      ? ''
      : ` (got ${JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got)})`;
  throw new ConfigError(`Invalid ${variable}: expected ${describe(issue)}${shown}.`);
}

function describe(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'a valid value';
  if (issue.code === 'invalid_value' && 'values' in issue) return `one of ${issue.values.join(', ')}`;
  return issue.message;
}

/** The secrets in a configuration, so logs can redact them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [...SECRET_VARIABLES]
    .map((name) => config[name])
    .filter((s): s is string => typeof s === 'string' && s.length >= 6);
}
