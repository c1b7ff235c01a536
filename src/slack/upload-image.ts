import type { webApi } from '@slack/bolt';
import { cutAtGrapheme } from '../core/format/safe-cut.ts';
import { retryingFetch } from './retrying-fetch.ts';

/** Slack refuses a description over 1,000 characters (alt_txt_too_large). */
const ALT_LIMIT = 1000;

export interface ImageUpload {
  channel: string;
  png: Uint8Array;
  filename: string;
  title: string;
  /** What the picture shows, in words, for screen readers. */
  alt: string;
}

/**
 * Shares a PNG in a channel with its description. Slack's upload has three steps:
 * files.getUploadURLExternal (name, size and the description), a POST of the bytes to the URL
 * it returns, then files.completeUploadExternal to share it. The description must be sent as
 * `alt_txt`, the name Slack's method reference gives; @slack/web-api's filesUploadV2 sends
 * `alt_text`, which Slack does not read, so the chart reached the channel without its words.
 */
export async function uploadImage(client: webApi.WebClient, image: ImageUpload): Promise<void> {
  const bytes = Buffer.from(image.png);
  const target = (await client.apiCall('files.getUploadURLExternal', {
    filename: image.filename,
    length: bytes.length,
    alt_txt: cutAtGrapheme(image.alt, ALT_LIMIT),
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new Error('Slack gave no upload URL for the image');
  // The URL carries its own authorisation: the bot token is not sent to it.
  const uploaded = await retryingFetch()(target.upload_url, { method: 'POST', body: bytes });
  if (!uploaded.ok) throw new Error(`Slack refused the image upload (HTTP ${uploaded.status})`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: image.title }],
    channel_id: image.channel,
  });
}
