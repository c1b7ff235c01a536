import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('works with no variables at all: offline, with a local SQLite file', () => {
    const config = loadConfig({});
    expect(config.OPSCOACH_DB).toBe('./data/opscoach.db');
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.KNOWLEDGE_DIRS).toEqual([]);
  });

  it.each([
    ['OPENAI_BASE_URL', 'not a url', /^Invalid OPENAI_BASE_URL: expected an http\(s\) URL/],
    [
      'OPENAI_TIMEOUT_MS',
      'soon',
      /^Invalid OPENAI_TIMEOUT_MS: expected a whole number from 500 to 60000 \(got "soon"\)\.$/,
    ],
    ['OPENAI_TIMEOUT_MS', '100', /^Invalid OPENAI_TIMEOUT_MS: expected at least 500/],
    ['LOG_LEVEL', 'loud', /^Invalid LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/],
    ['OPSCOACH_DB', '   ', /^Invalid OPSCOACH_DB: expected a file path/],
    ['METRICS_PORT', 'metrics', /^Invalid METRICS_PORT: expected a port number from 0 to 65535 \(got "metrics"\)\.$/],
    ['METRICS_PORT', '70000', /^Invalid METRICS_PORT: expected a port number from 0 to 65535/],
    ['TEAMS_SERVICE_URLS', 'https://smba.example.cn/teams/', /^Invalid TEAMS_SERVICE_URLS: expected host names/],
    ['TEAMS_SERVICE_URLS', ' , ', /^Invalid TEAMS_SERVICE_URLS: expected a comma-separated list/],
  ])('rejects %s=%j with one line naming the variable', (name, value, message) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('treats empty optional values as unset, as a copied .env.example leaves them', () => {
    const config = loadConfig({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '', LOG_LEVEL: undefined });
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.OPENAI_BASE_URL).toBeUndefined();
  });

  it('splits KNOWLEDGE_DIRS on commas and the path delimiter, and lets embeddings be switched off', () => {
    const config = loadConfig({ KNOWLEDGE_DIRS: ' ./ours , ./theirs:./more ', OPENAI_EMBEDDING_MODEL: 'none' });
    expect(config.KNOWLEDGE_DIRS).toEqual(['./ours', './theirs', './more']);
    expect(config.OPENAI_EMBEDDING_MODEL).toBeUndefined();
  });
});
