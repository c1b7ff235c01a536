import { afterEach, describe, expect, it } from 'vitest';
import type { FollowupReport, ReportReply } from '../../../src/core/reply.ts';
import { type FollowupHarness, followupHarness, seedFollowups } from '../../helpers/followup.ts';

// A curious admin comparing experiment figures: whatever two views they put side by side (before
// and after one more pick or answer, one window against another, a kind, a digest, a later week,
// before and after retention), the difference is never fewer than k people. The same rules as
// diagnostic reports (differencing.test.ts); every seeded follow-up is one person changing something.

const WS = 'ws-acme';
const open: FollowupHarness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});
/** Wednesday of ISO week 12 of 2026. */
function harness(env: Record<string, string> = {}) {
  const h = followupHarness(env, '2026-03-18T10:00:00Z');
  open.push(h);
  return h;
}
const report = (h: FollowupHarness, weeks = 4): FollowupReport => {
  const reply = h.coach.report('experiments', weeks, { admin: true, workspace: WS }) as ReportReply;
  if (!reply.followups) throw new Error('no follow-up figures in the report');
  return reply.followups;
};
/** What a report releases, without what only says how it was asked for (or the comments' shuffled order). */
const figures = (f: FollowupReport) => {
  const { window: _window, asked: _asked, comments, ...rest } = f;
  return { ...rest, comments: comments ? [...comments].sort() : undefined };
};
const seed = (h: FollowupHarness, n: number, f: Parameters<typeof seedFollowups>[2]) =>
  seedFollowups(h.runtime.store.followups, n, f);

