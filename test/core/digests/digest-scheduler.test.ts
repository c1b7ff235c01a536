import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { DigestScheduler, type DigestSender, type SendOutcome } from '../../../src/core/digests/digest-scheduler.ts';
import { createLogger } from '../../../src/core/logging/logger.ts';
import type { DigestReply } from '../../../src/core/reply.ts';
import type { Subscription } from '../../../src/core/store/digest-store.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';
import { seedResponses } from '../../helpers/seed.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Records what would have been posted; can be told a channel is gone or failing. */
class RecordingSender implements DigestSender {
  readonly posts: { channel: string; digest: DigestReply }[] = [];
  gone = new Set<string>();
  failing = new Set<string>();
  async send(s: Subscription, digest: DigestReply): Promise<SendOutcome> {
    if (this.gone.has(s.channel)) return 'gone';
    if (this.failing.has(s.channel)) throw new Error('server error');
    this.posts.push({ channel: s.channel, digest });
    return 'sent';
  }
}

function harness() {
  const dir = tempDir();
  const db = join(dir.path, 'digest.db');
  let now = new Date('2026-11-23T08:00:00Z'); // Monday, before 09:00 in London
  const logs: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _e, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  let runtime = CoachRuntime.create(testConfig(db), logger, { now: () => now });
  const sender = new RecordingSender();
  const scheduler = () =>
    new DigestScheduler(runtime.digests, runtime.store.digests, { slack: sender }, logger, () => now, {
      concurrency: 2,
    });
  const subscribe = (channel: string, words: string[] = ['monday', '09:00', 'Europe/London']) =>
    runtime.coach.digest(['on', ...words], {
      admin: true,
      digestTarget: { platform: 'slack', channel, label: `#${channel}` },
    });
  return {
    sender,
    logs,
    get runtime() {
      return runtime;
    },
    scheduler,
    subscribe,
    at(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    restart() {
      runtime.close();
      runtime = CoachRuntime.create(testConfig(db), logger, { now: () => now });
    },
    close() {
      runtime.close();
      dir.cleanup();
    },
  };
}

describe('weekly digests', () => {
  const open: ReturnType<typeof harness>[] = [];
  const make = () => {
    const h = harness();
    open.push(h);
    return h;
  };
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });

  it('subscribes with defaults and explicit schedules, and explains bad ones', () => {
    const h = make();
    const on = h.subscribe('C1', []);
    expect(on.kind === 'notice' && on.text).toMatch(/every Monday at 09:00 \(UTC\)/);
    const custom = h.subscribe('C2', ['fri', '16:30', 'America/New_York']);
    expect(custom.kind === 'notice' && custom.text).toMatch(/every Friday at 16:30 \(America\/New_York\)/);
    const bad = h.subscribe('C3', ['someday']);
    expect(bad.kind === 'notice' && bad.text).toMatch(/didn't understand “someday”/);
    const status = h.runtime.coach.digest(['status'], {
      digestTarget: { platform: 'slack', channel: 'C2', label: '#C2' },
    });
    expect(status.kind === 'notice' && status.text).toMatch(/Next: Friday/);
    const off = h.runtime.coach.digest(['off'], {
      admin: true,
      digestTarget: { platform: 'slack', channel: 'C2', label: '#C2' },
    });
    expect(off.kind === 'notice' && off.text).toMatch(/off for #C2/);
  });

  it('posts once at its time, never twice, even across a restart or a second replica', async () => {
    const h = make();
    h.subscribe('C1');
    expect((await h.scheduler().runOnce()).sent).toBe(0); // 08:00 London: not yet
    h.at('2026-11-23T09:00:30Z');
    const [a, b] = await Promise.all([h.scheduler().runOnce(), h.scheduler().runOnce()]);
    expect(a.sent + b.sent).toBe(1);
    h.restart();
    h.advance(HOUR);
    expect((await h.scheduler().runOnce()).sent).toBe(0);
    expect(h.sender.posts).toHaveLength(1);
  });

  it('says "not enough responses yet" with an invitation, then shows figures once there are enough', async () => {
    const h = make();
    h.subscribe('C1');
    h.at('2026-11-23T09:01:00Z');
    await h.scheduler().runOnce();
    const first = h.sender.posts[0]?.digest;
    expect(first?.invitation).toMatch(/Not enough responses yet/);
    expect(first?.choices.map((c) => c.token)).toEqual(['dx:start:handovers', 'dx:start:releases']);
    const { diagnostics } = loadDiagnostics((id) => h.runtime.knowledge.article(id) !== undefined);
    seedResponses(h.runtime.store.responses, diagnostics[0] as never, 6, { when: new Date('2026-11-24T10:00:00Z') });
    h.at('2026-11-30T09:01:00Z');
    await h.scheduler().runOnce();
    const second = h.sender.posts[1]?.digest;
    expect(second?.invitation).toBeUndefined();
    expect(second?.reports.find((r) => r.status === 'ok')?.respondents).toBe('5–9');
    expect(second?.chart?.png?.length).toBeGreaterThan(1000);
  });

  it('rotates the tip of the week so a channel does not see one again for many weeks', async () => {
    const h = make();
    h.subscribe('C1');
    h.at('2026-11-23T09:01:00Z');
    for (let week = 0; week < 20; week++) {
      await h.scheduler().runOnce();
      h.advance(7 * DAY);
    }
    const tips = h.sender.posts.map((p) => p.digest.tip.id);
    expect(tips).toHaveLength(20);
    expect(new Set(tips).size).toBe(20);
    expect(tips.every((t) => h.runtime.knowledge.article(t)?.kind === 'article')).toBe(true);
  });

  it('catches up a digest missed while down if its week is still running, and skips and logs an older one', async () => {
    const h = make();
    h.subscribe('C1');
    h.at('2026-11-25T15:00:00Z'); // Wednesday: Monday's digest was missed, same week
    expect((await h.scheduler().runOnce()).sent).toBe(1);
    h.at('2026-12-08T10:00:00Z'); // Tuesday two weeks on: last Monday's went out? no, it was missed too
    const summary = await h.scheduler().runOnce();
    expect(summary.sent).toBe(1); // this week's (Monday 7 Dec) is still in its week
    h.at('2026-12-22T10:00:00Z');
    h.subscribe('C2', ['sunday', '09:00', 'Europe/London']); // last ran Sunday 20 Dec, a past week
    const later = await h.scheduler().runOnce();
    expect(later.skipped).toBe(1);
    expect(h.logs.join('')).toMatch(/missed digest skipped/);
  });

  it('unsubscribes a channel that is gone, retries a failing one, and carries on with the rest', async () => {
    const h = make();
    for (const c of ['C1', 'C2', 'C3']) h.subscribe(c);
    h.sender.gone.add('C2');
    h.sender.failing.add('C3');
    h.at('2026-11-23T09:05:00Z');
    expect(await h.scheduler().runOnce()).toEqual({ sent: 1, gone: 1, failed: 1, skipped: 0 });
    expect(h.runtime.store.digests.active().map((s) => s.channel)).toEqual(['C1', 'C3']);
    expect(h.logs.join('')).toMatch(/channel is gone or removed the bot: digest unsubscribed/);
    h.sender.failing.clear();
    expect((await h.scheduler().runOnce()).sent).toBe(1);
    expect(h.sender.posts.map((p) => p.channel)).toEqual(['C1', 'C3']);
  });

  it('skips a subscription whose time zone this server does not know, and sends the others', async () => {
    const h = make();
    h.subscribe('C6');
    h.subscribe('C7');
    h.runtime.store.db.prepare("UPDATE digest_subscriptions SET timezone = 'Mars/Olympus' WHERE channel = 'C6'").run();
    h.at('2026-11-23T09:05:00Z');
    expect((await h.scheduler().runOnce()).sent).toBe(1);
    expect(h.sender.posts.map((p) => p.channel)).toEqual(['C7']);
    expect(h.logs.join('')).toMatch(/digest schedule unusable; run digest on again in that channel/);
  });

  it('leaves a week alone after a few failed tries, until an operator forces that channel', async () => {
    const h = make();
    h.subscribe('C4');
    h.sender.failing.add('C4');
    h.at('2026-11-23T09:05:00Z');
    for (let i = 0; i < 5; i++) await h.scheduler().runOnce();
    expect(h.sender.posts).toHaveLength(0);
    h.sender.failing.clear();
    expect((await h.scheduler().runOnce()).sent).toBe(0); // given up for this week
    expect((await h.scheduler().runOnce({ channel: 'C4', force: true })).sent).toBe(1);
    expect((await h.scheduler().runOnce({ channel: 'C4', force: true })).sent).toBe(0); // never twice
    expect(h.sender.posts.map((p) => p.channel)).toEqual(['C4']);
  });

  it('previews the next digest without recording it as sent', async () => {
    const h = make();
    h.subscribe('C1');
    const preview = h.runtime.coach.digest(['preview'], {
      admin: true,
      digestTarget: { platform: 'slack', channel: 'C1' },
    });
    expect(preview.kind).toBe('digest');
    if (preview.kind === 'digest') expect(preview.preview).toBe(true);
    h.at('2026-11-23T09:01:00Z');
    await h.scheduler().runOnce();
    expect(h.sender.posts[0]?.digest.tip.id).toBe(preview.kind === 'digest' ? preview.tip.id : '');
  });
});
