import type { Diagnostic, Headline, Question } from '../diagnostics/definition.ts';
import { NOT_SURE, SKIPPED } from '../diagnostics/scoring.ts';
import { isoWeek, weeksBefore, weeksFrom } from '../diagnostics/week.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { DiagnosticReport } from '../reply.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import { neutraliseUntrusted } from '../safety/untrusted-text.ts';
import { type CountRow, type PublishedGroup, type ResponseStore, SLICE_DIMENSIONS } from '../store/response-store.ts';
import {
  nearestWindowStart,
  releasableSlices,
  respondentBand,
  respondentsIn,
  sameRespondents,
  share,
  windowStarts,
} from './privacy-rules.ts';

export interface ReportRequest {
  /** Weeks in the window (the trend compares it with the weeks before). */
  weeks: number;
  /** Only this workspace's responses; all when undefined (an operator at the terminal). */
  workspace?: string;
  /** Private reports may include comments; anything shown to a channel never does. */
  audience: 'private' | 'channel';
}

/** Comments are shown only when there are this many, and published only this many new at a time (Glint's rule). */
export const COMMENT_MIN = 10;
/** A change in the average score smaller than this is "steady", not an arrow. */
export const MATERIAL_CHANGE = 10;
/** Slice groups always cover this many weeks, up to when each last changed: one window, nothing to subtract. */
export const SLICE_WEEKS = 26;
/** The longest window, and as much again before it for the trend. */
const MAX_WEEKS = 26;

/**
 * Turns published running counts into a report, applying every privacy rule here rather than in
 * the renderers: k-anonymity, bands instead of counts, rounding, complementary suppression of
 * slices, trends only when both windows qualify, comments only in private and in numbers. And
 * against differencing: it reads only what the store published (figures move in steps of at
 * least k people, per group; see ResponseStore.publishIfDue), windows end at the week the
 * figures were published in (they do not slide as time passes) and start only where at least k
 * people separate one window from the next, so no two reports, windows, slices, digests or
 * formats differ by fewer than k people.
 */
export class ReportEngine {
  constructor(
    private readonly responses: ResponseStore,
    private readonly knowledge: KnowledgeBase,
    private readonly k: number,
    private readonly now: () => Date,
    /** Comments and channel names are people's words: they can mention nobody and link only where allowed. */
    private readonly links: LinkPolicy,
  ) {}

  /** The fewest people any figure it releases stands for (OPSCOACH_MIN_GROUP). */
  get minGroup(): number {
    return this.k;
  }

  report(d: Diagnostic, request: ReportRequest): DiagnosticReport {
    const asked = Math.max(1, Math.min(MAX_WEEKS, Math.floor(request.weeks)));
    const releases = this.responses.releases(d.id, request.workspace);
    const wholeGroup = releases.filter((g) => g.dimension === '');
    const asOf = latest(wholeGroup.map((g) => g.week)) ?? isoWeek(this.now());
    const tooFew: DiagnosticReport = {
      diagnostic: d.id,
      title: d.title,
      window: { weeks: asked, from: weeksBefore(asOf, asked - 1), to: asOf },
      k: this.k,
      status: 'too-few',
    };
    if (wholeGroup.length === 0) return tooFew;
    const oldest = [asOf, ...releases.map((g) => g.week)].sort()[0] ?? asOf;
    const { weekly, counts } = this.responses.published(d.id, weeksBefore(oldest, 2 * MAX_WEEKS), request.workspace);
    const perWeek = new Map<string, number>();
    for (const w of weekly) perWeek.set(w.week, (perWeek.get(w.week) ?? 0) + w.n);
    // Nothing until the weeks asked for hold k people, as ever; then the window nearest to them
    // that starts where k people separate windows.
    if (respondentsIn(perWeek, weeksBefore(asOf, asked - 1), asOf) < this.k) return tooFew;
    const starts = windowStarts(perWeek, this.k);
    const lowest = weeksBefore(asOf, asked - 1);
    const nearest = nearestWindowStart(starts, perWeek, lowest, asOf);
    if (!nearest) return tooFew;
    // The same people as in the weeks asked for (only empty weeks apart): show those weeks.
    const start = sameRespondents(perWeek, nearest, lowest, asOf) ? lowest : nearest;
    const whole = counts.filter((r) => r.dimension === '' && r.value === '');
    const now = tally(whole.filter((r) => r.week >= start && r.week <= asOf));
    const n = now.n('', '');
    if (n < this.k) return tooFew;
    const weeks = weeksFrom(start, asOf);
    // The weeks before, as many again, cut the same way.
    const previousEnd = weeksBefore(start, 1);
    const previousLowest = weeksBefore(start, weeks);
    const previousNearest =
      respondentsIn(perWeek, previousLowest, previousEnd) >= this.k
        ? nearestWindowStart(
            starts.filter((s) => s <= previousEnd),
            perWeek,
            previousLowest,
            previousEnd,
          )
        : undefined;
    const previousStart =
      previousNearest && sameRespondents(perWeek, previousNearest, previousLowest, previousEnd)
        ? previousLowest
        : previousNearest;
    const before = previousStart
      ? tally(whole.filter((r) => r.week >= previousStart && r.week <= previousEnd))
      : undefined;
    const report: DiagnosticReport = {
      diagnostic: d.id,
      title: d.title,
      window: { weeks, from: start, to: asOf },
      ...(weeks !== asked ? { asked } : {}),
      k: this.k,
      status: 'ok',
      respondents: respondentBand(n, this.k),
      averageScore: average(now, '', '', n, this.k),
      profiles: d.profiles.map((p) => ({ id: p.id, name: p.name, share: share(now.get('', '', '_profile', p.id), n) })),
      headlines: d.headlines.map((h) => ({ id: h.id, label: h.label, value: this.headline(d, h, now, n) })),
      pain: this.pain(d, now),
      trend: this.trend(now, before, previousStart ? weeksFrom(previousStart, previousEnd) : 0),
      questions: d.questions.map((q) => ({ id: q.id, text: q.text, options: this.distribution(q, now, n) })),
      slices: this.slices(d, releases, counts, asOf),
    };
    if (request.audience === 'private') {
      const comments = this.responses.comments(d.id, start, asOf, request.workspace);
      if (comments.length >= COMMENT_MIN) report.comments = comments.map((c) => neutraliseUntrusted(c, this.links));
    }
    return report;
  }

