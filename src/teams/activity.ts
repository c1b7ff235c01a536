import type { Activity } from 'botbuilder';
import { z } from 'zod';

const account = z.looseObject({ id: z.string().max(1024) });

/**
 * What an incoming Bot Framework activity must at least look like before it is authenticated and
 * handed to botbuilder; the rest passes through as sent. Timestamps become Dates (keeping the raw
 * text) as botbuilder's own HTTP handling does.
 */
const activitySchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    channelId: z.string().max(64).optional(),
    conversation: account.optional(),
    from: account.optional(),
    recipient: account.optional(),
    timestamp: z.string().max(64).optional(),
    localTimestamp: z.string().max(64).optional(),
    expiration: z.string().max(64).optional(),
  })
  .transform((a) => {
    const dated: Record<string, unknown> = { ...a };
    for (const [field, raw] of [
      ['timestamp', 'rawTimestamp'],
      ['localTimestamp', 'rawLocalTimestamp'],
      ['expiration', 'rawExpiration'],
    ] as const) {
      const text = a[field];
      if (typeof text === 'string') Object.assign(dated, { [raw]: text, [field]: new Date(text) });
    }
    return dated as unknown as Activity;
  });

export function parseActivity(body: unknown): Activity | undefined {
  const parsed = activitySchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
