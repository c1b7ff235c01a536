import type { Passage } from '../knowledge/knowledge-base.ts';
import type { AnswerReply, Turn } from '../reply.ts';
import type { Retrieval } from '../search/retriever.ts';

/**
 * What the answerer asks of a model, as ports it owns: `src/core/model` implements them, and the
 * answerer knows nothing of the model's SDK, so the offline answerer never loads it.
 */

/** Something that writes a grounded answer from retrieved passages (the model), or fails with a WriterFailure. */
export interface GroundedWriter {
  write(request: {
    question: string;
    /** The passages to write from: those the offline answer would use. */
    passages: readonly Passage[];
    history: Turn[];
    /** Receives the answer as it is written, for adapters that can stream. */
    onDelta?: (text: string) => void;
  }): Promise<WrittenAnswer>;
}

export type WrittenAnswer = { kind: 'answer'; text: string; sources: AnswerReply['sources'] } | { kind: 'no-answer' };

/** Adds meaning-based ranking on top of the lexical retrieval, when embeddings are available. */
export interface RetrievalEnhancer {
  enhance(text: string, retrieval: Retrieval): Promise<Retrieval>;
}

/** Why a model answer was replaced by the offline one, as a metric label an operator can act on. */
export type FallbackReason = 'timeout' | 'rate-limited' | 'unsafe' | 'error';

/** A writer's failure, saying why; the original error (for the log) is its cause. */
export class WriterFailure extends Error {
  override name = 'WriterFailure';

  constructor(
    readonly reason: FallbackReason,
    cause: unknown,
  ) {
    super((cause as Error | undefined)?.message ?? String(cause), { cause });
  }
}
