import type { FakeSlack } from '../test/helpers/fake-slack.ts';
import { blockActions, eventEnvelope, FORM, JSON_TYPE, slashCommand } from '../test/helpers/slack-requests.ts';
import { isErrorReply, type ReplyIndex } from './replies.ts';
import { random, type Script } from './scenario.ts';
import { type Ack, postSigned } from './transport.ts';

export type RequestKind = 'ask' | 'quick' | 'dm' | 'diagnostic-start' | 'diagnostic-click';

/** One request sent, its ack, and where its answer will be found. */
export interface RequestRecord {
  round: number;
  kind: RequestKind;
  /** A response_url id (slash commands, clicks) or a DM channel. */
  reply: { via: 'response' | 'dm'; key: string };
  sentAt: number;
  ack: Ack;
  /** How long past its scheduled start the request waited for a free slot (open loop only). */
  queuedMs: number;
  /** True when the answer comes after the ack (response_url, chat.update), not in it. */
  deferred: boolean;
}

/** One virtual person's diagnostic, from the slash command to the result screen. */
export interface DiagnosticRecord {
  round: number;
  user: string;
  /** The result screen came back. */
  finished: boolean;
  clicks: number;
  /** Why it stopped early, if it did. */
  stalled?: string;
}

export interface PeopleContext {
  round: number;
  events: string;
  slack: FakeSlack;
  index: ReplyIndex;
  /** Set at the deadline or on Ctrl-C: no new request is sent after it. */
  stop: AbortSignal;
  /** Set on Ctrl-C only: stop waiting for answers too. */
  interrupt: AbortSignal;
  /** How long a person waits for the bot to replace a diagnostic screen before giving up. */
  replyTimeoutMs: number;
  requests: RequestRecord[];
  diagnostics: DiagnosticRecord[];
  /** Charged to the script's first request: the time it waited past its scheduled start. */
  queuedMs?: number;
}

/** Records a request; the first one of a script carries the time the script was kept waiting. */
function note(ctx: PeopleContext, request: Omit<RequestRecord, 'queuedMs'>): void {
  ctx.requests.push({ ...request, queuedMs: ctx.queuedMs ?? 0 });
  ctx.queuedMs = 0;
}

/** An ack that is the start of a longer job: the thinking note or "working on it". */
const DEFERRED_ACK = /Looking that up|Working on it/;

/** Plays one script: one request, or a whole diagnostic clicked through as one person. */
export async function play(script: Script, ctx: PeopleContext): Promise<void> {
  if (ctx.stop.aborted) return;
  switch (script.kind) {
    case 'ask':
    case 'quick': {
      const body = slashCommand({
        text: script.text,
        responseUrl: ctx.slack.responseUrl(script.responseId),
        user: script.user,
      });
      const sentAt = performance.now();
      const ack = await postSigned(ctx.events, body, FORM);
      // The ack says which path the bot took: a thinking note means the answer follows on the
      // response_url; anything else (help, topics, a lone word) was the whole answer.
      const deferred = ack.status === 200 ? DEFERRED_ACK.test(String(ack.json?.text ?? '')) : script.kind === 'ask';
      note(ctx, {
        round: ctx.round,
        kind: script.kind,
        reply: { via: 'response', key: script.responseId },
        sentAt,
        ack,
        deferred,
      });
      return;
    }
    case 'dm': {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
      const body = eventEnvelope(
        {
          type: 'message',
          channel: script.channel,
          channel_type: 'im',
          user: script.user,
          text: script.text,
          ts,
          event_ts: ts,
        },
        script.eventId,
      );
      const sentAt = performance.now();
      const ack = await postSigned(ctx.events, body, JSON_TYPE);
      note(ctx, {
        round: ctx.round,
        kind: 'dm',
        reply: { via: 'dm', key: script.channel },
        sentAt,
        ack,
        deferred: true,
      });
      return;
    }
    case 'diagnostic':
      await diagnose(script, ctx);
      return;
  }
}

type Element = { action_id?: string; value?: string; text?: { text?: string } };
type Block = { type?: string; text?: { text?: string }; accessory?: Element; elements?: Element[] };

/** Clicks enough to finish: more would mean the flow changed and this person is lost in it. */
const MAX_CLICKS = 30;

/**
 * Starts a diagnostic with `/opscoach diagnose <name>` in a channel and answers every screen
 * the bot sends back through the response_url, as Slack would show it: Start, the context
 * questions, channel consent, each question (a seeded random answer, never "Not sure"), Finish.
 */