describe('experiment figures against differencing', () => {
  it('gives the same figures before and after one more person picks and answers, and moves once k have', () => {
    const h = harness();
    seed(h, 10, { pickedWeek: '2026-W11', workspace: WS, outcome: 'helped', kind: 'paging' });
    const before = report(h);
    expect(before).toMatchObject({ status: 'ok', picked: '10–19', answered: '10–19', tried: 100 });
    // One more person, who says it made things worse: subtracting two reports would give them away.
    seed(h, 1, { pickedWeek: '2026-W12', workspace: WS, outcome: 'worse', kind: 'paging' });
    expect(report(h)).toEqual(before);
    seed(h, 3, { pickedWeek: '2026-W12', workspace: WS, outcome: 'worse', kind: 'paging' });
    expect(report(h)).toEqual(before);
    // The fifth: k people have changed something since, and the figures move by all five at once.
    seed(h, 1, { pickedWeek: '2026-W12', workspace: WS, outcome: 'worse', kind: 'paging' });
    const after = report(h);
    expect(after.window.to).toBe('2026-W12');
    expect(after.outcomes?.find((o) => o.outcome === 'worse')?.share).toBe(30);
    // The digest a channel sees moves with the report, never between.
    const digest = h.runtime.digests.compose({ workspace: WS }, '2026-W12', 'on-call-rota');
    expect(digest.followups).toEqual(after);
  });

  it("does not show one person's check-in answer, or a cancelled pick, until k people have changed something", () => {
    const h = harness();
    seed(h, 5, { pickedWeek: '2026-W11', workspace: WS, outcome: 'helped' });
    const waiting = seed(h, 5, { pickedWeek: '2026-W11', workspace: WS });
    const before = report(h);
    expect(before).toMatchObject({ picked: '10–19', answered: '5–9', tried: 100 });
    const store = h.runtime.store.followups;
    const answer = (id: string | undefined) =>
      store.move(id ?? '', ['waiting'], {
        status: 'done',
        outcome: 'worse',
        answeredWeek: '2026-W12',
        week: '2026-W12',
      });
    expect(answer(waiting[0])).toBe(true);
    expect(report(h)).toEqual(before);
    // A cancel takes a pick away: that is a change too.
    expect(store.move(waiting[1] ?? '', ['waiting'], { status: 'cancelled', week: '2026-W12' })).toBe(true);
    expect(report(h)).toEqual(before);
    answer(waiting[2]);
    answer(waiting[3]);
    expect(report(h)).toEqual(before);
    answer(waiting[4]);
    expect(report(h)).toMatchObject({ picked: '5–9', answered: '5–9', tried: 100 });
    expect(report(h).outcomes?.find((o) => o.outcome === 'worse')?.share).toBe(40);
  });

  it('never shows two windows that differ by fewer than k people', () => {
    const h = harness();
    // One person three weeks ago, five the week after, four since: a 2-week report beside a
    // 3-week one would give away the one from the oldest week.
    seed(h, 1, { pickedWeek: '2026-W10', workspace: WS, outcome: 'worse' });
    seed(h, 5, { pickedWeek: '2026-W11', workspace: WS, outcome: 'helped' });
    seed(h, 4, { pickedWeek: '2026-W12', workspace: WS, outcome: 'helped' });
    const shown = [1, 2, 3, 4, 8, 26].map((weeks) => report(h, weeks)).filter((f) => f.status === 'ok');
    expect(shown.length).toBeGreaterThan(1);
    // Every window shown holds the same people, so nothing is left by subtraction.
    for (const f of shown) expect(figures(f)).toEqual(figures(shown[0] as FollowupReport));
    expect(report(h, 1).status).toBe('too-few');
    // Two weeks were asked for; three are shown, saying so.
    expect(report(h, 2)).toMatchObject({ asked: 2, window: { weeks: 3, from: '2026-W10', to: '2026-W12' } });
  });

  it('keeps the published window where it was as weeks pass without changes', () => {
    const h = harness();
    seed(h, 1, { pickedWeek: '2026-W09', workspace: WS });
    seed(h, 4, { pickedWeek: '2026-W12', workspace: WS });
    const before = report(h);
    expect(before).toMatchObject({ status: 'ok', window: { from: '2026-W09', to: '2026-W12' } });
    // Weeks later the same window is shown: it does not slide off the oldest person.
    h.at('2026-04-08T10:00:00Z');
    expect(report(h)).toEqual(before);
  });

  it('hides a kind whose people changed by fewer than k since it was last shown, and another with it', () => {
    const h = harness();
    for (const [kind, outcome] of [
      ['paging', 'helped'],
      ['on-call', 'worse'],
      ['operability', 'no-change'],
      ['learning', 'helped'],
    ] as const)
      seed(h, 5, { pickedWeek: '2026-W11', workspace: WS, kind, outcome });
    const before = report(h).kinds;
    expect(before?.groups.map((g) => [g.kind, g.helped])).toEqual([
      ['paging', 100],
      ['on-call', 0],
      ['operability', 0],
      ['learning', 100],
    ]);
    // One more person tried a paging experiment, and it made things worse; four others picked.
    seed(h, 1, { pickedWeek: '2026-W12', workspace: WS, kind: 'paging', outcome: 'worse' });
    seed(h, 4, { pickedWeek: '2026-W12', workspace: WS, kind: 'paging' });
    const after = report(h);
    expect(after.picked).toBe('20+');
    // Paging would move by one person: it sits this release out, and one more kind is hidden
    // with it, so it cannot be had by subtracting the others from a total.
    expect(after.kinds?.hidden).toBe(2);
    expect(after.kinds?.groups.map((g) => g.kind)).not.toContain('paging');
    for (const g of after.kinds?.groups ?? []) expect(before?.groups).toContainEqual(g);
    // Once k of its people have changed, paging is back with all of them.
    seed(h, 4, { pickedWeek: '2026-W12', workspace: WS, kind: 'paging', outcome: 'helped' });
    seed(h, 1, { pickedWeek: '2026-W12', workspace: WS, kind: 'learning' });
    const back = report(h).kinds?.groups.find((g) => g.kind === 'paging');
    expect(back).toEqual({ kind: 'paging', label: 'Who gets paged', tried: '10–19', helped: 90 });
  });

  it('publishes check-in comments only ten new at a time', () => {
    const h = harness();
    seed(h, 10, (i) => ({ pickedWeek: '2026-W11', workspace: WS, outcome: 'helped', comment: `comment ${i}` }));
    expect(report(h).comments).toHaveLength(10);
    // An eleventh comment, in a release with four other people: it waits for nine more.
    seed(h, 1, { pickedWeek: '2026-W12', workspace: WS, outcome: 'worse', comment: 'the eleventh comment' });
    seed(h, 4, { pickedWeek: '2026-W12', workspace: WS });
    const later = report(h);
    expect(later.picked).toBe('10–19');
    expect(later.comments).toHaveLength(10);
    expect(later.comments).not.toContain('the eleventh comment');
  });

  it('keeps the figures when retention deletes the follow-ups behind them, without their pseudonyms or comments', () => {
    const h = harness({ OPSCOACH_RETENTION_DAYS: '7' });
    seed(h, 10, (i) => ({ pickedWeek: '2026-W09', workspace: WS, outcome: 'helped', comment: `comment ${i}` }));
    const before = report(h);
    expect(before.comments).toHaveLength(10);
    h.runtime.housekeeping(h.now);
    expect(h.rows('SELECT id FROM followups')).toEqual([]);
    expect(
      h.rows("SELECT id FROM followup_published WHERE person NOT LIKE 'expired:%' OR comment IS NOT NULL"),
    ).toEqual([]);
    const { comments: _gone, ...rest } = before;
    expect(report(h)).toEqual(rest);
  });
});
