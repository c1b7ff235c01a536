import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../core/logging/logger.ts';
import type { Reply } from '../core/reply.ts';
import { uploadImage } from './upload-image.ts';

type Client = AllMiddlewareArgs['client'];

/**
 * The evidence chart, to the person who asked and nobody else. Replies to a slash command or an
 * @mention are ephemeral and cannot carry files, and a file shared to a channel is seen by the
 * whole channel, so the picture goes to the direct messages between the person and the app
 * (opened with conversations.open, which needs the im:write scope). A failure costs only the
 * picture: the figures were already shown in words.
 */
export async function sendEvidenceChart(
  client: Client,
  logger: Logger,
  user: string,
  reply: Reply,
  directMessage?: string,
): Promise<void> {
  if (reply.kind !== 'evidence' || !reply.chart?.png) return;
  try {
    const channel = directMessage ?? (await client.conversations.open({ users: user })).channel?.id;
    if (!channel) return;
    await uploadImage(client, {
      channel,
      png: reply.chart.png,
      filename: `opscoach-evidence-${reply.evidence.window.to}.png`,
      title: `Evidence from records, ${reply.evidence.window.from} to ${reply.evidence.window.to}`,
      alt: reply.chart.alt,
    });
  } catch (error) {
    logger.warn(
      { err: error },
      'evidence chart could not be sent to the direct messages (does the app have im:write?)',
    );
  }
}
