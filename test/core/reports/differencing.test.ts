import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import type { DiagnosticReport } from '../../../src/core/reply.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';
import { seedResponses } from '../../helpers/seed.ts';

// A curious admin comparing reports: whatever two views they put side by side (before and after
// one more answer, one window against another, a slice, a digest, a later week), the difference
// is never fewer than k people. (Through Slack, with a real new respondent: slack-differencing.)

const WEEK = 7 * 24 * 3_600_000;
let now = new Date('2026-11-26T10:00:00Z');

function harness() {
  const dir = tempDir();
  const runtime = CoachRuntime.create(testConfig(join(dir.path, 'd.db')), silentLogger, { now: () => now });
  const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
  const handovers = diagnostics.find((d) => d.id === 'handovers');
  if (!handovers) throw new Error('no handovers diagnostic');
  const report = (weeks = 4): DiagnosticReport => {
    const reply = runtime.coach.report('handovers', weeks, { admin: true });
    if (reply.kind !== 'report' || !reply.reports[0]) throw new Error('no report');
    return reply.reports[0];
  };
  return {
    runtime,
    handovers,
    report,
    seed: (n: number, options: Parameters<typeof seedResponses>[3] = {}) =>
      seedResponses(runtime.store.responses, handovers, n, { when: now, ...options }),
    close() {
      runtime.close();
      dir.cleanup();
    },
  };
}

/** The figures a report releases, without anything that only says when it was asked. */
const figures = (r: DiagnosticReport) => ({ ...r, comments: r.comments ? [...r.comments].sort() : undefined });

describe('differencing', () => {
  const open: ReturnType<typeof harness>[] = [];
  const make = () => {
    const h = harness();
    open.push(h);
    return h;
  };
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
    now = new Date('2026-11-26T10:00:00Z');
  });

  it('gives the same report before and after one more answer, and moves only once k more have answered', () => {
    const h = make();
    h.seed(20, { pick: (i) => i % 4 });
    const before = h.report();
    expect(before.respondents).toBe('20+');
    // One more person, answering worst everywhere: subtracting the reports would give them away.
    h.seed(1, { pick: 0 });
    expect(figures(h.report())).toEqual(figures(before));
    h.seed(3, { pick: 0 });
    expect(figures(h.report())).toEqual(figures(before));
    // The fifth: k people have answered since, and the figures move by all five at once.
    h.seed(1, { pick: 0 });
    const after = h.report();
    expect(after.profiles).not.toEqual(before.profiles);
  });

  it('does not show the changed answers of one person who answers again, until k people have', () => {
    const h = make();
    h.seed(20, { pick: 3 });
    const before = h.report();
    // Answering again in the same week replaces the earlier response (same respondent key).
    const again = (pick: number) =>
      h.runtime.store.responses.save({
        respondent: 'same-person',
        diagnostic: 'handovers',
        version: h.handovers.version,
        week: before.window.to,
        day: now.toISOString().slice(0, 10),
        answers: h.handovers.questions.map((q) => ({
          question: q.id,
          option: q.options[pick]?.code ?? '',
          score: q.options[pick]?.score,
        })),
      });
    again(3);
    h.seed(4, { pick: 3 });
    const published = h.report();
    again(0);
    expect(figures(h.report())).toEqual(figures(published));
  });

  it('never shows two windows that differ by fewer than k people', () => {
    const h = make();
    // One person two weeks ago, five last week, five this week: a 3-week report beside a 2-week
    // one would give away the one from two weeks ago.
    h.seed(1, { when: new Date(now.getTime() - 2 * WEEK), pick: 0 });
    h.seed(5, { when: new Date(now.getTime() - WEEK), pick: 3 });
    h.seed(5, { pick: 3 });
    const shown = [1, 2, 3, 4, 8, 26].map((weeks) => h.report(weeks)).filter((r) => r.status === 'ok');
    expect(shown.length).toBeGreaterThan(1);
    // Every window shown holds the same people, so nothing is left by subtraction.
    for (const r of shown) {
      expect(r.profiles).toEqual(shown[0]?.profiles);
      expect(r.questions).toEqual(shown[0]?.questions);
    }
    // Two weeks were asked for; three are shown, saying so.
    expect(h.report(2)).toMatchObject({ asked: 2, window: { weeks: 3, from: '2026-W46', to: '2026-W48' } });
  });

  it('keeps the published window where it was as weeks pass without new answers', () => {
    const h = make();
    h.seed(1, { when: new Date(now.getTime() - 3 * WEEK), pick: 0 });
    h.seed(9, { pick: 3 });
    const before = h.report(4);
    expect(before.status).toBe('ok');
    // A week on, nobody new: a 4-week window sliding past the first person would show the other
    // nine alone, and the difference would be that one person. It stays as published instead.
    now = new Date(now.getTime() + WEEK);
    expect(figures(h.report(4))).toEqual(figures(before));
  });

  it('moves a slice group only when k of its own members have answered', () => {
    const h = make();
    h.seed(10, { role: () => 'delivery', pick: 3 });
    h.seed(10, { role: () => 'operations', pick: 0 });
    const delivery = () =>
      h
        .report()
        .slices?.find((s) => s.dimension === 'role')
        ?.groups.find((g) => g.value === 'delivery');
    expect(delivery()).toMatchObject({ respondents: '10–19', averageScore: 100 });
    // Five more people publish a new release, one of them in delivery: delivery sits it out
    // (shown, it would move by that one person), and with it the next group, so neither the
    // shown slices nor the total give the one away.
    h.seed(1, { role: () => 'delivery', pick: 0 });
    h.seed(4, { role: () => 'operations', pick: 0 });
    const role = h.report().slices?.find((s) => s.dimension === 'role');
    expect(role?.groups.find((g) => g.value === 'delivery')).toBeUndefined();
    // Four more delivery people and one more publish: delivery has moved by five, and is back.
    h.seed(4, { role: () => 'delivery', pick: 0 });
    h.seed(1, { role: () => 'operations', pick: 0 });
    expect(delivery()).toMatchObject({ respondents: '10–19', averageScore: 70 });
  });

  it('shows the digest the same figures as the report, from the same publication', () => {
    const h = make();
    h.seed(20, { pick: (i) => i % 4 });
    const digest = () =>
      h.runtime.coach.digest(['preview'], { admin: true, digestTarget: { platform: 'terminal', channel: 'terminal' } });
    const first = JSON.stringify(digest());
    h.seed(1, { pick: 0 });
    // Past the minute a digest run reuses its figures for.
    now = new Date(now.getTime() + 120_000);
    expect(JSON.stringify(digest())).toBe(first);
    const report = h.report();
    const preview = digest();
    if (preview.kind !== 'digest') throw new Error('no digest');
    expect(preview.reports[0]?.profiles).toEqual(report.profiles);
  });

  it('shows a new comment only among at least ten new ones, shuffled', () => {
    const h = make();
    h.seed(10, { comment: (i) => `first batch ${i}` });
    expect(h.report().comments).toHaveLength(10);
    // One more commenter (and four others to publish their answers): their words wait.
    h.seed(1, { comment: () => 'the one new voice' });
    h.seed(4);
    expect(JSON.stringify(h.report().comments)).not.toContain('the one new voice');
    h.seed(9, { comment: (i) => `second batch ${i}` });
    h.seed(1);
    expect(h.report().comments).toContain('the one new voice');
    expect(h.report().comments).toHaveLength(20);
  });
});
