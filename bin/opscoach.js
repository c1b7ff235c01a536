#!/usr/bin/env node
// The `opscoach` command runs the compiled JavaScript in dist/ (built by `npm ci` through the
// `prepare` script, or by `npm run build`): no TypeScript loader at run time.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('opscoach: not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
await import(main.href);
