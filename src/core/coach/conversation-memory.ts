import { HISTORY_TURNS } from '../answer/follow-up.ts';
import { MAX_QUESTION_CHARS } from '../limits.ts';
import { scrubEcho, scrubText } from '../privacy/scrub.ts';
import type { Turn } from '../reply.ts';
import type { ConversationStore } from '../store/conversation-store.ts';

/** How long a conversation remembers its questions: long enough for a working day's follow-ups. */
const CONVERSATION_TTL_MS = 24 * 3_600_000;
const ANSWER_CHARS = 600;

/** The recent turns of each conversation, scrubbed and short-lived, shared by every platform. */
export class ConversationMemory {
  constructor(
    private readonly store: ConversationStore,
    private readonly now: () => Date,
  ) {}

  history(conversation: string | undefined): Turn[] {
    if (!conversation) return [];
    return this.store.recent(conversation, HISTORY_TURNS, this.now());
  }

  remember(conversation: string | undefined, question: string, answer: string): void {
    if (!conversation) return;
    this.store.append(
      conversation,
      {
        question: scrubText(question, [], MAX_QUESTION_CHARS),
        answer: scrubEcho(answer, question).slice(0, ANSWER_CHARS),
      },
      HISTORY_TURNS,
      CONVERSATION_TTL_MS,
      this.now(),
    );
  }
}
