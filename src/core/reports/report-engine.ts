import type { Diagnostic, Headline, Question } from '../diagnostics/definition.ts';
import { NOT_SURE, SKIPPED } from '../diagnostics/scoring.ts';
import { recentWeeks } from '../diagnostics/week.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { DiagnosticReport } from '../reply.ts';
import { type CountRow, type ResponseStore, SLICE_DIMENSIONS } from '../store/response-store.ts';
import { releasableSlices, respondentBand, share } from './privacy-rules.ts';

export interface ReportRequest {
  /** Weeks in the window (the trend compares it with the same number of weeks before). */
  weeks: number;
  /** Only this workspace's responses; all when undefined (an operator at the terminal). */
  workspace?: string;
  /** Private reports may include comments; anything shown to a channel never does. */
  audience: 'private' | 'channel';
}

/** Comments are shown only when there are this many in the window, so no single voice stands out. */
export const COMMENT_MIN = 10;
/** A change in the average score smaller than this is "steady", not an arrow. */
export const MATERIAL_CHANGE = 10;

/**
 * Turns running counts into a report, applying every privacy rule here rather than in the
 * renderers: k-anonymity, bands instead of counts, rounding, complementary suppression of
 * slices, trends only when both windows qualify, comments only in private and in numbers.
 */
export class ReportEngine {
  constructor(
    private readonly responses: ResponseStore,
    private readonly knowledge: KnowledgeBase,
    private readonly k: number,
    private readonly now: () => Date,
  ) {}

  report(d: Diagnostic, request: ReportRequest): DiagnosticReport {
    const weeks = Math.max(1, Math.min(26, Math.floor(request.weeks)));
    const all = recentWeeks(this.now(), weeks * 2);
    const current = all.slice(0, weeks);
    const previous = all.slice(weeks);
    const rows = this.responses.counts(d.id, all, request.workspace);
    const now = tally(rows.filter((r) => current.includes(r.week)));
    const before = tally(rows.filter((r) => previous.includes(r.week)));
    const base: DiagnosticReport = {
      diagnostic: d.id,
      title: d.title,
      window: { weeks, from: current.at(-1) ?? '', to: current[0] ?? '' },
      k: this.k,
      status: 'too-few',
    };
    const n = now.n('', '');
    if (n < this.k) return base;
    const report: DiagnosticReport = {
      ...base,
      status: 'ok',
      respondents: respondentBand(n, this.k),
      averageScore: average(now, '', '', n, this.k),
      profiles: d.profiles.map((p) => ({ id: p.id, name: p.name, share: share(now.get('', '', '_profile', p.id), n) })),
      headlines: d.headlines.map((h) => ({ id: h.id, label: h.label, value: this.headline(d, h, now, n) })),
      pain: this.pain(d, now),
      trend: this.trend(now, before),
      questions: d.questions.map((q) => ({ id: q.id, text: q.text, options: this.distribution(q, now, n) })),
      slices: this.slices(d, now),
    };
    if (request.audience === 'private') {
      const comments = this.responses.comments(d.id, current, request.workspace);
      if (comments.length >= COMMENT_MIN) report.comments = comments;
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

  private trend(now: Tally, before: Tally): DiagnosticReport['trend'] {
    const m = before.n('', '');
    if (m < this.k) return { direction: 'unknown', reason: 'not enough responses in the previous window to compare' };
    const change = Math.round(
      now.get('', '', '_score_sum', '') / scored(now, '', '') -
        before.get('', '', '_score_sum', '') / scored(before, '', ''),
    );
    if (!Number.isFinite(change) || scored(now, '', '') < this.k || scored(before, '', '') < this.k) {
      return { direction: 'unknown', reason: 'not enough scored responses to compare' };
    }
    const direction = Math.abs(change) < MATERIAL_CHANGE ? 'steady' : change > 0 ? 'up' : 'down';
    return { direction, change, previousRespondents: respondentBand(m, this.k) };
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

  private slices(d: Diagnostic, t: Tally): DiagnosticReport['slices'] {
    const out: NonNullable<DiagnosticReport['slices']> = [];
    for (const dimension of SLICE_DIMENSIONS) {
      const groups = t.values(dimension).map((value) => ({ value, n: t.n(dimension, value) }));
      const released = releasableSlices(groups, this.k);
      if (!released) continue;
      out.push({
        dimension,
        hidden: released.hidden,
        groups: released.shown.map((g) => {
          const top = [...d.profiles].sort(
            (a, b) => t.get(dimension, g.value, '_profile', b.id) - t.get(dimension, g.value, '_profile', a.id),
          )[0];
          return {
            value: g.value === '_none' ? 'not given' : g.value,
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
