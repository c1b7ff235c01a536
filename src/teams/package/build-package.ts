// npm run teams:package: builds the Teams app package (manifest and icons, zipped) for sideloading.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { icons } from './icons.ts';
import { manifestSchema, teamsManifest } from './manifest.ts';

const PLACEHOLDER = 'https://example.org/opscoach';

export function buildPackage(options: {
  appId: string;
  out: string;
  website?: string;
  privacy?: string;
  terms?: string;
}): {
  path: string;
  placeholders: boolean;
} {
  const version = (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  const manifest = teamsManifest({
    appId: options.appId,
    version,
    websiteUrl: options.website ?? PLACEHOLDER,
    privacyUrl: options.privacy ?? `${options.website ?? PLACEHOLDER}/privacy`,
    termsUrl: options.terms ?? `${options.website ?? PLACEHOLDER}/terms`,
  });
  manifestSchema.parse(manifest);
  const { color, outline } = icons();
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': color,
    'outline.png': outline,
  });
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  writeFileSync(options.out, zip);
  return { path: resolve(options.out), placeholders: !options.website };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'dist/opscoach-teams.zip' },
      website: { type: 'string' },
      privacy: { type: 'string' },
      terms: { type: 'string' },
    },
  });
  if (process.env.MicrosoftAppId === undefined && (await import('node:fs')).existsSync('.env'))
    process.loadEnvFile('.env');
  const appId = z
    .string()
    .regex(/^[0-9a-f-]{36}$/i)
    .safeParse(process.env.MicrosoftAppId);
  if (!appId.success) {
    process.stderr.write(
      "opscoach: Invalid MicrosoftAppId: expected the bot's Microsoft App ID (a GUID) to build the Teams package.\n",
    );
    process.exit(1);
  }
  const url = z.url().optional();
  for (const key of ['website', 'privacy', 'terms'] as const) {
    if (!url.safeParse(values[key]).success) {
      process.stderr.write(`opscoach: --${key} must be an https URL.\n`);
      process.exit(1);
    }
  }
  const built = buildPackage({
    appId: appId.data,
    out: values.out ?? 'dist/opscoach-teams.zip',
    website: values.website,
    privacy: values.privacy,
    terms: values.terms,
  });
  process.stdout.write(`Teams app package written to ${built.path}\n`);
  if (built.placeholders) {
    process.stdout.write(
      'Note: the developer, privacy and terms links are placeholders; pass --website, --privacy and --terms before publishing beyond a test.\n',
    );
  }
}
