import type { Diagnostic } from '../diagnostics/definition.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { fill } from '../prompts/coach-text.ts';
import type { DiagnosticReport, EvidenceFigures, RecordsLine } from '../reply.ts';
import type { Comparison, EvidenceWording } from './wording.ts';
import { hoursInWords, minutesInWords, perWeek, plural, times } from './words.ts';

/** The measured figure a comparison uses, or null when the records cannot say. */
function figureOf(c: Comparison, f: EvidenceFigures): number | null {
  switch (c.figure) {
    case 'handoffs':
      return f.handoffs_median;
    case 'ack_minutes':
      return f.ack_minutes_median;
    case 'deploys_per_week':
      return f.deploys_per_week;
    case 'lead_time_hours':
      return f.lead_time_hours_median;
  }
}

/** Which of the question's options the records land on: the first bucket whose range holds. */
function bucketOf(c: Comparison, value: number): number {
  const i = c.buckets.findIndex(
    (b) =>
      (b.at_least !== undefined && value >= b.at_least) ||
      (b.below !== undefined && value < b.below) ||
      (b.at_least === undefined && b.below === undefined),
  );
  return i < 0 ? c.buckets.length - 1 : i;
}

/**
 * "Records say" lines for one report: for each of its median headlines that has a comparison,
 * what the records show and, when the report released that headline, how the two compare in
 * plain words. The survey side is only what the report engine already released (its group
 * rules stand); the records side is about services, not people.
 */
export function recordsBeside(
  report: DiagnosticReport,
  d: Diagnostic,
  f: EvidenceFigures,
  wording: EvidenceWording,
  knowledge: KnowledgeBase,
): RecordsLine[] {
  const lines: RecordsLine[] = [];
  for (const c of wording.comparisons.filter((x) => x.diagnostic === d.id)) {
    const value = figureOf(c, f);
    const article = knowledge.article(c.article);
    const headline = d.headlines.find((h) => h.id === c.headline);
    const question = d.questions.find((q) => q.id === headline?.question);
    if (value === null || !article || !question) continue;
    const recordsAt = bucketOf(c, value);
    const recordsOption = question.options[recordsAt];
    const records = fill(c.records, {
      handoffs: times(value),
      teams: plural(value + 1, 'team or person', 'teams or people'),
      incidents: plural(f.incidents, 'incident', 'incidents'),
      ack: minutesInWords(value),
      per_week: perWeek(value),
      deployments: plural(f.deployments, 'deployment', 'deployments'),
      lead: hoursInWords(value),
    });
    const said = report.status === 'ok' ? report.headlines?.find((h) => h.id === c.headline)?.value : undefined;
    // The engine releases a median as its option's short label; anything else ("not enough answers") is no answer.
    const surveyAt = question.options.findIndex((o) => (o.short ?? o.label) === said);
    let gap = wording.no_survey;
    if (said !== undefined && surveyAt >= 0) {
      const template = recordsAt === surveyAt ? c.agree : recordsAt > surveyAt ? c.records_better : c.records_worse;
      gap = fill(template, { survey: said, records_answer: recordsOption?.short ?? recordsOption?.label ?? '' });
    }
    lines.push({
      headline: c.headline,
      headlineLabel: headline?.label ?? c.headline,
      label: wording.label,
      records,
      gap,
      article: { id: article.id, title: article.title, url: article.url },
    });
  }
  return lines;
}
