import { THINKING } from '../src/slack/render/thinking.ts';
import type { FakeSlack } from '../test/helpers/fake-slack.ts';

/** Something the bot sent to Slack, stamped when the load run noticed it. */
export interface Delivered {
  body: Record<string, unknown>;
  /** performance.now() when first seen (within the polling interval of the real arrival). */
  at: number;
}

/** What the bot posted in one DM channel: its thinking notes and its answers. */
export interface DmReplies {
  notes: Delivered[];
  answers: Delivered[];
}

/**
 * Indexes what the fake Slack recorded by the key a request can be matched on: the response_url
 * id (slash commands, button clicks) or the DM channel (chat.postMessage / chat.update). Reads
 * the fake's growing arrays from where it left off, so refreshing often stays cheap.
 */
export class ReplyIndex {
  private responseCursor = 0;
  private callCursor = 0;
  private readonly byResponseId = new Map<string, Delivered[]>();
  private readonly byChannel = new Map<string, DmReplies>();

  constructor(private readonly slack: FakeSlack) {}

  refresh(): void {
    const now = performance.now();
    const { responses, calls } = this.slack;
    for (; this.responseCursor < responses.length; this.responseCursor++) {
      const response = responses[this.responseCursor];
      if (!response) continue;
      const list = this.byResponseId.get(response.id) ?? [];
      list.push({ body: response.body, at: now });
      this.byResponseId.set(response.id, list);
    }
    for (; this.callCursor < calls.length; this.callCursor++) {
      const call = calls[this.callCursor];
      if (!call || (call.method !== 'chat.postMessage' && call.method !== 'chat.update')) continue;
      const channel = String(call.body.channel ?? '');
      const replies = this.byChannel.get(channel) ?? { notes: [], answers: [] };
      // The first post in a DM is the thinking note; its edit (chat.update) is the answer. A post
      // that is not the note (no ts came back, or a failure line) is an answer too.
      const isNote = call.method === 'chat.postMessage' && call.body.text === THINKING;
      (isNote ? replies.notes : replies.answers).push({ body: call.body, at: now });
      this.byChannel.set(channel, replies);
    }
  }

  responses(id: string): readonly Delivered[] {
    return this.byResponseId.get(id) ?? [];
  }

  dm(channel: string): DmReplies {
    return this.byChannel.get(channel) ?? { notes: [], answers: [] };
  }

  /** Waits for the first reply posted to a response_url id; undefined after the timeout or abort. */
  async firstResponse(id: string, timeoutMs: number, signal: AbortSignal): Promise<Delivered | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      this.refresh();
      const found = this.byResponseId.get(id)?.[0];
      if (found || signal.aborted || performance.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** The one line the bot's friendly-errors wrapper sends when a listener failed. */
export const ERROR_REPLY = /something went wrong/i;

export const isErrorReply = (body: unknown): boolean => body !== undefined && ERROR_REPLY.test(JSON.stringify(body));