  private headline(d: Diagnostic, h: Headline, t: Tally, n: number): string {
    const q = d.questions.find((x) => x.id === h.question);
    if (!q) return '';
    if (h.kind === 'share')
      return `${share(
        h.options.reduce((sum, o) => sum + t.get('', '', q.id, o), 0),
        n,
      )} %`;
    // The middle answer of those who answered, options ordered worst first.
    const counts = q.options.map((o) => t.get('', '', q.id, o.code));
    const answered = counts.reduce((a, b) => a + b, 0);
    if (answered < this.k) return 'not enough answers';
    let seen = 0;
    const middle = q.options.find((_, i) => {
      seen += counts[i] ?? 0;
      return seen >= answered / 2;
    });
    return middle?.short ?? middle?.label ?? '';
  }

  private pain(d: Diagnostic, t: Tally): DiagnosticReport['pain'] {
    let worst: { q: Question; weak: number; answered: number } | undefined;
    for (const q of d.questions) {
      const answered = q.options.reduce((sum, o) => sum + t.get('', '', q.id, o.code), 0);
      const weak = q.options.filter((o) => o.score <= 1).reduce((sum, o) => sum + t.get('', '', q.id, o.code), 0);
      if (answered >= this.k && (!worst || weak / answered > worst.weak / worst.answered))
        worst = { q, weak, answered };
    }
    const article = worst ? this.knowledge.article(worst.q.article) : undefined;
    if (!worst || !article || worst.weak === 0) return undefined;
    return {
      question: worst.q.text,
      why: worst.q.weak,
      share: share(worst.weak, worst.answered),
      article: { id: article.id, title: article.title, url: article.url },
    };
  }

  private trend(now: Tally, before: Tally | undefined, previousWeeks: number): DiagnosticReport['trend'] {
    const m = before?.n('', '') ?? 0;
    if (!before || m < this.k)
      return { direction: 'unknown', reason: 'not enough responses in the previous window to compare' };
    const change = Math.round(
      now.get('', '', '_score_sum', '') / scored(now, '', '') -
        before.get('', '', '_score_sum', '') / scored(before, '', ''),
    );
    if (!Number.isFinite(change) || scored(now, '', '') < this.k || scored(before, '', '') < this.k) {
      return { direction: 'unknown', reason: 'not enough scored responses to compare' };
    }
    const direction = Math.abs(change) < MATERIAL_CHANGE ? 'steady' : change > 0 ? 'up' : 'down';
    return { direction, change, previousRespondents: respondentBand(m, this.k), previousWeeks };
  }

