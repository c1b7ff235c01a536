import type { types } from '@slack/bolt';
import { largestFitting } from '../../core/format/fit.ts';
import { clip } from '../../core/format/safe-cut.ts';
import { readMoreOf, shortenMarkdown } from '../../core/format/shorten.ts';
import {
  AI_NOTE,
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
import type { KnownBlock, SlackMessage } from './blocks.ts';
import { renderDiagnostic, renderResults } from './diagnostic-blocks.ts';
import { fitMessage, textBlocks } from './fit-message.ts';
import { blocksSize, MESSAGE_BUDGET, SECTION_LIMIT, withinLimits } from './limits.ts';
import { escapeSlackText, mrkdwn, plainText, splitForSections } from './mrkdwn.ts';
import { renderDigest, renderEvidence, renderReport } from './report-blocks.ts';

export interface RenderOptions {
  /** Offer "Share to channel" (for answers only the asker can see). */
  shareable?: boolean;
  /** Leave out feedback and share buttons (an answer someone already shared). */
  readOnly?: boolean;
  /** Shown under a shared answer, e.g. "Shared by <@U123>". */
  footer?: string;
}

/**
 * Renders any Reply as a Block Kit message; the only place that knows Block Kit's shapes. Every
 * message it returns is within Slack's limits (src/slack/render/limits.ts): each kind first
 * shortens itself the way that suits it, and `fitMessage` is the last resort for all of them.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const message = renderKind(reply, options);
  return { ...message, blocks: fitMessage(message.blocks) };
}

function renderKind(reply: Reply, options: RenderOptions): SlackMessage {
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
  return { text: plainText(reply.text), blocks: textBlocks(reply.text) };
}

/**
 * An answer with its sources and buttons. Too long for one message, it is shortened at a
 * sentence boundary, with a link to the article it mostly comes from, to what the sources and
 * buttons leave room for.
 */
function renderAnswer(reply: AnswerReply, options: RenderOptions): SlackMessage {
  const extras = answerExtras(reply, options);
  return { text: plainText(reply.text), blocks: [...answerText(reply, blocksSize(extras)), ...extras] };
}

/** The answer's own text as sections, shortened to fit beside `reserved` characters of other blocks. */
export function answerText(reply: AnswerReply | DeclineReply, reserved: number): KnownBlock[] {
  const budget = MESSAGE_BUDGET - reserved;
  const more = readMoreOf(reply);
  // Each section block adds a few characters of its own; mrkdwn and Markdown differ in length
  // too, so aim lower by the overshoot until it fits.
  let target = budget - 50 * Math.ceil(Math.min(reply.text.length, budget) / SECTION_LIMIT);
  let blocks = textBlocks(reply.text.length > budget ? shortenMarkdown(reply.text, target, more) : reply.text);
  for (let attempt = 0; attempt < 6 && blocksSize(blocks) > budget && target > 0; attempt++) {
    target -= blocksSize(blocks) - budget + 100;
    blocks = textBlocks(shortenMarkdown(reply.text, target, more));
  }
  return blocks;
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
        text: `${reply.mode === 'model' ? ':sparkles:' : ':books:'} ${AI_NOTE[reply.mode]}`,
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
  const extras = suggestionBlocks('Try asking', reply.suggestions);
  return { text: plainText(reply.text), blocks: [...answerText(reply, blocksSize(extras)), ...extras] };
}

/** Help: commands as code, with "<question>" escaped so Slack does not read it as a link. */
function renderHelp(reply: HelpReply): SlackMessage {
  const commands = reply.commands
    .map((c) => `• \`/opscoach ${escapeSlackText(c.usage)}\`: ${escapeSlackText(c.description)}`)
    .join('\n');
  const blocks: KnownBlock[] = [
    ...textBlocks(reply.intro),
    ...splitForSections(`*Commands*\n${commands}`).map((text) => ({ type: 'section' as const, text: mrkdwn(text) })),
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

/**
 * What the coach knows, topic by topic, packed into as few sections as hold them. With many
 * articles (a large KNOWLEDGE_DIRS) each topic lists as many as fit, the same number for every
 * topic, and says how many more it has; with more topics than fit even so, the last line says
 * how much was left out.
 */
function renderTopics(reply: TopicsReply): SlackMessage {
  const most = Math.max(0, ...reply.groups.map((g) => g.articles.length));
  const render = (shown: number): KnownBlock[] => {
    const groups = reply.groups.map((group) => {
      const lines = group.articles.slice(0, shown).map((a) => `• <${a.url}|${escapeLinkText(a.title)}>`);
      const hidden = group.articles.length - shown;
      if (hidden > 0) lines.push(`_…and ${hidden} more: ask about ${escapeSlackText(group.topic)} to find them._`);
      return `*${escapeSlackText(group.topic)}* (${group.articles.length})\n${lines.join('\n')}`;
    });
    return [
      { type: 'header', text: { type: 'plain_text', text: 'What I can help with' } },
      ...splitForSections(groups.join('\n\n')).map((text) => ({ type: 'section' as const, text: mrkdwn(text) })),
      {
        type: 'context',
        elements: [mrkdwn('Ask about any of these in your own words, e.g. `/opscoach ask who gets paged at 3am?`')],
      },
    ];
  };
  const shown = largestFitting(most, (n) => withinLimits(render(n)));
  return { text: 'What I can help with', blocks: render(shown) };
}

function sourcesBlock(sources: readonly Source[]): KnownBlock {
  const lines = sources.map(sourceLine).join('\n');
  return { type: 'section', text: mrkdwn(splitForSections(`*Sources*\n${lines}`)[0] ?? '*Sources*') };
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
    text: { type: 'plain_text', text: clip(text, 75), emoji: true },
    action_id: actionId,
    value: clip(value, 2000),
  };
}

/** Link labels end at "|" and ">" in mrkdwn. */
function escapeLinkText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '¦');
}
