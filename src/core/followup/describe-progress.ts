import type { ExperimentProgress, ScoreHistory } from '../reply.ts';

/**
 * A person's own progress as Markdown, for every adapter: their scores over time and the
 * experiments they picked. Only ever shown to that person.
 */
export function describeProgress(
  history: readonly ScoreHistory[] = [],
  experiments: readonly ExperimentProgress[] = [],
): string {
  const lines: string[] = [];
  if (history.length > 0) {
    lines.push('**Your scores over time**');
    for (const h of history) {
      const points = h.points.map((p) => `${p.week} ${p.score ?? '–'}`).join(' → ');
      const scored = h.points.filter((p) => p.score !== undefined);
      const first = scored[0]?.score;
      const last = scored.at(-1)?.score;
      const change = first !== undefined && last !== undefined && scored.length > 1 ? last - first : undefined;
      lines.push(`- ${h.title}: ${points}${change === undefined ? '' : ` (${change > 0 ? '+' : ''}${change} points)`}`);
    }
  }
  if (experiments.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('**Your experiments**');
    for (const e of experiments) {
      const scores =
        e.scores?.before !== undefined && e.scores.after !== undefined
          ? `; score ${e.scores.before} → ${e.scores.after} at your retake`
          : '';
      lines.push(`- **${e.title}** (${e.diagnostic}, picked ${e.picked}): ${e.status}${scores}`);
    }
  }
  return lines.join('\n');
}
