import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const known = new Map<string, string>();

/**
 * A hash of the code that derives something: every file in the given folders of ours (source
 * or compiled, whichever is running), the versions of the packages it uses, and the Node and V8
 * versions. Anything derived under one fingerprint is only reused under the same one, so no
 * edit, upgrade or rebuild can leave a stale result in use.
 */
export function codeFingerprint(folders: readonly URL[], packages: readonly string[]): string {
  const key = [...folders.map((f) => f.href), '|', ...packages].join('\n');
  const cached = known.get(key);
  if (cached) return cached;
  const hash = createHash('sha256').update(`node ${process.version} v8 ${process.versions.v8}\n`);
  for (const folder of folders) {
    const dir = fileURLToPath(folder);
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(?:ts|js)$/.test(name)) continue;
      hash
        .update(`${name}\n`)
        .update(readFileSync(join(dir, name)))
        .update('\n');
    }
  }
  for (const name of packages) hash.update(`${name}@${packageVersion(name)}\n`);
  const fingerprint = hash.digest('hex');
  known.set(key, fingerprint);
  return fingerprint;
}

/** A package's version, from the package.json above the file it resolves to. */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return manifest.version ?? 'unknown';
    } catch {
      // No package.json here (or an unrelated one): keep climbing.
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}
