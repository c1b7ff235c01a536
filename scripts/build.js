#!/usr/bin/env node
// npm run build (and `prepare`, so `npm ci` builds): compiles src/ to JavaScript in dist/, so
// `npm start` and the `opscoach` command run without a TypeScript loader, and copies what the
// compiled code reads from beside itself (the SQL migrations). Knowledge and prompts are read
// from the package root, which dist/ shares with src/.
//
// Usage: node scripts/build.js [out-dir]   (default dist; tests build into a folder of their own)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
// Compiled files resolve the knowledge, prompts and packages from two folders up, as src/ does.
if (resolve(out, '..') !== resolve(root)) {
  console.error(`build: the output folder must sit directly in the package root (${root}), not ${out}`);
  process.exit(2);
}

// A source file deleted since the last build must not live on as JavaScript; the Teams app
// package (npm run teams:package writes dist/opscoach-teams.zip) is not build output.
if (existsSync(out)) {
  for (const entry of readdirSync(out)) if (!entry.endsWith('.zip')) rmSync(join(out, entry), { recursive: true });
}

// The package's own bin (its exports do not list it), run with this Node on any platform.
const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
const tsc = join(typescript, 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });

const migrations = join('core', 'store', 'migrations');
cpSync(join(root, 'src', migrations), join(out, migrations), { recursive: true });
console.log(`build: compiled src/ to ${relative(root, out) || '.'}/`);
