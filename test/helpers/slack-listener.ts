import { vi } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { SlackDeps } from '../../src/slack/deps.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import { startTestRuntime } from './runtime.ts';

/**
 * One Slack listener called directly, as Bolt would call it, in the style of Slack's
 * TypeScript template: a real coach behind it, and fakes for ack, respond and the Web API
 * client that record what the listener sent.
 */
export function listenerHarness(env: Record<string, string> = {}, options: { admins?: string[] } = {}) {
  const test = startTestRuntime(env);
  const { runtime } = test;
  const admins = new Set(options.admins ?? []);
  const deps: SlackDeps = {
    coach: runtime.coach,
    text: runtime.text,
    identity: new SlackIdentity(runtime.pseudonyms),
    events: runtime.store.events,
    admins: { check: async (user) => ({ admin: admins.has(user), timezone: 'Europe/London' }) },
    logger: silentLogger,
  };
  return { deps, runtime, close: test.close };
}

/** A fake Web API client: every call is recorded and answers ok, messages with a channel and ts. */
export function fakeClient() {
  let ts = 1000;
  const ok = async (..._args: unknown[]) => ({ ok: true });
  return {
    chat: {
      postMessage: vi.fn(async (args: { channel: string }) => ({
        ok: true,
        channel: args.channel,
        ts: `${++ts}.000100`,
      })),
      update: vi.fn(ok),
      postEphemeral: vi.fn(ok),
    },
    views: { open: vi.fn(ok), publish: vi.fn(ok) },
    conversations: {
      open: vi.fn(async () => ({ ok: true, channel: { id: 'D0DIRECT' } })),
      history: vi.fn(async (..._args: unknown[]) => ({ ok: true, messages: [] as unknown[] })),
    },
    assistant: { threads: { setSuggestedPrompts: vi.fn(ok) } },
    filesUploadV2: vi.fn(ok),
  };
}

export type FakeClient = ReturnType<typeof fakeClient>;

/** Everything a listener call needs besides its payload. */
export function fakeArgs() {
  return { ack: vi.fn(async () => {}), respond: vi.fn(async () => ({ ok: true })), client: fakeClient() };
}

/** The text of everything a fake was asked to show, for assertions on what a person reads. */
export function shown(fake: { mock: { calls: unknown[][] } }): string {
  return JSON.stringify(fake.mock.calls);
}

export type { Reply };
