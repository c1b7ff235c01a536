import { describeResult } from '../../core/diagnostics/views.ts';
import { describeEvidence } from '../../core/evidence/describe-evidence.ts';
import { describeProgress } from '../../core/followup/describe-progress.ts';
import {
  type AnswerReply,
  type DiagnosticReply,
  type DigestReply,
  type Reply,
  type ResultsReply,
  type Source,
  SUGGESTION_LABEL,
} from '../../core/reply.ts';
import { describeDigest, describeFollowups, describeReport } from '../../core/reports/describe-report.ts';
import {
  actionSet,
  type Card,
  type CardElement,
  card,
  heading,
  image,
  note,
  openUrl,
  submit,
  text,
} from './elements.ts';

/** Renders any Reply as an Adaptive Card (schema 1.5); the only place that knows card shapes. */
export function replyCard(reply: Reply): Card {
  switch (reply.kind) {
    case 'answer':
      return reply.answered ? answerCard(reply) : card([text(reply.text)], suggestions(reply.suggestions));
    case 'help':
      return card(
        [
          text(reply.intro),
          text(`**Commands**\n\n${reply.commands.map((c) => `- \`${c.usage}\`: ${c.description}`).join('\n')}`),
          note('Mention me in a channel or chat, or message me directly.'),
        ],
        reply.examples.map((q) => submit(q, { opscoach: 'ask', question: q })),
      );
    case 'topics':
      return card([
        heading('What I can help with'),
        ...reply.groups.map((g) =>
          text(`**${g.topic}**\n\n${g.articles.map((a) => `- [${a.title}](${a.url})`).join('\n')}`),
        ),
      ]);
    case 'notice':
      return card([text(reply.text)]);
    case 'diagnostic':
      return diagnosticCard(reply);
    case 'results':
      return resultsCard(reply);
    case 'report':
      return card([
        heading('Opscoach report'),
        ...reply.reports.map((r) => text(describeReport(r))),
        ...(reply.followups ? [text(describeFollowups(reply.followups))] : []),
        ...(reply.chart?.png ? [image(reply.chart.png, reply.chart.alt)] : []),
        note(
          `Groups under ${reply.reports[0]?.k ?? reply.followups?.k ?? 5} are never shown; small groups appear as bands, percentages are rounded, and figures change only once at least ${reply.reports[0]?.k ?? reply.followups?.k ?? 5} more people have answered.`,
        ),
      ]);
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

function answerCard(reply: AnswerReply): Card {
  const body: CardElement[] = [text(reply.text)];
  if (reply.sources.length > 0) {
    body.push(
      text(`**Sources**\n\n${reply.sources.map(sourceLine).join('\n\n')}`, {
        spacing: 'Medium',
      }),
    );
  }
  body.push(
    note(
      reply.mode === 'model'
        ? 'Written by an AI model from the knowledge base. Check the sources before acting on it.'
        : 'Quoted from the knowledge base by an automated coach. Check the sources before acting on it.',
    ),
  );
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
      maxLength: 1000,
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
  body.push(
    note(
      `${reply.preview ? '**Preview:** only you can see this. ' : ''}Group figures only, never anyone's own answers; groups under ${reply.reports[0]?.k ?? reply.followups?.k ?? 5} are not shown.`,
    ),
  );
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
      return reply.text.slice(0, 200);
    case 'diagnostic':
      return `${reply.title}: ${reply.text.slice(0, 150)}`;
    case 'digest':
      return describeDigest(reply).slice(0, 200);
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
