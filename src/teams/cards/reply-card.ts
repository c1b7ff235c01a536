import { describeResult } from '../../core/diagnostics/views.ts';
import { describeEvidence } from '../../core/evidence/describe-evidence.ts';
import { describeProgress } from '../../core/followup/describe-progress.ts';
import { largestFitting } from '../../core/format/fit.ts';
import { simplifyMarkdown, splitCodeBlocks } from '../../core/format/markdown-blocks.ts';
import { clip } from '../../core/format/safe-cut.ts';
import { readMoreOf, shortenMarkdown } from '../../core/format/shorten.ts';
import { MAX_COMMENT_CHARS } from '../../core/limits.ts';
import {
  AI_NOTE,
  type AnswerReply,
  type DiagnosticReply,
  type DigestReply,
  type Reply,
  type ReportReply,
  type ResultsReply,
  type Source,
  SUGGESTION_LABEL,
  type TopicsReply,
} from '../../core/reply.ts';
import {
  type CommentLimits,
  describeDigest,
  describeFollowups,
  describeReport,
  digestPrivacyNote,
  reportPrivacyNote,
} from '../../core/reports/describe-report.ts';
import {
  actionSet,
  type Card,
  type CardElement,
  card,
  heading,
  image,
  note,
  openUrl,
  runs,
  submit,
  text,
} from './elements.ts';
import { CARD_BUDGET, cardBytes, fitCard, withinBudget } from './fit-card.ts';

/**
 * Renders any Reply as an Adaptive Card (schema 1.5); the only place that knows card shapes.
 * Every card it returns fits in one Teams message (src/teams/cards/fit-card.ts): answers,
 * reports and topic lists first shorten themselves the way that suits them, and `fitCard` is the
 * last resort for every kind.
 */
export function replyCard(reply: Reply): Card {
  return fitCard(cardFor(reply));
}

function cardFor(reply: Reply): Card {
  switch (reply.kind) {
    case 'answer':
      return reply.answered ? answerCard(reply) : card([text(reply.text)], suggestions(reply.suggestions));
    case 'help':
      return card(
        [
          text(reply.intro),
          text('**Commands**'),
          // Runs show a command exactly as typed ("ask <question>"), in a fixed-width font.
          ...reply.commands.map((c) =>
            runs([{ text: '• ' }, { text: c.usage, code: true }, { text: `: ${c.description}` }]),
          ),
          note('Mention me in a channel or chat, or message me directly.'),
        ],
        reply.examples.map((q) => submit(q, { opscoach: 'ask', question: q })),
      );
    case 'topics':
      return topicsCard(reply);
    case 'notice':
      return card([text(reply.text)]);
    case 'diagnostic':
      return diagnosticCard(reply);
    case 'results':
      return resultsCard(reply);
    case 'report':
      return reportCard(reply);
    case 'digest':
      return digestCard(reply);
    case 'evidence':
      return card([
        heading('Opscoach evidence from records'),
        text(describeEvidence(reply.evidence)),
        ...(reply.chart?.png ? [image(reply.chart.png, reply.chart.alt)] : []),
        note('Measured from imported incident and deployment records: services, not people.'),
      ]);
  }
}

/**
 * An answer with its sources and buttons. Too long for one message, its text is shortened at a
 * sentence boundary, with a link to the article it mostly comes from.
 */
function answerCard(reply: AnswerReply): Card {
  const full = answerCardWith(reply, reply.text);
  const size = cardBytes(full);
  if (size <= CARD_BUDGET) return full;
  // Bytes per character of this text as the card carries it (JSON escapes, UTF-8), to aim close.
  const perChar = Math.max(1, Buffer.byteLength(JSON.stringify(reply.text)) / Math.max(1, reply.text.length));
  let target = Math.floor(reply.text.length - (size - CARD_BUDGET) / perChar) - 200;
  let shortened = answerCardWith(reply, shortenMarkdown(reply.text, Math.max(0, target), readMoreOf(reply)));
  for (let attempt = 0; attempt < 8 && !withinBudget(shortened) && target > 0; attempt++) {
    target = Math.floor(target * 0.9);
    shortened = answerCardWith(reply, shortenMarkdown(reply.text, target, readMoreOf(reply)));
  }
  return shortened;
}

