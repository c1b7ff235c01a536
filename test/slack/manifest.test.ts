import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SlackDeps } from '../../src/slack/deps.ts';
import { registerListeners } from '../../src/slack/listeners/index.ts';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));

/** The parts of Slack's app manifest format Opscoach relies on. */
const manifestSchema = z.object({
  _metadata: z.object({ major_version: z.literal(1) }),
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140) }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true), messages_tab_enabled: z.literal(true) }),
    assistant_view: z.object({ assistant_description: z.string().min(1) }),
    bot_user: z.object({ display_name: z.string().min(1).max(80) }),
    slash_commands: z.array(
      z.object({
        command: z.string().regex(/^\/[a-z0-9-_]+$/),
        description: z.string().min(1),
        usage_hint: z.string().min(1),
      }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true) }),
  }),
});

/** What a listener kind needs from Slack: the event subscriptions and the scopes they imply. */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.im': 'im:history',
  app_home_opened: '',
  assistant_thread_started: 'assistant:write',
  assistant_thread_context_changed: 'assistant:write',
};

/** Registers the real listeners on a recorder instead of Bolt, to see what the code subscribes to. */
function registered() {
  const commands: string[] = [];
  const events = new Set<string>();
  const app = {
    command: (name: string) => commands.push(name),
    event: (name: string) => events.add(name),
    // The DM listener is the only plain message listener, and it answers direct messages only.
    message: () => events.add('message.im'),
    assistant: () => {
      for (const e of ['assistant_thread_started', 'assistant_thread_context_changed', 'message.im']) events.add(e);
    },
    action: () => {},
    view: () => {},
    use: () => {},
  };
  registerListeners(app as never, {} as SlackDeps);
  return { commands, events };
}

describe('manifest.json', () => {
  it('is a valid app manifest', () => {
    expect(() => manifestSchema.parse(manifest)).not.toThrow();
  });

  it('declares every command and event the code registers, and nothing it does not', () => {
    const { commands, events } = registered();
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command).sort()).toEqual(
      [...commands].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...events].sort());
  });

  it('asks for exactly the scopes those features need', () => {
    const { events } = registered();
    // Posting and the slash command; users:read to recognise workspace admins (reports, digests)
    // and their time zone; files:write to attach the digest and evidence charts; im:write to open
    // the direct messages the evidence chart goes to (a slash-command reply cannot carry a file).
    const needed = new Set<string>(['chat:write', 'commands', 'users:read', 'files:write', 'im:write']);
    for (const event of events) if (EVENT_SCOPES[event]) needed.add(EVENT_SCOPES[event] as string);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
