import type { types } from '@slack/bolt';
import { describeResult, EXPERIMENT_INVITATION } from '../../core/diagnostics/views.ts';
import { describeProgress } from '../../core/followup/describe-progress.ts';
import { clip } from '../../core/format/safe-cut.ts';
import type { DiagnosticChoice, DiagnosticReply, DiagnosticResultView, ResultsReply } from '../../core/reply.ts';
import { ACTION } from '../action-ids.ts';
import type { KnownBlock, SlackMessage } from './blocks.ts';
import { textBlocks } from './fit-message.ts';
import { mrkdwn, plainText, splitForSections, toMrkdwn } from './mrkdwn.ts';

/**
 * A diagnostic screen as Block Kit: each answer is its own section with a button (labels are
 * longer than a button allows), then the way forward, back / skip, and cancel.
 */
export function renderDiagnostic(reply: DiagnosticReply): SlackMessage {
  const blocks: KnownBlock[] = [];
  const heading = reply.progress ? `${reply.title} · ${reply.progress.current}/${reply.progress.total}` : reply.title;
  blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(heading, 150) } });
  if (reply.result) blocks.push(...resultBlocks(reply.result));
  else blocks.push(...textBlocks(reply.text));
  if (reply.note)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:information_source: ${toMrkdwn(reply.note)}`)],
    });
  let index = 0;
  const button = (c: DiagnosticChoice, text = c.label): types.Button => ({
    type: 'button',
    text: { type: 'plain_text', text: clip(text, 75), emoji: true },
    action_id: `${ACTION.diagnosticChoice}_${index++}`,
    value: c.token,
    ...(c.style === 'primary'
      ? { style: 'primary' as const }
      : c.style === 'danger'
        ? { style: 'danger' as const }
        : {}),
  });
  for (const choice of reply.choices.filter((c) => c.style === 'option')) {
    // An experiment on a result screen is shown with what to do and where it comes from.
    const experiment = reply.result?.experiments?.find((e) => e.token === choice.token);
    const label = experiment
      ? `**${experiment.title}**\n${experiment.text} (from [${experiment.article.title}](${experiment.article.url}))`
      : choice.label;
    blocks.push({
      type: 'section',
      text: mrkdwn(firstSection(label)),
      accessory: button(choice, choice.button ?? (choice.label.endsWith('(your answer)') ? 'Chosen' : 'Choose')),
    });
  }
  const others = reply.choices.filter((c) => c.style !== 'option').map((c) => button(c));
  if (reply.acceptsComment && reply.sessionId) {
    others.unshift({
      type: 'button',
      text: { type: 'plain_text', text: 'Add a comment' },
      action_id: ACTION.diagnosticComment,
      value: reply.sessionId,
    });
  }
  if (others.length > 0) blocks.push({ type: 'actions', block_id: 'diagnostic_nav', elements: others });
  return { text: plainText(reply.result ? describeResult(reply.result) : reply.text), blocks };
}

export function renderResults(reply: ResultsReply): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your latest results' } }];
  if (reply.results.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn('You have no diagnostic results from the last six months.'),
    });
  }
  for (const result of reply.results) blocks.push(...resultBlocks(result), { type: 'divider' });
  const progress = describeProgress(reply.history, reply.experiments);
  if (progress) {
    for (const text of splitForSections(toMrkdwn(progress)).slice(0, 6))
      blocks.push({ type: 'section', text: mrkdwn(text) });
    blocks.push({ type: 'divider' });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn('Only you can see your own results; group results need 5 or more people.')],
  });
  blocks.push({
    type: 'actions',
    block_id: 'results_start',
    elements: reply.choices.map((c, i) => ({
      type: 'button',
      text: { type: 'plain_text', text: `Take ${c.label}` },
      action_id: `${ACTION.diagnosticChoice}_${i}`,
      value: c.token,
    })),
  });
  return { text: 'Your latest results', blocks: blocks.slice(0, 50) };
}

/** A result: profile and score, the weakest answers in a line each, and articles to read next. */
function resultBlocks(r: DiagnosticResultView): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const headline =
    r.score === undefined || !r.profile
      ? `*${r.title}*: you answered ${r.answered} of ${r.total} questions, too few for a score.`
      : `*${r.title}: ${r.profile.name}* (${r.score}/100)\n${r.profile.summary}`;
  blocks.push(...textBlocks(headline));
  if (r.dora) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Your release answers resemble DORA's *${r.dora.label}*.`)],
    });
  }
  if (r.weakest.length > 0) {
    const lines = r.weakest.map((w) => `• ${w.why} _(You said: ${w.answer})_`).join('\n');
    blocks.push({
      type: 'section',
      text: mrkdwn(splitForSections(`*Where it hurts most*\n${toMrkdwn(lines)}`)[0] ?? ''),
    });
  }
  if (r.recommended.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn('*Read next*') });
    blocks.push({
      type: 'actions',
      block_id: `read_next_${r.diagnostic}`,
      elements: r.recommended.map((a, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(a.title, 75) },
        action_id: `${ACTION.ask}_${i}`,
        value: a.title,
      })),
    });
  }
  // The experiments themselves follow as sections with a "Try this" button each.
  if (r.experiments?.length) {
    blocks.push({ type: 'section', text: mrkdwn(`*One thing to try*\n${EXPERIMENT_INVITATION}`) });
  }
  return blocks;
}

/** Markdown as mrkdwn that fits one section (an answer option beside its button). */
function firstSection(markdown: string): string {
  const [first = '', ...rest] = splitForSections(toMrkdwn(markdown));
  return rest.length ? `${first}…` : first;
}
