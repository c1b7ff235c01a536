import { randomInt } from 'node:crypto';
import { recentWeeks } from '../diagnostics/week.ts';
import type { ExperimentCatalogue } from '../followup/experiments.ts';
import { OUTCOME_LABELS } from '../followup/views.ts';
import type { FollowupReport } from '../reply.ts';
import type { FollowupFact, FollowupStore, Outcome } from '../store/followup-store.ts';
import { releasableSlices, respondentBand, share } from './privacy-rules.ts';
import { COMMENT_MIN, MATERIAL_CHANGE, type ReportRequest } from './report-engine.ts';

const TRIED: readonly Outcome[] = ['helped', 'no-change', 'worse'];
const OUTCOMES: readonly Outcome[] = ['helped', 'no-change', 'worse', 'not-yet'];
const WEEK_MS = 7 * 86_400_000;

/**
 * Group figures about experiments and check-ins, through the report engine's own rules: nothing
 * for fewer than k people, bands instead of counts, shares rounded to tens below 20, kinds of
 * experiment shown like slices (small ones hidden, and more with them until the hidden add up to
 * k), a score change only when k people retook, comments only in private and only ten or more.
 * Periods are closed: only whole ISO weeks that have ended count, so the figures do not move
 * while a week is still running.
 */
export class FollowupReports {
  constructor(
    private readonly store: FollowupStore,
    private readonly experiments: ExperimentCatalogue,
    private readonly k: number,
    private readonly now: () => Date,
  ) {}

  report(request: ReportRequest): FollowupReport {
    const weeks = Math.max(1, Math.min(26, Math.floor(request.weeks)));
    // The weeks before the one running now.
    const window = recentWeeks(new Date(this.now().getTime() - WEEK_MS), weeks);
    const from = window.at(-1) ?? '';
    const to = window[0] ?? '';
    const facts = this.store.facts(from, to, request.workspace);
    const inWindow = (week: string | undefined) => week !== undefined && week >= from && week <= to;
    const people = (list: readonly FollowupFact[]) => new Set(list.map((f) => f.person)).size;

    const report: FollowupReport = { window: { weeks, from, to }, k: this.k, status: 'too-few' };

    const picked = facts.filter((f) => inWindow(f.pickedWeek));
    if (people(picked) >= this.k) report.picked = respondentBand(people(picked), this.k);

    const answered = facts.filter((f) => f.outcome && inWindow(f.answeredWeek));
    if (people(answered) >= this.k) {
      const n = answered.length;
      const tried = answered.filter((f) => f.outcome && TRIED.includes(f.outcome));
      report.answered = respondentBand(people(answered), this.k);
      report.tried = share(tried.length, n);
      report.outcomes = OUTCOMES.map((outcome) => ({
        outcome,
        label: OUTCOME_LABELS[outcome],
        share: share(answered.filter((f) => f.outcome === outcome).length, n),
      }));
      report.kinds = this.kinds(tried);
      if (request.audience === 'private') {
        const comments = answered.flatMap((f) => (f.comment ? [f.comment] : []));
        if (comments.length >= COMMENT_MIN) report.comments = shuffled(comments);
      }
    }

    const retook = facts.filter(
      (f) => inWindow(f.retakenWeek) && f.scoreBefore !== undefined && f.scoreAfter !== undefined,
    );
    if (people(retook) >= this.k) {
      const change = Math.round(
        retook.reduce((sum, f) => sum + ((f.scoreAfter ?? 0) - (f.scoreBefore ?? 0)), 0) / retook.length,
      );
      report.retook = {
        people: respondentBand(people(retook), this.k),
        change,
        direction: Math.abs(change) < MATERIAL_CHANGE ? 'steady' : change > 0 ? 'up' : 'down',
      };
    }

    if (report.picked || report.answered || report.retook) report.status = 'ok';
    return report;
  }

  /** Each kind tried, shown like a slice of a report: small kinds hidden, never crossed with anything. */
  private kinds(tried: readonly FollowupFact[]): FollowupReport['kinds'] {
    const byKind = new Map<string, FollowupFact[]>();
    for (const f of tried) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    const released = releasableSlices(
      [...byKind.entries()].map(([value, list]) => ({ value, n: new Set(list.map((f) => f.person)).size })),
      this.k,
    );
    if (!released) return undefined;
    return {
      hidden: released.hidden,
      groups: released.shown.map((g) => {
        const list = byKind.get(g.value) ?? [];
        return {
          kind: g.value,
          label: this.experiments.kindLabel(g.value),
          tried: respondentBand(g.n, this.k),
          helped: share(list.filter((f) => f.outcome === 'helped').length, list.length),
        };
      }),
    };
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