function answerCardWith(reply: AnswerReply, markdown: string): Card {
  const body: CardElement[] = [text(markdown)];
  if (reply.sources.length > 0) {
    body.push(
      text(`**Sources**\n\n${reply.sources.map(sourceLine).join('\n\n')}`, {
        spacing: 'Medium',
      }),
    );
  }
  body.push(note(AI_NOTE[reply.mode]));
  const actions: CardElement[] = [];
  if (reply.answerId) {
    actions.push(
      submit('👍 Helpful', { opscoach: 'feedback', answer: reply.answerId, helpful: true }),
      submit('👎 Not helpful', { opscoach: 'feedback', answer: reply.answerId, helpful: false }),
    );
  }
  if (reply.suggestions.length > 0) body.push(actionSet(suggestions(reply.suggestions)));
  return card(body, actions);
}

/**
 * What the coach knows, a part per topic. With many articles (a large KNOWLEDGE_DIRS) each
 * topic lists as many as fit, the same number for every topic, and says how many more it has.
 */
function topicsCard(reply: TopicsReply): Card {
  const render = (shown: number) =>
    card([
      heading('What I can help with'),
      ...reply.groups.map((g) => {
        const lines = g.articles.slice(0, shown).map((a) => `- [${a.title}](${a.url})`);
        const hidden = g.articles.length - shown;
        if (hidden > 0) lines.push(`- _…and ${hidden} more: ask about ${g.topic} to find them._`);
        return text(`**${g.topic}** (${g.articles.length})\n\n${lines.join('\n')}`);
      }),
    ]);
  const most = Math.max(0, ...reply.groups.map((g) => g.articles.length));
  return render(largestFitting(most, (n) => withinBudget(render(n))));
}

/** A comment in a Teams report is shown up to this long; the rest of a long one is cut at a word. */
const COMMENT_LENGTH = 500;

/**
 * A report for the person who asked. When the comments make it too long for one message, as
 * many are shown as fit (the same number for each diagnostic) and it says how many more there
 * are. The comments are fitted without the chart: if both do not fit, the chart gives way to
 * its description in words (`fitCard`), since the figures it draws are in the text too.
 */
function reportCard(reply: ReportReply): Card {
  const render = (limits: CommentLimits, chart: boolean) =>
    card([
      heading('Opscoach report'),
      ...reply.reports.map((r) => text(describeReport(r, 'full', { ...limits, commentLength: COMMENT_LENGTH }))),
      ...(reply.followups ? [text(describeFollowups(reply.followups))] : []),
      ...(chart && reply.chart?.png ? [image(reply.chart.png, reply.chart.alt)] : []),
      note(reportPrivacyNote(reply.minGroup)),
    ]);
  const most = Math.max(0, ...reply.reports.map((r) => r.comments?.length ?? 0));
  const shown = largestFitting(most, (n) => withinBudget(render({ maxComments: n }, false)));
  return render({ maxComments: shown }, true);
}

/** One page: a link titled with the article; several: the article, then a link per page; a suggestion: no link. */
function sourceLine(source: Source): string {
  if (source.kind === 'suggestion') {
    return `[${source.n}] _${SUGGESTION_LABEL}_ (our own advice, no source page): ${source.title}`;
  }
  const [only] = source.pages;
  if (only && source.pages.length === 1) return `[${source.n}] [${source.title}](${only.url})`;
  return `[${source.n}] ${source.title}: ${source.pages.map((page) => `[${page.title}](${page.url})`).join(' · ')}`;
}

function suggestions(list: AnswerReply['suggestions']): CardElement[] {
  return list.slice(0, 4).map((s) => submit(s.title, { opscoach: 'ask', question: s.question }));
}

