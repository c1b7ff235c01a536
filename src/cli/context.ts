import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { type Config, ConfigError, loadConfig, secretsOf } from '../config.ts';
import { KnowledgeError } from '../core/knowledge/load-articles.ts';
import { createLogger, type Logger } from '../core/logging/logger.ts';
import { ContentError } from '../core/prompts/prompts-dir.ts';
import { StoreError } from '../core/store/database.ts';
import { CoachRuntime, type RuntimeOptions } from '../runtime.ts';

/** Problems an operator can fix; shown as their message alone, never as a stack trace. */
const EXPECTED = [ConfigError, KnowledgeError, StoreError, ContentError];

export function isExpectedFailure(error: unknown): error is Error {
  return EXPECTED.some((kind) => error instanceof kind);
}

/** Reads .env when present (real environment variables win), then validates the configuration. */
export function readConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}

/** Logs go to standard error so a terminal conversation and --json output stay clean. */
function cliLogger(config: Config): Logger {
  return createLogger({
    level: config.LOG_LEVEL ?? 'warn',
    secrets: secretsOf(config),
    destination: pino.destination({ fd: 2, sync: true }),
  });
}

export function startRuntime(options: RuntimeOptions = {}): CoachRuntime {
  const config = readConfig();
  return CoachRuntime.create(config, cliLogger(config), options);
}
