import { afterEach, describe, expect, it } from 'vitest';
import type { FollowupReport, ReportReply } from '../../../src/core/reply.ts';
import { describeDigest, describeFollowups } from '../../../src/core/reports/describe-report.ts';
import type { Outcome } from '../../../src/core/store/followup-store.ts';
import { type FollowupHarness, followupHarness, seedFollowups } from '../../helpers/followup.ts';

// What the experiment figures show once released. How they move (only in steps of k people,
// windows, kinds sitting out, time passing): followup-differencing.test.ts.

const open: FollowupHarness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});
/** Wednesday of ISO week 12 of 2026. */
function harness() {
  const h = followupHarness({}, '2026-03-18T10:00:00Z');
  open.push(h);
  return h;
}
const WS = 'ws-acme';
const followups = (h: FollowupHarness, weeks = 4, workspace = WS): FollowupReport => {
  const reply = h.coach.report(undefined, weeks, { admin: true, workspace }) as ReportReply;
  if (!reply.followups) throw new Error('no follow-up figures in the report');
  return reply.followups;
};

describe('experiment figures in group reports', () => {
  it('shows nothing until k people picked, counting each in the week they picked', () => {
    const h = harness();
    seedFollowups(h.runtime.store.followups, 4, { pickedWeek: '2026-W10', workspace: WS });
    // Another workspace's people do not count towards this one's.
    seedFollowups(h.runtime.store.followups, 9, { pickedWeek: '2026-W10', workspace: 'ws-other' });
    const few = followups(h);
    expect(few).toEqual({ window: { weeks: 4, from: '2026-W09', to: '2026-W12' }, k: 5, status: 'too-few' });
    expect(describeFollowups(few)).toMatch(/Not enough people yet: figures appear once 5 or more people/);
    seedFollowups(h.runtime.store.followups, 1, { pickedWeek: '2026-W09', workspace: WS });
    // Published as of the latest week anyone in it picked: the window ends there.
    expect(followups(h)).toEqual({
      window: { weeks: 4, from: '2026-W07', to: '2026-W10' },
      k: 5,
      status: 'ok',
      picked: '5–9',
    });
    expect(describeFollowups(followups(h))).toMatch(/Picked an experiment to try: 5–9 people/);
  });

  it('shows answers in rounded shares and hides small kinds with enough others that none can be worked out', () => {
    const h = harness();
    const answer = (kind: string, outcome: Outcome) => ({ kind, outcome });
    // In the order they answer: each five people publish a release.
    const kinds = [
      ...Array.from({ length: 10 }, (_, i) => answer('paging', i < 8 ? 'helped' : 'no-change')),
      ...Array.from({ length: 5 }, (_, i) => answer('on-call', i < 2 ? 'helped' : 'worse')),
      ...Array.from({ length: 5 }, () => answer('operability', 'no-change')),
      ...Array.from({ length: 2 }, () => answer('learning', 'helped')),
      ...Array.from({ length: 3 }, () => answer('paging', 'not-yet')),
    ];
    seedFollowups(h.runtime.store.followups, kinds.length, (i) => ({
      pickedWeek: '2026-W09',
      workspace: WS,
      answeredWeek: '2026-W11',
      kind: kinds[i]?.kind,
      outcome: kinds[i]?.outcome,
    }));
    const f = followups(h);
    expect(f.window).toEqual({ weeks: 4, from: '2026-W08', to: '2026-W11' });
    expect(f.picked).toBe('20+');
    expect(f.answered).toBe('20+');
    // 22 of 25 tried, rounded to whole numbers from 20 people up.
    expect(f.tried).toBe(88);
    expect(f.outcomes?.map((o) => [o.outcome, o.share])).toEqual([
      ['helped', 48],
      ['no-change', 28],
      ['worse', 12],
      ['not-yet', 12],
    ]);
    // learning (2) is under k, so the next smallest (on-call, 5) is hidden with it.
    expect(f.kinds).toEqual({
      weeks: 26,
      hidden: 2,
      groups: [
        { kind: 'paging', label: 'Who gets paged', tried: '10–19', helped: 80 },
        { kind: 'operability', label: 'Runbooks and telemetry', tried: '5–9', helped: 0 },
      ],
    });
    const text = describeFollowups(f);
    expect(text).toMatch(/Who gets paged: 80 % said it helped \(10–19 tried one\)/);
    expect(text).toMatch(/over the 26 weeks to 2026-W11 \(2 kinds not shown, to protect anonymity\)/);
    expect(text).not.toMatch(/On-call rota|Learning from incidents/);
  });

  it('shows the score change of those who retook only when k of them did', () => {
    const h = harness();
    const pick = (n: number, retook: boolean) =>
      seedFollowups(h.runtime.store.followups, n, {
        pickedWeek: '2026-W08',
        workspace: WS,
        scoreBefore: 20,
        ...(retook ? { scoreAfter: 48, retakenWeek: '2026-W10' } : {}),
      });
    pick(4, true);
    pick(1, false);
    expect(followups(h)).toMatchObject({ status: 'ok', picked: '5–9' });
    expect(followups(h).retook).toBeUndefined();
    pick(5, true);
    expect(followups(h).retook).toEqual({ people: '5–9', change: 28, direction: 'up' });
    expect(describeFollowups(followups(h))).toMatch(
      /Retook the diagnostic after their experiment: 5–9 people, ↑ better \(\+28 points on average\)/,
    );
  });

  it('shows check-in comments only to authorised people, ten or more, never in a digest, and as plain words', () => {
    const h = harness();
    seedFollowups(h.runtime.store.followups, 10, (i) => ({
      pickedWeek: '2026-W09',
      workspace: WS,
      answeredWeek: '2026-W10',
      outcome: 'helped',
      comment: i < 9 ? `comment number ${i}` : undefined,
    }));
    expect(followups(h)).toMatchObject({ status: 'ok', answered: '10–19' });
    expect(followups(h).comments).toBeUndefined();
    seedFollowups(h.runtime.store.followups, 5, (i) => ({
      pickedWeek: '2026-W09',
      workspace: WS,
      answeredWeek: '2026-W10',
      outcome: 'helped',
      // Typed by a person: shown, but it can ping nobody and link nowhere.
      comment: i === 0 ? 'the tenth comment <!channel> see https://evil.example/x' : undefined,
    }));
    const comments = followups(h).comments ?? [];
    expect(comments).toHaveLength(10);
    const tenth = comments.find((c) => c.startsWith('the tenth comment'));
    expect(tenth).toMatch(/\[mention\]/);
    expect(tenth).not.toMatch(/<!channel>|evil\.example/);
    const digest = h.runtime.digests.compose({ workspace: WS }, '2026-W12', 'on-call-rota');
    expect(digest.followups).toMatchObject({ status: 'ok', answered: '10–19' });
    expect(digest.followups?.comments).toBeUndefined();
    expect(describeDigest(digest)).toMatch(/\*\*Experiments\*\*/);
    expect(describeDigest(digest)).not.toMatch(/comment number|tenth comment/);
  });

  it('answers `report experiments` with the experiment figures alone', async () => {
    const h = harness();
    const reply = (await h.coach.handle('report experiments', { admin: true, workspace: WS })) as ReportReply;
    expect(reply.kind).toBe('report');
    expect(reply.reports).toEqual([]);
    expect(reply.followups?.status).toBe('too-few');
  });
});
