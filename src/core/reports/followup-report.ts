import { randomInt } from 'node:crypto';
import { isoWeek, weeksBefore, weeksFrom } from '../diagnostics/week.ts';
import type { ExperimentCatalogue } from '../followup/experiments.ts';
import { OUTCOME_LABELS } from '../followup/views.ts';
import type { FollowupReport } from '../reply.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import { neutraliseUntrusted } from '../safety/untrusted-text.ts';
import { type FollowupStore, type Outcome, type PublishedFollowup, TRIED } from '../store/followup-store.ts';
import { releasableSlices, releasedWindowStart, respondentBand, share } from './privacy-rules.ts';
import { COMMENT_MIN, MATERIAL_CHANGE, type ReportRequest, SLICE_WEEKS } from './report-engine.ts';

const OUTCOMES: readonly Outcome[] = ['helped', 'no-change', 'worse', 'not-yet'];
/** The longest window, as for diagnostics. */
const MAX_WEEKS = 26;

/**
 * Group figures about experiments and check-ins, under the report engine's rules, not rules of
 * their own. People are counted in the week they picked an experiment, as respondents are in the
 * week they answered, and everything shown is about the people who picked in the window: how
 * many, how many answered their check-in and how, which kinds helped, the score change of those
 * who retook. Against differencing, as in ReportEngine: only published releases are read (the
 * figures move once at least k people changed something; FollowupStore.publishIfDue), windows end
 * at the week of publication and start only where runs of k people separate them; kinds are
 * shown like slice groups (26 weeks, small or barely changed kinds hidden, with others until the
 * hidden add up to k); comments only in private, ten or more, published ten new at a time.
 */
export class FollowupReports {
  constructor(
    private readonly store: FollowupStore,
    private readonly experiments: ExperimentCatalogue,
    private readonly k: number,
    private readonly now: () => Date,
    /** Comments are people's words: they can mention nobody and link only where allowed. */
    private readonly links: LinkPolicy,
  ) {}

  report(request: ReportRequest): FollowupReport {
    const asked = Math.max(1, Math.min(MAX_WEEKS, Math.floor(request.weeks)));
    const releases = this.store.releases(request.workspace);
    const wholeGroup = releases.filter((g) => g.dimension === '');
    const asOf = latest(wholeGroup.map((g) => g.week)) ?? isoWeek(this.now());
    const lowest = weeksBefore(asOf, asked - 1);
    const tooFew: FollowupReport = { window: { weeks: asked, from: lowest, to: asOf }, k: this.k, status: 'too-few' };
    if (wholeGroup.length === 0) return tooFew;
    const rows = this.store.published(request.workspace);
    const start = releasedWindowStart(peoplePerWeek(rows), this.k, lowest, asOf);
    if (!start) return tooFew;
    const cohort = rows.filter((f) => f.pickedWeek >= start && f.pickedWeek <= asOf);
    const picked = people(cohort);
    if (picked < this.k) return tooFew;
    const weeks = weeksFrom(start, asOf);
    const report: FollowupReport = {
      window: { weeks, from: start, to: asOf },
      ...(weeks !== asked ? { asked } : {}),
      k: this.k,
      status: 'ok',
      picked: respondentBand(picked, this.k),
    };

    const answered = cohort.filter((f) => f.outcome !== undefined);
    if (people(answered) >= this.k) {
      const n = answered.length;
      report.answered = respondentBand(people(answered), this.k);
      report.tried = share(answered.filter(tried).length, n);
      report.outcomes = OUTCOMES.map((outcome) => ({
        outcome,
        label: OUTCOME_LABELS[outcome],
        share: share(answered.filter((f) => f.outcome === outcome).length, n),
      }));
    }
    report.kinds = this.kinds(rows, releases, asOf);

    const retook = cohort.filter(
      (f) => f.retakenWeek !== undefined && f.scoreBefore !== undefined && f.scoreAfter !== undefined,
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

    if (request.audience === 'private') {
      // Only comments published with at least ten new ones, each workspace as it published.
      const commentsUpTo = new Map(
        releases.filter((g) => g.dimension === '_comments').map((g) => [g.workspace, g.release]),
      );
      const comments = cohort.flatMap((f) =>
        f.comment && f.commentRelease !== undefined && f.commentRelease <= (commentsUpTo.get(f.workspace) ?? -1)
          ? [f.comment]
          : [],
      );
      if (comments.length >= COMMENT_MIN)
        report.comments = shuffled(comments).map((c) => neutraliseUntrusted(c, this.links));
    }
    return report;
  }

  /**
   * Each kind tried, as a report's slice groups are shown: over the SLICE_WEEKS weeks up to the
   * published week whatever window was asked for, never crossed with anything; a kind that sits
   * this release out (fewer than k of its people changed since it was last shown) is hidden like
   * a small one, and more with them until the hidden add up to k.
   */
  private kinds(
    rows: readonly PublishedFollowup[],
    releases: ReturnType<FollowupStore['releases']>,
    asOf: string,
  ): FollowupReport['kinds'] {
    const from = weeksBefore(asOf, SLICE_WEEKS - 1);
    const wholeRelease = new Map(releases.filter((g) => g.dimension === '').map((g) => [g.workspace, g.release]));
    const shownIn = new Set(
      releases
        .filter((g) => g.dimension === 'kind' && g.release === wholeRelease.get(g.workspace))
        .map((g) => `${g.workspace}\u0000${g.value}`),
    );
    const byKind = new Map<string, PublishedFollowup[]>();
    const sittingOut = new Set<string>();
    for (const f of rows) {
      if (!tried(f) || f.pickedWeek < from || f.pickedWeek > asOf) continue;
      byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
      if (!shownIn.has(`${f.workspace}\u0000${f.kind}`)) sittingOut.add(f.kind);
    }
    const released = releasableSlices(
      [...byKind.entries()].map(([value, list]) => ({ value, n: people(list), hide: sittingOut.has(value) })),
      this.k,
    );
    if (!released) return undefined;
    return {
      weeks: SLICE_WEEKS,
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

const tried = (f: PublishedFollowup) => f.outcome !== undefined && TRIED.includes(f.outcome);

const people = (list: readonly PublishedFollowup[]) => new Set(list.map((f) => f.person)).size;

/** People who picked an experiment, per week (summed over workspaces): what windows are cut by. */
function peoplePerWeek(rows: readonly PublishedFollowup[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const f of rows) {
    const key = `${f.workspace}\u0000${f.pickedWeek}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(f.person));
  }
  const perWeek = new Map<string, number>();
  for (const [key, persons] of seen) {
    const week = key.split('\u0000')[1] ?? '';
    perWeek.set(week, (perWeek.get(week) ?? 0) + persons.size);
  }
  return perWeek;
}

function latest(weeks: readonly string[]): string | undefined {
  return weeks.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
