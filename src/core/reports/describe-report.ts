import { clip } from '../format/safe-cut.ts';
import type { DiagnosticReport, DigestReply, FollowupReport, RecordsLine } from '../reply.ts';

const TREND = { up: '↑ better', down: '↓ worse', steady: '≈ steady' } as const;

/** A share as a bar of ten blocks, for places without pictures. */
function bar(share: number): string {
  const filled = Math.round(share / 10);
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

/** How much of the free text a chat message can hold: comments shown, and characters of each. */
export interface CommentLimits {
  maxComments?: number;
  commentLength?: number;
}

/**
 * A report as Markdown; every figure in it was already released by the report engine. Chat
 * messages have a size limit, so a renderer may show fewer comments (the count of the rest is
 * said) or shorten long ones; the terminal shows them all.
 */
export function describeReport(
  r: DiagnosticReport,
  detail: 'full' | 'headlines' = 'full',
  limits: CommentLimits = {},
): string {
  const lines = [`**${r.title}**, ${r.window.from} to ${r.window.to}`];
  if (r.status === 'too-few') {
    lines.push(`Not enough responses yet: results appear once ${r.k} or more people have answered.`);
    for (const line of r.records ?? []) lines.push(`- ${line.headlineLabel}: ${recordsSay(line)}`);
    return lines.join('\n');
  }
  lines.push(`${r.respondents} people answered; average score ${r.averageScore ?? 'n/a'}/100.`);
  if (r.asked) {
    lines.push(
      `_${weeksText(r.window.weeks)} shown for the ${r.asked} asked: a window starts only where at least ${r.k} people separate it from a shorter one._`,
    );
  }
  if (r.trend) {
    lines.push(
      r.trend.direction === 'unknown'
        ? `Trend: not shown (${r.trend.reason}).`
        : `Trend against the ${weeksText(r.trend.previousWeeks)} before: ${TREND[r.trend.direction]}${r.trend.direction === 'steady' ? '' : ` (${r.trend.change > 0 ? '+' : ''}${r.trend.change} points)`}.`,
    );
  }
  lines.push('', '**Profiles**');
  for (const p of r.profiles ?? []) lines.push(`- ${p.name}: ${bar(p.share)} ${p.share} %`);
  if (r.headlines?.length) {
    lines.push('', '**Headlines**');
    for (const h of r.headlines) {
      lines.push(`- ${h.label}: **${h.value}**`);
      for (const line of r.records ?? []) if (line.headline === h.id) lines.push(`  - ${recordsSay(line)}`);
    }
  }
  if (r.pain) {
    lines.push(
      '',
      `**Most common pain** (${r.pain.share} % of answers): ${r.pain.why} Read: [${r.pain.article.title}](${r.pain.article.url}).`,
    );
  }
  if (detail === 'headlines') return lines.join('\n');
  for (const slice of r.slices ?? []) {
    lines.push(
      '',
      `**By ${slice.dimension}**, over the ${slice.weeks} weeks to ${r.window.to}${slice.hidden ? ` (${slice.hidden} group${slice.hidden === 1 ? '' : 's'} not shown, to protect anonymity)` : ''}`,
    );
    for (const g of slice.groups) {
      lines.push(
        `- ${g.value}: ${g.respondents} people, average ${g.averageScore ?? 'n/a'}/100, mostly “${g.topProfile ?? 'n/a'}”`,
      );
    }
  }
  if (r.questions?.length) {
    lines.push('', '**Answers**');
    for (const q of r.questions) {
      lines.push(
        `- ${q.text} ${q.options
          .filter((o) => o.share > 0)
          .map((o) => `${o.label} ${o.share} %`)
          .join(' · ')}`,
      );
    }
  }
  if (r.comments?.length) {
    const shown = r.comments.slice(0, limits.maxComments ?? r.comments.length);
    lines.push('', `**Comments** (${r.comments.length}, shuffled and undated)`);
    for (const c of shown) lines.push(`- “${limits.commentLength ? clip(c, limits.commentLength) : c}”`);
    const more = r.comments.length - shown.length;
    if (more > 0) lines.push(`- _…and ${more} more comment${more === 1 ? '' : 's'}, not shown here for space._`);
  }
  return lines.join('\n');
}

/** "Records say: …" with the gap in plain words and what to read; the records are about services, not people. */
function recordsSay(line: RecordsLine): string {
  return `_${line.label}:_ ${line.records}. ${line.gap} Read: [${line.article.title}](${line.article.url}).`;
}

/** Experiments and check-ins as Markdown; every figure in it was released by the report engine's rules. */
export function describeFollowups(f: FollowupReport): string {
  const lines = [`**Experiments** picked ${f.window.from} to ${f.window.to}`];
  if (f.status === 'too-few') {
    lines.push(`Not enough people yet: figures appear once ${f.k} or more people have picked an experiment.`);
    return lines.join('\n');
  }
  if (f.asked) {
    lines.push(
      `_${weeksText(f.window.weeks)} shown for the ${f.asked} asked: a window starts only where at least ${f.k} people separate it from a shorter one._`,
    );
  }
  if (f.picked) lines.push(`- Picked an experiment to try: ${f.picked} people`);
  if (f.answered && f.tried !== undefined) {
    const answers = (f.outcomes ?? []).map((o) => `${o.label} ${o.share} %`).join(' · ');
    lines.push(`- Answered their check-in: ${f.answered} people; ${f.tried} % had tried their experiment (${answers})`);
  }
  if (f.kinds?.groups.length) {
    lines.push(
      `- Reported as helping, by kind, over the ${f.kinds.weeks} weeks to ${f.window.to}${f.kinds.hidden ? ` (${f.kinds.hidden} kind${f.kinds.hidden === 1 ? '' : 's'} not shown, to protect anonymity)` : ''}:`,
    );
    for (const g of [...f.kinds.groups].sort((a, b) => b.helped - a.helped))
      lines.push(`  - ${g.label}: ${g.helped} % said it helped (${g.tried} tried one)`);
  }
  if (f.retook) {
    const change = `${f.retook.change > 0 ? '+' : ''}${f.retook.change} points`;
    lines.push(
      `- Retook the diagnostic after their experiment: ${f.retook.people} people, ${TREND[f.retook.direction]} (${change} on average)`,
    );
  }
  if (f.comments?.length) {
    lines.push('', `**Check-in comments** (${f.comments.length}, shuffled and undated)`);
    for (const c of f.comments) lines.push(`- “${c}”`);
  }
  return lines.join('\n');
}

function weeksText(n: number): string {
  return n === 1 ? '1 week' : `${n} weeks`;
}

/** A digest as Markdown, for text adapters and message fallbacks. */
export function describeDigest(d: DigestReply): string {
  const lines = [`**${d.title}**${d.preview ? ' (preview: only you can see this)' : ''}`, ''];
  lines.push(`**Tip of the week: [${d.tip.title}](${d.tip.url})**`, d.tip.summary, '');
  if (d.invitation) lines.push(d.invitation);
  else for (const r of d.reports) lines.push(describeReport(r, 'headlines'), '');
  if (d.followups?.status === 'ok') lines.push(describeFollowups(d.followups), '');
  if (d.chart && !d.invitation) lines.push(`_${d.chart.alt}_`);
  return lines.join('\n').trim();
}

/** Under every report, whatever the platform: what the figures never show. */
export function reportPrivacyNote(minGroup: number): string {
  return `Groups under ${minGroup} are never shown; small groups appear as bands, percentages are rounded, and figures change only once at least ${minGroup} more people have answered.`;
}

/** Under every digest, whatever the platform. */
export function digestPrivacyNote(minGroup: number): string {
  return `Group figures only, never anyone's own answers; groups under ${minGroup} are not shown.`;
}
