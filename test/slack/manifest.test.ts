import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assistant } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { loadCoachText } from '../../src/core/prompts/coach-text.ts';
import type { SlackDeps } from '../../src/slack/deps.ts';
import { registerListeners } from '../../src/slack/listeners/index.ts';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8'));

/**
 * The fields Opscoach uses, with the limits Slack's app manifest reference (and the Manifest
 * types in @slack/web-api) give them. Strict where a typo would silently switch a feature off.
 */
const prompt = z.object({ title: z.string().min(1), message: z.string().min(1) }).strict();
const manifestSchema = z
  .object({
    _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int().optional() }).strict(),
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().max(140),
        long_description: z.string().min(175).max(4000),
        background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
      })
      .strict(),
    features: z
      .object({
        app_home: z
          .object({
            home_tab_enabled: z.literal(true),
            messages_tab_enabled: z.literal(true),
            messages_tab_read_only_enabled: z.literal(false),
          })
          .strict(),
        // New apps only get the agent messaging experience; assistant_view is refused here.
        agent_view: z
          .object({ agent_description: z.string().min(1).max(300), suggested_prompts: z.array(prompt).max(4) })
          .strict(),
        bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }).strict(),
        slash_commands: z
          .array(
            z
              .object({
                command: z.string().regex(/^\/[a-z0-9-_]{1,31}$/),
                description: z.string().min(1).max(2000),
                usage_hint: z.string().min(1).max(1000),
                should_escape: z.boolean(),
              })
              .strict(),
          )
          .max(50),
      })
      .strict(),
    oauth_config: z
      .object({ scopes: z.object({ bot: z.array(z.string().regex(/^[a-z_.]+(?::[a-z_.]+)?$/)).max(255) }).strict() })
      .strict(),
    settings: z
      .object({
        event_subscriptions: z.object({ bot_events: z.array(z.string().regex(/^[a-z_.]+$/)).max(100) }).strict(),
        interactivity: z.object({ is_enabled: z.literal(true) }).strict(),
        org_deploy_enabled: z.boolean(),
        socket_mode_enabled: z.boolean(),
        token_rotation_enabled: z.boolean(),
      })
      .strict(),
  })
  .strict();

/** Which message event a channel type arrives as. */
const MESSAGE_EVENTS: Record<string, string> = {
  im: 'message.im',
  mpim: 'message.mpim',
  channel: 'message.channels',
  group: 'message.groups',
};

/** A Web API client that answers every call with ok and remembers that it was called. */
function recordingClient(calls: string[]): unknown {
  const make = (path: string[]): unknown =>
    new Proxy(() => {}, {
      get: (_target, key) => (typeof key === 'string' ? make([...path, key]) : undefined),
      apply: async () => {
        calls.push(path.join('.'));
        return { ok: true, ts: '1700000000.000200', channel: 'D1', messages: [] };
      },
    });
  return make([]);
}

/**
 * Registers the real listeners on a recorder instead of Bolt, to see what the code subscribes
 * to: the events it listens for by name, the kinds of message its message listeners act on
 * (found by handing each one a message from every kind of conversation), and what Bolt's
 * Assistant serves (thread starts and context changes of the legacy assistant panel, and thread
 * messages in direct messages).
 */
async function registered() {
  const commands: string[] = [];
  const events = new Set<string>();
  const legacy = new Set<string>();
  const messageListeners: Listener[] = [];
  const assistants: Listener[] = [];
  const app = {
    command: (name: string) => commands.push(name),
    event: (name: string) => events.add(name),
    message: (...listeners: Listener[]) => messageListeners.push(...listeners),
    assistant: (assistant: Assistant) => assistants.push(assistant.getMiddleware() as Listener),
    action: () => {},
    view: () => {},
    use: () => {},
  };
  const answered: string[] = [];
  const deps = {
    coach: {
      run: async () => {
        answered.push('coach');
        return { kind: 'notice', text: 'ok' };
      },
    },
    identity: { person: () => 'p', workspace: () => 'w', conversation: () => 'c' },
    admins: { check: async () => ({ admin: false }) },
    text: { greeting: 'Hello', starters: ['What is Ops Run It?'] },
    logger: silentLogger,
  } as unknown as SlackDeps;
  registerListeners(app as never, deps);
  /**
   * Whether listeners act on an event: they asked the coach or Slack, or (middleware such as
   * Bolt's Assistant, which passes on what is not its own) kept it from the next listener.
   */
  const acts = async (listeners: Listener[], event: Record<string, unknown>, middleware = false) => {
    const calls: string[] = [];
    answered.length = 0;
    let passedOn = 0;
    for (const listener of listeners) {
      await listener({
        payload: event,
        event,
        message: event,
        body: { event, team_id: 'T1' },
        client: recordingClient(calls),
        context: { teamId: 'T1', botUserId: 'UBOT' },
        logger: silentLogger,
        next: async () => {
          passedOn++;
        },
      });
    }
    return answered.length > 0 || calls.length > 0 || (middleware && passedOn < listeners.length);
  };
  for (const [type, event] of Object.entries(MESSAGE_EVENTS)) {
    const message = {
      type: 'message',
      channel_type: type,
      channel: 'X1',
      user: 'U1',
      text: 'help',
      ts: '1700000000.0002',
    };
    const inThread = { ...message, thread_ts: '1700000000.0001' };
    if (
      (await acts(messageListeners, message)) ||
      (await acts(assistants, message, true)) ||
      (await acts(assistants, inThread, true))
    )
      events.add(event);
  }
  const thread = { user_id: 'U1', context: {}, channel_id: 'D1', thread_ts: '1700000000.0001' };
  for (const type of ['assistant_thread_started', 'assistant_thread_context_changed']) {
    if (await acts(assistants, { type, assistant_thread: thread, event_ts: '1700000000.0003' }, true)) legacy.add(type);
  }
  return { commands, events, legacy };
}