  private distribution(q: Question, t: Tally, n: number) {
    const unsure = t.get('', '', q.id, NOT_SURE) + t.get('', '', q.id, SKIPPED);
    return [
      ...q.options.map((o) => ({
        code: o.code,
        label: o.short ?? o.label,
        share: share(t.get('', '', q.id, o.code), n),
      })),
      { code: NOT_SURE, label: 'Not sure or skipped', share: share(unsure, n) },
    ];
  }

  /**
   * Slice groups over the SLICE_WEEKS weeks up to the published week, one window whatever was
   * asked (a group cannot be compared with itself over a longer or shorter one). A group sits out
   * a release in which its members changed by fewer than k (the store marks which groups may be
   * shown); it is then hidden like a small group, so other groups are hidden with it until the
   * hidden people add up to k and nothing can be worked out by subtracting the shown from the total.
   */
  private slices(
    d: Diagnostic,
    releases: readonly PublishedGroup[],
    counts: readonly (CountRow & { workspace: string })[],
    asOf: string,
  ): DiagnosticReport['slices'] {
    const from = weeksBefore(asOf, SLICE_WEEKS - 1);
    const wholeRelease = new Map(releases.filter((g) => g.dimension === '').map((g) => [g.workspace, g.release]));
    // A group of one workspace is shown in this release, or sits it out.
    const sittingOut = new Set<string>();
    const shownIn = new Set(
      releases
        .filter((g) => g.dimension !== '' && g.release === wholeRelease.get(g.workspace))
        .map((g) => `${g.workspace}\u0000${g.dimension}\u0000${g.value}`),
    );
    const rows = counts.filter((r) => r.dimension !== '' && r.week >= from && r.week <= asOf);
    for (const r of rows) {
      if (!shownIn.has(`${r.workspace}\u0000${r.dimension}\u0000${r.value}`))
        sittingOut.add(`${r.dimension}\u0000${r.value}`);
    }
    const t = tally(rows);
    const out: NonNullable<DiagnosticReport['slices']> = [];
    for (const dimension of SLICE_DIMENSIONS) {
      const groups = t.values(dimension).map((value) => ({
        value,
        n: t.n(dimension, value),
        hide: sittingOut.has(`${dimension}\u0000${value}`),
      }));
      const released = releasableSlices(groups, this.k);
      if (!released) continue;
      out.push({
        dimension,
        weeks: SLICE_WEEKS,
        hidden: released.hidden,
        groups: released.shown.map((g) => {
          const top = [...d.profiles].sort(
            (a, b) => t.get(dimension, g.value, '_profile', b.id) - t.get(dimension, g.value, '_profile', a.id),
          )[0];
          return {
            value: g.value === '_none' ? 'not given' : neutraliseUntrusted(g.value, this.links),
            respondents: respondentBand(g.n, this.k),
            averageScore: average(t, dimension, g.value, g.n, this.k),
            topProfile: top?.name,
          };
        }),
      });
    }
    return out;
  }
}

function latest(weeks: readonly string[]): string | undefined {
  return weeks.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
}

/** Counts summed over the weeks of a window, looked up by slice, question and option. */
interface Tally {
  get(dimension: string, value: string, question: string, option: string): number;
  n(dimension: string, value: string): number;
  values(dimension: string): string[];
}

function tally(rows: readonly CountRow[]): Tally {
  const sums = new Map<string, number>();
  const values = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.dimension}\u0000${r.value}\u0000${r.question}\u0000${r.option}`;
    sums.set(key, (sums.get(key) ?? 0) + r.count);
    if (r.question === '_n') values.set(r.dimension, (values.get(r.dimension) ?? new Set()).add(r.value));
  }
  const get = (dimension: string, value: string, question: string, option: string) =>
    sums.get(`${dimension}\u0000${value}\u0000${question}\u0000${option}`) ?? 0;
  return {
    get,
    n: (dimension, value) => get(dimension, value, '_n', ''),
    values: (dimension) => [...(values.get(dimension) ?? [])],
  };
}

/** Responses with a score (enough questions answered): those without have no profile. */
function scored(t: Tally, dimension: string, value: string): number {
  return t.n(dimension, value) - t.get(dimension, value, '_profile', '_none');
}

/** The average score of a group, rounded to tens below 20 people like every other figure. */
function average(t: Tally, dimension: string, value: string, n: number, k: number): number | undefined {
  const count = scored(t, dimension, value);
  if (count < k) return undefined;
  const mean = t.get(dimension, value, '_score_sum', '') / count;
  return n < 20 ? Math.round(mean / 10) * 10 : Math.round(mean);
}
