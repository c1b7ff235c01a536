import { afterEach, describe, expect, it } from 'vitest';
import type { FollowupReport, ReportReply } from '../../../src/core/reply.ts';
import { describeDigest, describeFollowups } from '../../../src/core/reports/describe-report.ts';
import type { Outcome } from '../../../src/core/store/followup-store.ts';
import { type FollowupHarness, followupHarness, seedFollowups } from '../../helpers/followup.ts';

const open: FollowupHarness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});
/** Wednesday of ISO week 12 of 2026: the closed weeks of a 4-week window are W08 to W11. */
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
  it('shows nothing until k people picked, counting only whole weeks that have ended', () => {
    const h = harness();
    seedFollowups(h.runtime.store.followups, 4, { pickedWeek: '2026-W10', workspace: WS });
    // However many pick this week, the week is still running: not counted yet.
    seedFollowups(h.runtime.store.followups, 12, { pickedWeek: '2026-W12', workspace: WS });
    // Nor is another workspace's.
    seedFollowups(h.runtime.store.followups, 9, { pickedWeek: '2026-W10', workspace: 'ws-other' });
    const few = followups(h);
    expect(few).toEqual({ window: { weeks: 4, from: '2026-W08', to: '2026-W11' }, k: 5, status: 'too-few' });
    expect(describeFollowups(few)).toMatch(/Not enough people yet: figures appear once 5 or more people/);
    seedFollowups(h.runtime.store.followups, 1, { pickedWeek: '2026-W09', workspace: WS });
    expect(followups(h)).toMatchObject({ status: 'ok', picked: '5–9' });
    expect(followups(h).answered).toBeUndefined();
    // A week later, W12 has closed and counts.
    h.at('2026-03-25T10:00:00Z');
    expect(followups(h)).toMatchObject({ status: 'ok', picked: '10–19', window: { from: '2026-W09', to: '2026-W12' } });
  });

  it('shows answers in rounded shares and hides small kinds with enough others that none can be worked out', () => {
    const h = harness();
    const answer = (kind: string, outcome: Outcome) => ({ kind, outcome });
    const kinds = [
      ...Array.from({ length: 8 }, (_, i) => answer('paging', i < 6 ? 'helped' : 'no-change')),
      ...Array.from({ length: 7 }, (_, i) => answer('on-call', i < 2 ? 'helped' : 'worse')),
      ...Array.from({ length: 6 }, () => answer('operability', 'no-change')),
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
    expect(f.picked).toBe('20+');
    expect(f.answered).toBe('20+');
    // 23 of 26 tried (88.5 %), rounded to whole numbers from 20 people up.
    expect(f.tried).toBe(88);
    expect(f.outcomes?.map((o) => [o.outcome, o.share])).toEqual([
      ['helped', 38],
      ['no-change', 31],
      ['worse', 19],
      ['not-yet', 12],
    ]);
    // learning (2) is under k, so the next smallest (operability, 6) is hidden with it.
    expect(f.kinds).toEqual({
      hidden: 2,
      groups: [
        { kind: 'paging', label: 'Who gets paged', tried: '5–9', helped: 80 },
        { kind: 'on-call', label: 'On-call rota and pay', tried: '5–9', helped: 30 },
      ],
    });
    const text = describeFollowups(f);
    expect(text).toMatch(/Who gets paged: 80 % said it helped/);
    expect(text).toMatch(/2 smaller kinds not shown/);
    expect(text).not.toMatch(/Runbooks and telemetry|Learning from incidents/);
  });

  it('shows the score trend of people who retook only when k of them did', () => {
    const h = harness();
    const retake = (n: number) =>
      seedFollowups(h.runtime.store.followups, n, {
        pickedWeek: '2026-W08',
        workspace: WS,
        scoreBefore: 20,
        scoreAfter: 48,
        retakenWeek: '2026-W10',
      });
    retake(4);
    expect(followups(h).retook).toBeUndefined();
    retake(1);
    expect(followups(h).retook).toEqual({ people: '5–9', change: 28, direction: 'up' });
    expect(describeFollowups(followups(h))).toMatch(
      /Retook a diagnostic after an experiment: 5–9 people, ↑ better \(\+28 points on average\)/,
    );
  });

  it('shows check-in comments only to authorised people, only ten or more, never in a digest', () => {
    const h = harness();
    seedFollowups(h.runtime.store.followups, 10, (i) => ({
      pickedWeek: '2026-W09',
      workspace: WS,
      answeredWeek: '2026-W10',
      outcome: 'helped',
      comment: i < 9 ? `comment number ${i}` : undefined,
    }));
    expect(followups(h).comments).toBeUndefined();
    seedFollowups(h.runtime.store.followups, 1, {
      pickedWeek: '2026-W09',
      workspace: WS,
      answeredWeek: '2026-W10',
      outcome: 'helped',
      comment: 'the tenth comment',
    });
    expect(followups(h).comments).toHaveLength(10);
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
