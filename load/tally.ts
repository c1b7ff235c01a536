import type { BotFigures } from './bot-metrics.ts';
import { type LatencySummary, summarise } from './measure.ts';
import type { DiagnosticRecord, RequestKind, RequestRecord } from './people.ts';
import { type Delivered, isErrorReply, type ReplyIndex } from './replies.ts';

/** Counts for one kind of request, or for all of them. */
export interface Counts {
  sent: number;
  acked: number;
  errors: number;
  /** Errors by cause: an HTTP status other than 200, no HTTP answer, or an apology as the reply. */
  non200: number;
  network: number;
  errorReplies: number;
  repliesExpected: number;
  repliesDelivered: number;
  lost: number;
  duplicated: number;
}

export interface Stats {
  label: string;
  planned: number;
  counts: Counts;
  byKind: Partial<Record<RequestKind, Counts>>;
  ack: LatencySummary;
  /** From sending to the final answer reaching Slack, for answers that follow the ack. */
  answer: LatencySummary;
  diagnostics: { expected: number; finished: number; stored?: number; stalled: string[] };
  sendingMs: number;
  /** Requests per second while sending. */
  throughput: number;
  rssBytes?: number;
  /** Reachable heap after a full garbage collection at the end of the round. */
  liveHeapBytes?: number;
  /** CPU cores the load process kept busy over the round(s): the bot's neighbour on this machine. */
  generatorCores?: number;
  /** What the bot process itself spent and saw (CPU, heap, event-loop lag, its own ack timer). */
  bot?: BotFigures;
}

export interface Judged {
  record: RequestRecord;
  /** Final answers the person saw for this request: 1 is right, 0 is lost, more is duplicated. */
  finals: number;
  errorReply: boolean;
  answerMs?: number;
}

/** Matches a request to everything Slack received for it. */
export function judge(record: RequestRecord, index: ReplyIndex): Judged {
  const ackOk = record.ack.status === 200;
  let finals: Delivered[] = [];
  let extraNotes = 0;
  if (record.reply.via === 'response') {
    finals = [...index.responses(record.reply.key)];
  } else {
    const dm = index.dm(record.reply.key);
    finals = [...dm.answers];
    // Two thinking notes mean the message was taken on twice, even if one answer was lost.
    extraNotes = Math.max(0, dm.notes.length - 1);
  }
  // A reply carried by the ack itself (help, topics, a diagnostic's first screen) is an answer.
  const inAck = !record.deferred && ackOk && record.ack.json !== undefined ? 1 : 0;
  const first = finals[0];
  return {
    record,
    finals: inAck + finals.length + extraNotes,
    errorReply: (ackOk && isErrorReply(record.ack.json)) || finals.some((f) => isErrorReply(f.body)),
    answerMs: record.deferred && first ? first.at - record.sentAt : undefined,
  };
}

const emptyCounts = (): Counts => ({
  sent: 0,
  acked: 0,
  errors: 0,
  non200: 0,
  network: 0,
  errorReplies: 0,
  repliesExpected: 0,
  repliesDelivered: 0,
  lost: 0,
  duplicated: 0,
});

function add(counts: Counts, j: Judged): void {
  const { status } = j.record.ack;
  counts.sent++;
  if (status === 200) counts.acked++;
  else if (status === 0) counts.network++;
  else counts.non200++;
  if (j.errorReply) counts.errorReplies++;
  if (status !== 200 || j.errorReply) counts.errors++;
  counts.repliesExpected++;
  if (j.finals >= 1) counts.repliesDelivered++;
  if (j.finals === 0) counts.lost++;
  if (j.finals > 1) counts.duplicated++;
}

export function tally(
  label: string,
  planned: number,
  judged: readonly Judged[],
  diagnostics: { planned: number; records: readonly DiagnosticRecord[] },
  sendingMs: number,
): Stats {
  const counts = emptyCounts();
  const byKind: Partial<Record<RequestKind, Counts>> = {};
  for (const j of judged) {
    add(counts, j);
    const kind = byKind[j.record.kind] ?? emptyCounts();
    byKind[j.record.kind] = kind;
    add(kind, j);
  }
  // Time waiting for a free slot past the scheduled start counts: Slack would have been waiting.
  const acked = judged.filter((j) => j.record.ack.status === 200).map((j) => j.record.ack.ms + j.record.queuedMs);
  const answers = judged.flatMap((j) => (j.answerMs === undefined ? [] : [j.answerMs]));
  return {
    label,
    planned,
    counts,
    byKind,
    ack: summarise(acked),
    answer: summarise(answers),
    diagnostics: {
      expected: diagnostics.planned,
      finished: diagnostics.records.filter((d) => d.finished).length,
      stalled: diagnostics.records.flatMap((d) => (d.stalled ? [`${d.user}: ${d.stalled}`] : [])),
    },
    sendingMs,
    throughput: sendingMs > 0 ? judged.length / (sendingMs / 1000) : 0,
  };
}
