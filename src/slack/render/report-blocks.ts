import { describeEvidence } from '../../core/evidence/describe-evidence.ts';
import { largestFitting } from '../../core/format/fit.ts';
import { clip } from '../../core/format/safe-cut.ts';
import type { DigestReply, EvidenceReply, ReportReply } from '../../core/reply.ts';
import {
  type CommentLimits,
  describeDigest,
  describeFollowups,
  describeReport,
  digestPrivacyNote,
  reportPrivacyNote,
} from '../../core/reports/describe-report.ts';
import { ACTION } from '../action-ids.ts';
import type { KnownBlock, SlackMessage } from './blocks.ts';
import { textBlocks as sections } from './fit-message.ts';
import { withinLimits } from './limits.ts';
import { plainText } from './mrkdwn.ts';

/** A comment in a chat report is shown up to this long; the rest of a long one is cut at a word. */
const COMMENT_LENGTH = 300;

/**
 * A report, shown only to the person who asked; the figures were released by the report engine.
 * When the comments make it too long for one message, as many are shown as fit (the same number
 * for each diagnostic) and the report says how many more there are.
 */
export function renderReport(reply: ReportReply): SlackMessage {
  const most = Math.max(0, ...reply.reports.map((r) => r.comments?.length ?? 0));
  const shown = largestFitting(most, (n) => withinLimits(reportBlocks(reply, { maxComments: n })));
  return { text: 'Opscoach report', blocks: reportBlocks(reply, { maxComments: shown }) };
}

function reportBlocks(reply: ReportReply, limits: CommentLimits): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Opscoach report' } }];
  for (const report of reply.reports) {
    blocks.push(...sections(describeReport(report, 'full', { ...limits, commentLength: COMMENT_LENGTH })), {
      type: 'divider',
    });
  }
  if (reply.followups) blocks.push(...sections(describeFollowups(reply.followups)), { type: 'divider' });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: reportPrivacyNote(reply.minGroup),
      },
    ],
  });
  return blocks;
}

/** The weekly digest: tip of the week, figures (or an invitation), and buttons to take a diagnostic. */
export function renderDigest(reply: DigestReply): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(reply.title, 150) } },
    ...sections(`**Tip of the week: [${reply.tip.title}](${reply.tip.url})**\n${reply.tip.summary}`),
    { type: 'divider' },
  ];
  if (reply.invitation) blocks.push(...sections(reply.invitation));
  else for (const r of reply.reports) blocks.push(...sections(describeReport(r, 'headlines')));
  if (reply.followups?.status === 'ok') blocks.push(...sections(describeFollowups(reply.followups)));
  blocks.push({
    type: 'actions',
    block_id: 'digest_diagnostics',
    elements: reply.choices.map((c, i) => ({
      type: 'button',
      style: 'primary',
      text: { type: 'plain_text', text: clip(c.label, 75) },
      action_id: `${ACTION.diagnosticChoice}_${i}`,
      value: c.token,
    })),
  });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${reply.preview ? '*Preview:* only you can see this. ' : ''}${digestPrivacyNote(reply.minGroup)} \`/opscoach privacy\` says what is stored.`,
      },
    ],
  });
  return { text: plainText(describeDigest(reply)), blocks };
}

/**
 * Figures from imported records, for the person who asked. A slash-command reply cannot carry
 * a file, so the chart goes to their direct messages with the app (see evidence-chart.ts).
 */
export function renderEvidence(reply: EvidenceReply): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Opscoach evidence from records' } },
    ...sections(describeEvidence(reply.evidence)),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: reply.chart?.png
            ? 'Measured from imported incident and deployment records: services, not people. The chart is in your direct messages with Opscoach.'
            : 'Measured from imported incident and deployment records: services, not people.',
        },
      ],
    },
  ];
  return { text: 'Opscoach evidence from records', blocks };
}