/** One diagnostic screen: one action per answer, the way forward, back / skip / cancel. */
function diagnosticCard(reply: DiagnosticReply): Card {
  const title = reply.progress ? `${reply.title} · ${reply.progress.current}/${reply.progress.total}` : reply.title;
  const body: CardElement[] = [heading(title), text(reply.result ? describeResult(reply.result) : reply.text)];
  if (reply.note) body.push(note(`ℹ️ ${reply.note}`));
  const options = reply.choices.filter((c) => c.style === 'option');
  if (options.length > 0) {
    // Labels are long: one full-width action per answer, stacked.
    body.push({
      type: 'ActionSet',
      actions: options.map((c) => submit(c.label, { opscoach: 'choice', token: c.token })),
    });
  }
  if (reply.acceptsComment && reply.sessionId) {
    body.push({
      type: 'Input.Text',
      id: 'comment',
      isMultiline: true,
      maxLength: MAX_COMMENT_CHARS,
      placeholder: 'Optional comment',
    });
  }
  const actions = reply.choices
    .filter((c) => c.style !== 'option')
    .map((c) =>
      reply.acceptsComment && c.style === 'primary' && reply.sessionId
        ? submit(c.label, { opscoach: 'comment', session: reply.sessionId, token: c.token }, 'positive')
        : submit(
            c.label,
            { opscoach: 'choice', token: c.token },
            c.style === 'danger' ? 'destructive' : c.style === 'primary' ? 'positive' : undefined,
          ),
    );
  if (reply.result)
    actions.push(...reply.result.recommended.map((a) => openUrl(`Read: ${a.title}`, a.url)).slice(0, 3));
  return card(body, actions);
}

function resultsCard(reply: ResultsReply): Card {
  const body: CardElement[] = [heading('Your latest results')];
  if (reply.results.length === 0) body.push(text('You have no diagnostic results from the last six months.'));
  for (const r of reply.results) body.push(text(`${describeResult(r)}\n\n_(${r.week})_`));
  const progress = describeProgress(reply.history, reply.experiments);
  if (progress) body.push(text(progress, { spacing: 'Medium' }));
  body.push(note('Only you can see your own results; group results need 5 or more people.'));
  return card(
    body,
    reply.choices.map((c) => submit(`Take ${c.label}`, { opscoach: 'choice', token: c.token })),
  );
}

function digestCard(reply: DigestReply): Card {
  const body: CardElement[] = [
    heading(reply.title),
    text(`**Tip of the week: [${reply.tip.title}](${reply.tip.url})**\n\n${reply.tip.summary}`),
  ];
  if (reply.invitation) body.push(text(reply.invitation));
  else body.push(...reply.reports.map((r) => text(describeReport(r, 'headlines'))));
  if (reply.followups?.status === 'ok') body.push(text(describeFollowups(reply.followups)));
  if (reply.chart?.png && !reply.invitation) body.push(image(reply.chart.png, reply.chart.alt));
  body.push(note(`${reply.preview ? '**Preview:** only you can see this. ' : ''}${digestPrivacyNote(reply.minGroup)}`));
  return card(
    body,
    reply.choices.map((c) => submit(c.label, { opscoach: 'choice', token: c.token }, 'positive')),
  );
}

/** Plain text of a reply, for notifications and clients without cards. */
export function replySummary(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
    case 'notice':
      return plainSummary(reply.text, 200);
    case 'diagnostic':
      return `${reply.title}: ${plainSummary(reply.text, 150)}`;
    case 'digest':
      return plainSummary(describeDigest(reply), 200);
    case 'help':
      return 'Opscoach help';
    case 'topics':
      return 'What Opscoach can help with';
    case 'results':
      return 'Your latest results';
    case 'report':
      return 'Opscoach report';
    case 'evidence':
      return 'Opscoach evidence from records';
  }
}

/** Markdown as the plain words a notification shows: no markup, tables as lists, code as its text. */
function plainSummary(markdown: string, max: number): string {
  const words = splitCodeBlocks(simplifyMarkdown(markdown))
    .map((segment) => segment.text)
    .join(' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/[*_`~]|^\s*[-+>]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clip(words, max);
}
