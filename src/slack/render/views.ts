import type { types } from '@slack/bolt';
import { clip } from '../../core/format/safe-cut.ts';
import { MAX_COMMENT_CHARS, MAX_QUESTION_CHARS } from '../../core/limits.ts';
import type { DiagnosticReply, HelpReply, NoticeReply, ResultsReply, TopicsReply } from '../../core/reply.ts';
import { ACTION, VIEW } from '../action-ids.ts';
import { textBlocks } from './fit-message.ts';
import { escapeSlackText, mrkdwn, splitForSections } from './mrkdwn.ts';

/** The App Home tab: what the coach is for, ways in, what it knows, and what it stores. */
export interface HomeContent {
  help: HelpReply;
  topics: TopicsReply;
  privacy: NoticeReply;
  starters: readonly string[];
  /** The diagnostics to start, and this person's own latest results. */
  diagnostics: DiagnosticReply;
  results: ResultsReply;
}

export function homeView({ help, topics, privacy, starters, diagnostics, results }: HomeContent): types.HomeView {
  const topicLines = topics.groups.map(
    (g) => `• *${escapeSlackText(g.topic)}*: ${g.articles.length} article${g.articles.length === 1 ? '' : 's'}`,
  );
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Opscoach' } },
    ...textBlocks(help.intro),
    {
      type: 'actions',
      block_id: 'home_ask',
      elements: [
        {
          type: 'button',
          style: 'primary',
          text: { type: 'plain_text', text: 'Ask a question' },
          action_id: ACTION.openAsk,
          value: 'home',
        },
      ],
    },
    {
      type: 'section',
      text: mrkdwn('*Good first questions* (the answer arrives in your Messages tab)'),
    },
    {
      type: 'actions',
      block_id: 'home_starters',
      elements: starters.slice(0, 5).map((question, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(question, 75) },
        action_id: `${ACTION.ask}_${i}`,
        value: question,
      })),
    },
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Two-minute diagnostics*\nA few questions answered with buttons; you get a profile and what to read and try next.',
      },
    },
    {
      type: 'actions',
      block_id: 'home_diagnostics',
      elements: diagnostics.choices.map((c, i) => ({
        type: 'button',
        style: 'primary',
        text: { type: 'plain_text', text: c.label },
        action_id: `${ACTION.diagnosticChoice}_${i}`,
        value: c.token,
      })),
    },
    ...yourResults(results),
    { type: 'divider' },
    ...splitForSections(`*What I know about*\n${topicLines.join('\n')}`).map((text) => ({
      type: 'section' as const,
      text: mrkdwn(text),
    })),
    { type: 'context', elements: [mrkdwn('Type `/opscoach topics` anywhere for the full list.')] },
    { type: 'divider' },
    ...textBlocks(privacy.text),
  ];
  return { type: 'home', blocks };
}

/** The person's own latest results, in a line each (only they see their Home tab). */
function yourResults(results: ResultsReply): types.KnownBlock[] {
  if (results.results.length === 0) return [];
  const lines = results.results.map((r) =>
    r.profile && r.score !== undefined
      ? `• *${r.title}*: ${r.profile.name} (${r.score}/100), ${r.week}`
      : `• *${r.title}*: not enough answers for a score, ${r.week}`,
  );
  return [
    {
      type: 'section',
      text: mrkdwn(`*Your latest results* (only you can see these)\n${lines.join('\n')}`),
    },
  ];
}

/** A one-field modal: a text box with a note under it. */
function textModal(fields: {
  callbackId: string;
  title: string;
  submit: string;
  label: string;
  note: string;
  maxLength: number;
  placeholder?: string;
  privateMetadata?: string;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: fields.callbackId,
    ...(fields.privateMetadata ? { private_metadata: fields.privateMetadata } : {}),
    title: { type: 'plain_text', text: fields.title },
    submit: { type: 'plain_text', text: fields.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: fields.callbackId === VIEW.askModal ? 'question' : 'comment',
        label: { type: 'plain_text', text: fields.label },
        element: {
          type: 'plain_text_input',
          action_id: 'text',
          multiline: true,
          max_length: fields.maxLength,
          ...(fields.placeholder ? { placeholder: { type: 'plain_text', text: fields.placeholder } } : {}),
        },
      },
      { type: 'context', elements: [mrkdwn(fields.note)] },
    ],
  };
}

/** The "Ask a question" modal opened from App Home. */
export function askModal(): types.ModalView {
  return textModal({
    callbackId: VIEW.askModal,
    title: 'Ask Opscoach',
    submit: 'Ask',
    label: 'Your question',
    note: 'The answer arrives in your Messages tab with Opscoach.',
    maxLength: MAX_QUESTION_CHARS,
    placeholder: 'e.g. Who gets paged at 3am when teams run their own services?',
  });
}

/** The optional comment at the end of a diagnostic; its metadata says where the message lives. */
export function commentModal(privateMetadata: string, note: string): types.ModalView {
  return textModal({
    callbackId: VIEW.commentModal,
    title: 'Add a comment',
    submit: 'Save and finish',
    label: 'Anything you would like to add?',
    note,
    maxLength: MAX_COMMENT_CHARS,
    privateMetadata,
  });
}
