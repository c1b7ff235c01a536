import type { types } from '@slack/bolt';
import {
  type AnswerReply,
  type DeclineReply,
  type HelpReply,
  type NoticeReply,
  type Reply,
  type Source,
  SUGGESTION_LABEL,
  type Suggestion,
  type TopicsReply,
} from '../../core/reply.ts';
import { ACTION } from '../action-ids.ts';
import { renderDiagnostic, renderResults } from './diagnostic-blocks.ts';
import { mrkdwn, plainText, splitForSections, toMrkdwn } from './mrkdwn.ts';
import { renderDigest, renderEvidence, renderReport } from './report-blocks.ts';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /** Offer "Share to channel" (for answers only the asker can see). */
  shareable?: boolean;
  /** Leave out feedback and share buttons (an answer someone already shared). */
  readOnly?: boolean;
  /** Shown under a shared answer, e.g. "Shared by <@U123>". */
  footer?: string;
}

/** Slack allows 50 blocks a message; leave room for sources, buttons and the disclaimer. */
const MAX_TEXT_BLOCKS = 40;

/** Renders any Reply as a Block Kit message; the only place that knows Block Kit's shapes. */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  switch (reply.kind) {
    case 'answer':
      return reply.answered ? renderAnswer(reply, options) : renderDecline(reply);
    case 'help':
      return renderHelp(reply);
    case 'topics':
      return renderTopics(reply);
    case 'notice':
      return renderNotice(reply);
    case 'diagnostic':
      return renderDiagnostic(reply);
    case 'results':
      return renderResults(reply);
    case 'report':
      return renderReport(reply);
    case 'digest':
      return renderDigest(reply);
    case 'evidence':
      return renderEvidence(reply);
  }
}

export function renderNotice(reply: NoticeReply | { text: string }): SlackMessage {
  return { text: plainText(reply.text), blocks: textSections(reply.text) };
}

function renderAnswer(reply: AnswerReply, options: RenderOptions): SlackMessage {
  return { text: plainText(reply.text), blocks: [...textSections(reply.text), ...answerExtras(reply, options)] };
}

/** Everything under an answer's text: sources, the AI note, feedback and share, related questions. */
export function answerExtras(reply: AnswerReply, options: RenderOptions = {}): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (reply.sources.length > 0) blocks.push(sourcesBlock(reply.sources));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          reply.mode === 'model'
            ? ':sparkles: Written by an AI model from the knowledge base. Check the sources before acting on it.'
            : ':books: Quoted from the knowledge base by an automated coach. Check the sources before acting on it.',
      },
    ],
  });
  if (options.footer) blocks.push({ type: 'context', elements: [mrkdwn(options.footer)] });
  if (!options.readOnly && reply.answerId) {
    const buttons: types.Button[] = [
      button(':thumbsup: Helpful', ACTION.helpful, reply.answerId),
      button(':thumbsdown: Not helpful', ACTION.notHelpful, reply.answerId),
    ];
    if (options.shareable) buttons.push(button('Share to channel', ACTION.share, reply.answerId));
    blocks.push({ type: 'actions', block_id: 'answer_actions', elements: buttons });
  }
  if (!options.readOnly) blocks.push(...suggestionBlocks('Related', reply.suggestions));
  return blocks;
}

function renderDecline(reply: DeclineReply): SlackMessage {
  return {
    text: plainText(reply.text),
    blocks: [...textSections(reply.text), ...suggestionBlocks('Try asking', reply.suggestions)],
  };
}

function renderHelp(reply: HelpReply): SlackMessage {
  const commands = reply.commands.map((c) => `• \`/opscoach ${c.usage}\`: ${c.description}`).join('\n');
  const blocks: KnownBlock[] = [
    ...textSections(reply.intro),
    { type: 'section', text: mrkdwn(`*Commands*\n${commands}`) },
    {
      type: 'context',
      elements: [mrkdwn('You can also message me directly or mention me in a channel.')],
    },
    ...suggestionBlocks(
      'Or just ask, for example',
      reply.examples.map((q, i) => ({ id: `example-${i}`, title: q, question: q })),
    ),
  ];
  return { text: plainText(reply.intro), blocks };
}

function renderTopics(reply: TopicsReply): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'What I can help with' } }];
  for (const group of reply.groups.slice(0, MAX_TEXT_BLOCKS)) {
    const list = group.articles.map((a) => `• <${a.url}|${escapeLinkText(a.title)}>`).join('\n');
    for (const piece of splitForSections(`*${group.topic}*\n${list}`)) {
      blocks.push({ type: 'section', text: mrkdwn(piece) });
    }
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn('Ask about any of these in your own words, e.g. `/opscoach ask who gets paged at 3am?`')],
  });
  return { text: 'What I can help with', blocks: blocks.slice(0, 50) };
}

function textSections(markdown: string): KnownBlock[] {
  const pieces = splitForSections(toMrkdwn(markdown));
  const shown = pieces.slice(0, MAX_TEXT_BLOCKS);
  if (pieces.length > shown.length) shown.push('_(The rest of this answer was too long to show here.)_');
  return shown.map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

function sourcesBlock(sources: readonly Source[]): KnownBlock {
  const lines = sources.map(sourceLine).join('\n');
  return { type: 'section', text: mrkdwn(`*Sources*\n${lines}`.slice(0, 3000)) };
}

/** One page: a link titled with the article; several: the article, then a link per page; a suggestion: no link. */
function sourceLine(source: Source): string {
  const title = escapeLinkText(source.title);
  if (source.kind === 'suggestion')
    return `[${source.n}] _${SUGGESTION_LABEL}_ (our own advice, no source page): ${title}`;
  const [only] = source.pages;
  if (only && source.pages.length === 1) return `[${source.n}] <${only.url}|${title}>`;
  const links = source.pages.map((page) => `<${page.url}|${escapeLinkText(page.title)}>`).join(' · ');
  return `[${source.n}] ${title}: ${links}`;
}

function suggestionBlocks(label: string, suggestions: readonly Suggestion[]): KnownBlock[] {
  if (suggestions.length === 0) return [];
  return [
    { type: 'context', elements: [mrkdwn(`*${label}:*`)] },
    {
      type: 'actions',
      block_id: 'suggestions',
      elements: suggestions
        .slice(0, 5)
        .map((s, i) => ({ ...button(s.title, ACTION.ask, s.question), action_id: `${ACTION.ask}_${i}` })),
    },
  ];
}

function button(text: string, actionId: string, value: string): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: text.length > 75 ? `${text.slice(0, 74)}…` : text, emoji: true },
    action_id: actionId,
    value: value.slice(0, 2000),
  };
}

/** Link labels end at "|" and ">" in mrkdwn. */
function escapeLinkText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '¦');
}
