import { randomBytes } from 'node:crypto';
import type { Pseudonymizer } from '../privacy/pseudonym.ts';
import { scrubEcho, scrubText } from '../privacy/scrub.ts';
import type { AnswerReply, DeclineReply } from '../reply.ts';
import type { AnswerStore, GapRow } from '../store/answer-store.ts';

/** Replies stay shareable for a week; the scrubbed question log is kept this long. */
export const SHARE_DAYS = 7;
export const QUESTION_LOG_DAYS = 90;
/** The question log keeps this much of each question. */
const LOGGED_QUESTION_CHARS = 500;

/**
 * Every answer gets an opaque id that its buttons carry; the log holds the scrubbed question and
 * the outcome (for knowledge gaps) and, briefly, the reply itself (for sharing). No people.
 */
export class AnswerLog {
  constructor(
    private readonly store: AnswerStore,
    private readonly now: () => Date,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  record(question: string, reply: AnswerReply | DeclineReply): string {
    const id = randomBytes(9).toString('base64url');
    this.store.record(
      {
        id,
        question: scrubText(question, [], LOGGED_QUESTION_CHARS),
        answered: reply.answered,
        reason: reply.answered ? undefined : reply.reason,
        topArticle: reply.sources[0]?.id,
        // A model may have repeated what identified the asker; the stored copy does not.
        reply: JSON.stringify({ ...reply, text: scrubEcho(reply.text, question), answerId: id }),
      },
      this.now(),
    );
    return id;
  }

  /** The stored reply, or undefined when the id is unknown or its reply has been forgotten. */
  reply(id: string): AnswerReply | DeclineReply | undefined {
    const json = this.store.reply(id);
    return json ? (JSON.parse(json) as AnswerReply | DeclineReply) : undefined;
  }

  /**
   * Records a vote; false when the answer is unknown (expired or forged). The voter is keyed on
   * person and answer together: a second click replaces the first, yet two votes by one person
   * on different answers cannot be linked to each other (or to the questions they rated).
   */
  vote(answerId: string, person: string, helpful: boolean): boolean {
    if (!this.store.exists(answerId)) return false;
    this.store.vote(answerId, this.pseudonyms.key('vote', `${person}|${answerId}`), helpful, this.now());
    return true;
  }

  /** Gaps with trivially different wordings ("Weather?" and "weather") counted together. */
  gaps(days: number): GapRow[] {
    const merged = new Map<string, GapRow>();
    for (const row of this.store.gaps(days, this.now())) {
      const key = row.question
        .toLowerCase()
        .replace(/[^\p{L}\p{N}[\]]+/gu, ' ')
        .trim();
      const into = merged.get(key);
      if (into) {
        into.declined += row.declined;
        into.notHelpful += row.notHelpful;
        into.helpful += row.helpful;
      } else {
        merged.set(key, { ...row, question: row.question.replace(/[?!.\s]+$/, '') });
      }
    }
    return [...merged.values()].sort((a, b) => b.declined + b.notHelpful - (a.declined + a.notHelpful));
  }
}
