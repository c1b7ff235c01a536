import { z } from 'zod';

const MANIFEST_VERSION = '1.19';

export interface ManifestOptions {
  appId: string;
  version: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

/** The commands Teams offers as suggestions, the same as /opscoach's subcommands. */
const COMMANDS = [
  { title: 'help', description: 'What Opscoach can do' },
  { title: 'ask', description: 'Ask about Ops Run It or You Build It You Run It' },
  { title: 'topics', description: 'What the knowledge base covers' },
  { title: 'diagnose', description: 'A two-minute check-up on handovers or releases' },
  { title: 'results', description: 'Your own latest results' },
  { title: 'report', description: 'Group results (for the people who run Opscoach)' },
  { title: 'evidence', description: 'Incident and deployment figures from imported records (for admins)' },
  { title: 'digest', description: 'A weekly digest in this channel: on, off, status, preview' },
  { title: 'privacy', description: 'What Opscoach stores and what it does not' },
];

/** The Teams app manifest for the bot, on a current schema. */
export function teamsManifest(options: ManifestOptions) {
  const scopes = ['personal', 'team', 'groupChat'] as const;
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.appId,
    developer: {
      name: 'Opscoach',
      websiteUrl: options.websiteUrl,
      privacyUrl: options.privacyUrl,
      termsOfUseUrl: options.termsUrl,
    },
    name: { short: 'Opscoach', full: 'Opscoach: from Ops Run It to You Build It You Run It' },
    description: {
      short: 'A coach for moving from Ops Run It to You Build It You Run It.',
      full: 'Opscoach answers questions about Ops Run It, You Build It You Run It and the practices between them from a curated knowledge base, citing its sources. It runs two-minute diagnostics on incident handovers and release pain, and posts a weekly digest of group results to channels. Answers are pseudonymised; groups under five people are never shown.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1F3A5F',
    bots: [
      {
        botId: options.appId,
        scopes: [...scopes],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: scopes.map((scope) => ({ scopes: [scope], commands: COMMANDS })),
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
  };
}

/** The parts of the Teams manifest schema this package relies on, checked before zipping. */
export const manifestSchema = z.object({
  manifestVersion: z.string().regex(/^1\.\d+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  id: z.string().regex(/^[0-9a-f-]{36}$/i),
  developer: z.object({
    name: z.string().min(1).max(32),
    websiteUrl: z.url(),
    privacyUrl: z.url(),
    termsOfUseUrl: z.url(),
  }),
  name: z.object({ short: z.string().min(1).max(30), full: z.string().max(100) }),
  description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.string(), outline: z.string() }),
  accentColor: z.string().regex(/^#[0-9A-F]{6}$/i),
  bots: z
    .array(
      z.object({
        botId: z.string().regex(/^[0-9a-f-]{36}$/i),
        scopes: z.array(z.enum(['personal', 'team', 'groupChat'])).min(1),
        commandLists: z
          .array(
            z.object({
              scopes: z.array(z.enum(['personal', 'team', 'groupChat'])),
              commands: z
                .array(z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) }))
                .max(10),
            }),
          )
          .max(3),
      }),
    )
    .length(1),
});
