import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';
import { seedResponses } from '../../helpers/seed.ts';

const NOW = new Date('2026-11-26T10:00:00Z');
const WEEK = 7 * 24 * 3_600_000;

function harness(env: Record<string, string> = {}) {
  const dir = tempDir();
  const runtime = CoachRuntime.create(testConfig(join(dir.path, 'r.db'), env), silentLogger, { now: () => NOW });
  const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
  const diagnostic = (id: string) => {
    const found = diagnostics.find((d) => d.id === id);
    if (!found) throw new Error(`no diagnostic ${id}`);
    return found;
  };
  return {
    runtime,
    handovers: diagnostic('handovers'),
    releases: diagnostic('releases'),
    report: (id?: string, weeks = 4, workspace?: string) => {
      const reply = runtime.coach.report(id, weeks, { admin: true, workspace });
      if (reply.kind !== 'report') throw new Error(reply.text);
      return reply;
    },
    close() {
      runtime.close();
      dir.cleanup();
    },
  };
}

describe('the report engine', () => {
  const open: ReturnType<typeof harness>[] = [];
  const make = (env: Record<string, string> = {}) => {
    const h = harness(env);
    open.push(h);
    return h;
  };
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });

  it('releases nothing for a group below k', () => {
    const h = make();
    seedResponses(h.runtime.store.responses, h.handovers, 4, { when: NOW });
    const [report] = h.report('handovers').reports;
    expect(report).toEqual({
      diagnostic: 'handovers',
      title: 'Incident handovers',
      window: { weeks: 4, from: '2026-W45', to: '2026-W48' },
      k: 5,
      status: 'too-few',
    });
  });

  it('honours a configured k, and never goes below 3', () => {
    const h = make({ OPSCOACH_MIN_GROUP: '3' });
    seedResponses(h.runtime.store.responses, h.handovers, 3, { when: NOW });
    expect(h.report('handovers').reports[0]?.status).toBe('ok');
    expect(() => make({ OPSCOACH_MIN_GROUP: '2' })).toThrow(/OPSCOACH_MIN_GROUP/);
  });

  it('reports bands, rounded shares, profiles, headlines, the common pain and answers', () => {
    const h = make();
    // 10 people (two published steps of k = 5): 6 answer worst everywhere, 4 best everywhere.
    seedResponses(h.runtime.store.responses, h.handovers, 10, { when: NOW, pick: (i) => (i < 6 ? 0 : 3) });
    const [r] = h.report('handovers').reports;
    expect(r?.status).toBe('ok');
    expect(r?.respondents).toBe('10–19');
    expect(r?.profiles).toEqual([
      { id: 'pass-the-parcel', name: 'Pass the parcel', share: 60 },
      { id: 'escalation-ladder', name: 'Escalation ladder', share: 0 },
      { id: 'shared-ownership', name: 'Shared ownership', share: 0 },
      { id: 'builders-run-it', name: 'Builders run it', share: 40 },
    ]);
    expect(r?.averageScore).toBe(40); // 400/10, rounded to tens below 20 people
    expect(r?.headlines).toContainEqual({
      id: 'median-teams',
      label: 'Median number of teams handling a serious incident',
      value: '4 or more',
    });
    expect(r?.headlines).toContainEqual({
      id: 'fix-backlog',
      label: 'Say fix actions sit in a backlog nobody prioritises',
      value: '60 %',
    });
    expect(r?.pain?.share).toBe(60);
    expect(r?.pain?.article.url).toMatch(/^https:/);
    const first = r?.questions?.find((q) => q.id === 'first-paged');
    expect(first?.options.map((o) => o.share)).toEqual([60, 0, 0, 40, 0]);
  });

  it('shows a trend only when both windows qualify and the change is material', () => {
    const h = make();
    seedResponses(h.runtime.store.responses, h.releases, 10, { when: new Date(NOW.getTime() - 5 * WEEK), pick: 0 });
    expect(h.report('releases').reports[0]?.trend).toEqual({
      direction: 'unknown',
      reason: 'not enough responses in the previous window to compare',
    });
    seedResponses(h.runtime.store.responses, h.releases, 10, { when: NOW, pick: 3 });
    expect(h.report('releases').reports[0]?.trend).toMatchObject({
      direction: 'up',
      change: 100,
      previousRespondents: '10–19',
      previousWeeks: 4,
    });
    // 10 at 0 and 100 at 100 before (average 91) against 100 now: a change under 10 points is steady.
    seedResponses(h.runtime.store.responses, h.releases, 100, { when: new Date(NOW.getTime() - 5 * WEEK), pick: 3 });
    expect(h.report('releases').reports[0]?.trend).toMatchObject({ direction: 'steady', change: 9 });
  });

  it('slices by role only where every shown group passes, hiding the next-smallest, never crossing', () => {
    const h = make();
    // Published in steps of 5: delivery 15, operations 10, leadership 5, then 2 "other" and 3 who gave no role.
    seedResponses(h.runtime.store.responses, h.handovers, 35, {
      when: NOW,
      role: (i) => (i < 15 ? 'delivery' : i < 25 ? 'operations' : i < 30 ? 'leadership' : i < 32 ? 'other' : undefined),
      sourcing: (i) => (i < 34 ? 'in-house' : 'outsourced'),
      pick: (i) => i % 4,
    });
    const [r] = h.report('handovers').reports;
    const byRole = r?.slices?.find((s) => s.dimension === 'role');
    // "other" (2) and "not given" (3) are under k; leadership, the next smallest, is hidden with them.
    expect(byRole?.groups.map((g) => g.value)).toEqual(['delivery', 'operations']);
    expect(byRole?.hidden).toBe(3);
    // Sourcing: 34 in-house and 1 outsourced; hiding "outsourced" leaves one group, so no slice at all.
    expect(r?.slices?.find((s) => s.dimension === 'sourcing')).toBeUndefined();
    for (const g of byRole?.groups ?? []) expect(g.respondents).not.toMatch(/^\d+$/);
  });

  it('quotes comments only in private reports, and only when there are ten or more', () => {
    const h = make();
    seedResponses(h.runtime.store.responses, h.handovers, 9, { when: NOW, comment: (i) => `comment ${i}` });
    expect(h.report('handovers').reports[0]?.comments).toBeUndefined();
    seedResponses(h.runtime.store.responses, h.handovers, 1, { when: NOW, comment: () => 'one more' });
    expect(h.report('handovers').reports[0]?.comments).toHaveLength(10);
    const digest = h.runtime.coach.digest(['preview'], {
      admin: true,
      digestTarget: { platform: 'terminal', channel: 'terminal' },
    });
    expect(JSON.stringify(digest)).not.toContain('comment 1');
  });

  it('keeps workspaces apart, and refuses people who are not authorised', () => {
    const h = make();
    seedResponses(h.runtime.store.responses, h.handovers, 6, { when: NOW, workspace: 'w1' });
    seedResponses(h.runtime.store.responses, h.handovers, 2, { when: NOW, workspace: 'w2' });
    expect(h.report('handovers', 4, 'w1').reports[0]?.status).toBe('ok');
    expect(h.report('handovers', 4, 'w2').reports[0]?.status).toBe('too-few');
    const refused = h.runtime.coach.report('handovers', 4, { admin: false });
    expect(refused.kind).toBe('notice');
    expect(JSON.stringify(refused)).toMatch(/people who run Opscoach/);
    expect(
      h.runtime.coach.digest(['on'], { admin: false, digestTarget: { platform: 'slack', channel: 'C1' } }).kind,
    ).toBe('notice');
  });

  it('draws the profile chart as a PNG, with the same picture in words', () => {
    const h = make();
    seedResponses(h.runtime.store.responses, h.handovers, 8, { when: NOW, pick: (i) => i % 4 });
    const reply = h.report();
    expect(reply.chart?.alt).toMatch(/Incident handovers: Pass the parcel \d+ %/);
    const png = reply.chart?.png;
    expect(png && Buffer.from(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
