import { styleText } from 'node:util';
import { describeResult } from '../core/diagnostics/views.ts';

import { describeEvidence } from '../core/evidence/describe-evidence.ts';
import { describeProgress } from '../core/followup/describe-progress.ts';
import {
  AI_NOTE,
  type AnswerReply,
  type DeclineReply,
  type DiagnosticReply,
  type HelpReply,
  type Reply,
  type ResultsReply,
  type Source,
  SUGGESTION_LABEL,
  type TopicsReply,
} from '../core/reply.ts';

import { describeDigest, describeFollowups, describeReport } from '../core/reports/describe-report.ts';

export interface TextStyle {
  /** ANSI styling for an interactive terminal; plain text for pipes and NO_COLOR. */
  color: boolean;
}

type Format = Parameters<typeof styleText>[0];

/** Renders a Reply as terminal text: the terminal adapter's only job besides reading lines. */
export function renderText(reply: Reply, style: TextStyle, prefix = ''): string {
  const paint = (format: Format, text: string) => (style.color ? styleText(format, text) : text);
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply, paint);
    case 'help':
      return renderHelp(reply, paint, prefix);
    case 'topics':
      return renderTopics(reply, paint);
    case 'notice':
      return markdownToTerminal(reply.text, paint);
    case 'diagnostic':
      return renderDiagnostic(reply, paint);
    case 'results':
      return renderResults(reply, paint);
    case 'report':
      return [
        ...reply.reports.map((r) => describeReport(r)),
        ...(reply.followups ? [describeFollowups(reply.followups)] : []),
      ]
        .map((markdown) => markdownToTerminal(markdown, paint))
        .join('\n\n');
    case 'digest':
      return markdownToTerminal(describeDigest(reply), paint);
    case 'evidence':
      return markdownToTerminal(describeEvidence(reply.evidence), paint);
  }
}

/** A diagnostic screen: the prompt and every choice numbered, so piped input can answer with numbers. */
function renderDiagnostic(reply: DiagnosticReply, paint: (f: Format, t: string) => string): string {
  const lines = [paint('bold', reply.title), '', markdownToTerminal(reply.text, paint)];
  if (reply.note) lines.push('', paint('dim', reply.note));
  if (reply.choices.length > 0) {
    lines.push('');
    for (const [i, c] of reply.choices.entries()) lines.push(`  ${String(i + 1).padStart(2)}) ${c.label}`);
    lines.push('', paint('dim', reply.acceptsComment ? 'Type a comment, or a number.' : 'Type a number.'));
  }
  return lines.join('\n');
}

function renderResults(reply: ResultsReply, paint: (f: Format, t: string) => string): string {
  const lines = reply.results.length
    ? reply.results.flatMap((r) => [markdownToTerminal(describeResult(r), paint), `(${r.week})`, ''])
    : ['You have no diagnostic results from the last six months.', ''];
  const progress = describeProgress(reply.history, reply.experiments);
  if (progress) lines.push(markdownToTerminal(progress, paint), '');
  lines.push(paint('dim', `Take one: ${reply.choices.map((c) => c.label).join(' or ')} (type "diagnose").`));
  return lines.join('\n');
}

function renderAnswer(reply: AnswerReply | DeclineReply, paint: (f: Format, t: string) => string): string {
  const lines = [markdownToTerminal(reply.text, paint)];
  if (reply.sources.length > 0) {
    lines.push('', paint('bold', 'Sources'));
    for (const s of reply.sources) lines.push(...sourceLines(s, paint));
  }
  if (reply.suggestions.length > 0) {
    lines.push('', paint('dim', reply.answered ? 'Related: ' : 'Try asking:'));
    for (const s of reply.suggestions) lines.push(paint('dim', `  - ${s.question}`));
  }
  if (reply.answered) lines.push('', paint('dim', AI_NOTE[reply.mode]));
  return lines.join('\n');
}

/** One page: "[1] Title: url"; several: the title, then each page on its own line; a suggestion: no link. */
function sourceLines(source: Source, paint: (f: Format, t: string) => string): string[] {
  if (source.kind === 'suggestion') {
    return [`  [${source.n}] ${paint('italic', SUGGESTION_LABEL)} (our own advice, no source page): ${source.title}`];
  }
  const [only] = source.pages;
  if (only && source.pages.length === 1) return [`  [${source.n}] ${source.title}: ${paint('underline', only.url)}`];
  return [
    `  [${source.n}] ${source.title}`,
    ...source.pages.map((page) => `      ${page.title}: ${paint('underline', page.url)}`),
  ];
}

function renderHelp(reply: HelpReply, paint: (f: Format, t: string) => string, prefix: string): string {
  const width = Math.max(...reply.commands.map((c) => c.usage.length + prefix.length));
  return [
    reply.intro,
    '',
    paint('bold', 'Commands'),
    ...reply.commands.map((c) => `  ${`${prefix}${c.usage}`.padEnd(width)}  ${c.description}`),
    '',
    paint('bold', 'Or just ask, for example'),
    ...reply.examples.map((e) => `  ${e}`),
  ].join('\n');
}

function renderTopics(reply: TopicsReply, paint: (f: Format, t: string) => string): string {
  const lines: string[] = [];
  for (const group of reply.groups) {
    lines.push(paint('bold', group.topic));
    for (const a of group.articles) lines.push(`  - ${a.title}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** Markdown a terminal can show: bold kept as bold, links as "words <url>". */
function markdownToTerminal(markdown: string, paint: (f: Format, t: string) => string): string {
  return markdown
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, (_, text: string, url: string) => `${text} <${url}>`)
    .replace(/\*\*([^*]+)\*\*/g, (_, text: string) => paint('bold', text))
    .replace(/(?<![*\w])\*([^*\n]+)\*(?![*\w])/g, (_, text: string) => paint('italic', text))
    .replace(/(?<![\w_])_([^_\n]+)_(?![\w_])/g, (_, text: string) => paint('italic', text));
}