async function diagnose(script: Extract<Script, { kind: 'diagnostic' }>, ctx: PeopleContext): Promise<void> {
  const record: DiagnosticRecord = { round: ctx.round, user: script.user, finished: false, clicks: 0 };
  ctx.diagnostics.push(record);
  const pick = random(script.seed);
  const startId = `${script.idPrefix}-start`;
  const sentAt = performance.now();
  const ack = await postSigned(
    ctx.events,
    slashCommand({
      text: `diagnose ${script.diagnostic}`,
      responseUrl: ctx.slack.responseUrl(startId),
      user: script.user,
      channel: script.channel,
    }),
    FORM,
  );
  note(ctx, {
    round: ctx.round,
    kind: 'diagnostic-start',
    reply: { via: 'response', key: startId },
    sentAt,
    ack,
    deferred: false,
  });
  let screen = ack.status === 200 ? ack.json : undefined;
  if (!screen || isErrorReply(screen)) {
    record.stalled = ack.status === 200 ? 'error reply to the slash command' : `slash command ack ${ack.status}`;
    return;
  }
  while (record.clicks < MAX_CLICKS) {
    if (isResult(screen.blocks)) {
      record.finished = true;
      return;
    }
    if (ctx.stop.aborted) {
      record.stalled = 'not finished: sending stopped (deadline or interrupt)';
      return;
    }
    const button = nextButton(screen.blocks, pick);
    if (!button?.action_id || !button.value) {
      record.stalled = `no way forward on: ${describe(screen)}`;
      return;
    }
    const id = `${script.idPrefix}-c${++record.clicks}`;
    const clickedAt = performance.now();
    const clickAck = await postSigned(
      ctx.events,
      blockActions({
        actionId: button.action_id,
        value: button.value,
        responseUrl: ctx.slack.responseUrl(id),
        user: script.user,
        channel: script.channel,
      }),
      FORM,
    );
    note(ctx, {
      round: ctx.round,
      kind: 'diagnostic-click',
      reply: { via: 'response', key: id },
      sentAt: clickedAt,
      ack: clickAck,
      deferred: true,
    });
    if (clickAck.status !== 200) {
      record.stalled = `click ${record.clicks} ack ${clickAck.status || clickAck.failure}`;
      return;
    }
    // A click already sent is still seen through at the deadline: its answer is owed.
    const reply = await ctx.index.firstResponse(id, ctx.replyTimeoutMs, ctx.interrupt);
    if (!reply) {
      record.stalled = `no screen after click ${record.clicks} ("${button.text?.text ?? ''}")`;
      return;
    }
    if (isErrorReply(reply.body)) {
      record.stalled = `error reply after click ${record.clicks}`;
      return;
    }
    screen = reply.body;
  }
  record.stalled = `still not finished after ${MAX_CLICKS} clicks`;
}

/** Every button of a screen, with the text of the section it sits beside. */
function buttonsOf(blocks: unknown): { label: string; button: Element }[] {
  if (!Array.isArray(blocks)) return [];
  return (blocks as Block[]).flatMap((b) => [
    ...(b.accessory ? [{ label: b.text?.text ?? '', button: b.accessory }] : []),
    ...(b.type === 'actions' ? (b.elements ?? []).map((e) => ({ label: e.text?.text ?? '', button: e })) : []),
  ]);
}

/** What a person would click next to get through the diagnostic. */
function nextButton(blocks: unknown, pick: () => number): Element | undefined {
  const all = buttonsOf(blocks);
  const named = (pattern: RegExp) => all.find((b) => pattern.test(b.button.text?.text ?? ''))?.button;
  const forward = named(/^Finish$/) ?? named(/^Start$/) ?? named(/^Yes, count them$/);
  if (forward) return forward;
  // Answers are sections with a "Choose" button beside them; "Not sure" would not count.
  const answers = all.filter((b) => /^Cho(ose|sen)$/.test(b.button.text?.text ?? '') && !/^Not sure/.test(b.label));
  return answers[Math.floor(pick() * answers.length)]?.button;
}

/** The result screen: a score out of 100 (or "too few for a score") and what to read next. */
function isResult(blocks: unknown): boolean {
  const text = JSON.stringify(blocks ?? '');
  return /\(\d+\/100\)|too few for a score/.test(text);
}

function describe(screen: Record<string, unknown>): string {
  return String(screen.text ?? JSON.stringify(screen.blocks ?? '')).slice(0, 120);
}