type Listener = (args: unknown) => Promise<void>;

/** Web API methods the Slack adapter calls, read from its source: a new call needs its scope decided below. */
function methodsCalled(): Set<string> {
  const methods = new Set<string>();
  const files = readdirSync(new URL('src/slack', root), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  for (const file of files) {
    const source = readFileSync(join(new URL('src/slack', root).pathname, file), 'utf8');
    for (const m of source.matchAll(/\b(?:client|web|this\.client)\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g))
      methods.add(m[1] ?? '');
    for (const m of source.matchAll(/apiCall\('([\w.]+)'/g)) methods.add(m[1] ?? '');
    // Bolt's helpers, by the methods they call.
    for (const [helper, method] of Object.entries(HELPERS)) {
      if (new RegExp(`\\b${helper}\\(`).test(source)) methods.add(method);
    }
  }
  return methods;
}

const HELPERS: Record<string, string> = {
  say: 'chat.postMessage',
  sayStream: 'chat.startStream',
  setStatus: 'assistant.threads.setStatus',
  setTitle: 'assistant.threads.setTitle',
  setSuggestedPrompts: 'assistant.threads.setSuggestedPrompts',
};

/** The bot scope each Web API method needs ('' for none: views, auth, the app token's connection). */
const METHOD_SCOPES: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.startStream': 'chat:write',
  'assistant.threads.setStatus': 'assistant:write',
  'assistant.threads.setTitle': 'assistant:write',
  'assistant.threads.setSuggestedPrompts': 'assistant:write',
  // Opscoach reads only its own direct messages (is this someone's first visit?).
  'conversations.history': 'im:history',
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  'views.publish': '',
  'views.open': '',
  'auth.test': '',
};

/** What each event subscription needs. */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.im': 'im:history',
  app_home_opened: '',
  app_context_changed: '',
};

describe('manifest.json', () => {
  it("is valid against the fields of Slack's manifest format that Opscoach uses", () => {
    const result = manifestSchema.safeParse(manifest);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('uses the agent messaging experience, whose suggested prompts are the coach’s own starters', () => {
    expect(manifest.features.assistant_view).toBeUndefined();
    const starters = loadCoachText().starters;
    for (const p of manifest.features.agent_view.suggested_prompts) expect(starters).toContain(p.message);
  });

  it('declares every command and event the code registers, and nothing it does not', async () => {
    const { commands, events, legacy } = await registered();
    expect(events).toContain('message.im');
    expect(events).not.toContain('message.channels');
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command).sort()).toEqual(
      [...commands].sort(),
    );
    // The legacy assistant panel's events are served for apps created before agent_view, but an
    // agent_view app neither gets nor subscribes to them.
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...events].sort());
    expect([...legacy].sort()).toEqual(['assistant_thread_context_changed', 'assistant_thread_started']);
  });

  it('asks for exactly the scopes its events and Web API calls need', async () => {
    const { events } = await registered();
    const methods = methodsCalled();
    expect([...methods].filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
    const needed = new Set<string>(['commands']);
    for (const event of events) if (EVENT_SCOPES[event]) needed.add(EVENT_SCOPES[event] as string);
    for (const method of methods) if (METHOD_SCOPES[method]) needed.add(METHOD_SCOPES[method] as string);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
