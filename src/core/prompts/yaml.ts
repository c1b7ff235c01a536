import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { codeFingerprint } from '../knowledge/code-fingerprint.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';

const require = createRequire(import.meta.url);

/**
 * Parses YAML (the `yaml` package, YAML 1.2), or returns what this very text parsed to before.
 * The package is loaded on first use, so a start whose content is all cached never loads it.
 * A parse error is thrown as the package throws it, and nothing is cached.
 */
export function parseYaml(text: string, cache: DerivedCache = NO_CACHE, name = 'yaml'): unknown {
  const fingerprint = createHash('sha256')
    .update(text)
    .update(codeFingerprint([], ['yaml']))
    .digest('hex');
  return cache.remember(`yaml:${name}`, fingerprint, () => (require('yaml') as typeof import('yaml')).parse(text));
}
