import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { MAX_QUESTION_CHARS } from '../limits.ts';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { scrubText } from '../privacy/scrub.ts';
import type { CoachText } from '../prompts/coach-text.ts';
import { fill } from '../prompts/coach-text.ts';
import type { AnswerReply, DeclineReason, DeclineReply, Suggestion, Turn } from '../reply.ts';
import { partsOf } from '../search/focus.ts';
import type { Retrieval, Retriever } from '../search/retriever.ts';
import { composeExtractiveAnswer, type QuestionParts } from './extractive.ts';
import { isFollowUp, recentHistory } from './follow-up.ts';
import { withoutInjection } from './injection.ts';
import { type ChosenPassages, choosePassages, subjectOf } from './passage-choice.ts';
import { type GroundedWriter, type RetrievalEnhancer, WriterFailure } from './ports.ts';
import { isOutOfScope } from './scope.ts';

export interface AnswererDeps {
  knowledge: KnowledgeBase;
  retriever: Retriever;
  text: CoachText;
  logger: Logger;
  writer?: GroundedWriter;
  enhancer?: RetrievalEnhancer;
  metrics?: Metrics;
}

export type Answer = AnswerReply | DeclineReply;

/**
 * Answers a question from the knowledge base: refuses injection attempts, declines what it
 * does not know, asks the model when one is configured and falls back to the extractive
 * answer whenever the model fails, so the person always gets a grounded reply.
 */
export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  async answer(
    question: string,
    history: readonly Turn[] = [],
    options: { onDelta?: (text: string) => void } = {},
  ): Promise<Answer> {
    const answer = await this.compose(question, history, options);
    this.deps.metrics?.answers.inc(
      answer.answered ? { outcome: 'answered', source: answer.mode } : { outcome: 'declined', reason: answer.reason },
    );
    return answer;
  }

  private async compose(
    question: string,
    history: readonly Turn[],
    options: { onDelta?: (text: string) => void },
  ): Promise<Answer> {
    const { text } = this.deps;
    const trimmed = question.trim();
    if (!trimmed) return this.decline('empty', text.empty, this.starters());
    if (trimmed.length > MAX_QUESTION_CHARS) {
      return this.decline('too-long', fill(text.too_long, { max: MAX_QUESTION_CHARS.toLocaleString('en-GB') }), []);
    }
    // Instructions for the coach are cut out; a question they were wrapped around is answered on its own.
    const cleaned = withoutInjection(trimmed);
    const asked = cleaned.text;
    const refuse = () => this.decline('refused', text.refusal, this.starters());
    if (cleaned.removed && !asked) return refuse();
    if (isOutOfScope(asked)) {
      return this.decline('unknown', fill(text.out_of_scope, { topics: this.topicList() }), this.starters());
    }

    const turns = recentHistory(history);
    // The model provider sees the question without addresses, numbers or links in it.
    const scrubbed = scrubText(asked, [], MAX_QUESTION_CHARS);
    let retrieval = this.retrieve(asked, turns);
    if (this.deps.enhancer) {
      try {
        retrieval = await this.deps.enhancer.enhance(scrubbed, retrieval);
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'semantic ranking unavailable; using keyword ranking');
      }
    }
    if (!retrieval.relevance.onTopic) {
      if (cleaned.removed) return refuse();
      return this.decline('unknown', fill(text.decline, { topics: this.topicList() }), this.suggestionsFor(retrieval));
    }

    const suggestions = this.relatedTo(retrieval);
    const { chosen, parts } = this.chooseForParts(retrieval);
    if (this.deps.writer) {
      try {
        const written = await this.deps.writer.write({
          question: scrubbed,
          // The passages the offline answer uses come first; the next best (by meaning too, with embeddings) follow.
          passages: [...new Set([...chosen.primary, ...chosen.secondary, ...retrieval.ranked].map((p) => p.passage))],
          history: turns,
          onDelta: options.onDelta,
        });
        if (written.kind === 'no-answer') {
          return this.decline('unknown', fill(text.decline, { topics: this.topicList() }), suggestions);
        }
        return {
          kind: 'answer',
          answered: true,
          text: withNotes(written.text, cleaned.removed ? [text.instructions_ignored] : []),
          sources: written.sources,
          mode: 'model',
          suggestions,
        };
      } catch (error) {
        const failure = error instanceof WriterFailure ? error : new WriterFailure('error', error);
        this.deps.metrics?.modelFallbacks.inc({ reason: failure.reason });
        this.deps.logger.warn(
          { err: failure.cause, reason: failure.reason },
          'model answer failed; falling back to the offline answer',
        );
      }
    }
    const extract = composeExtractiveAnswer(chosen, retrieval, parts);
    // The answer comes first; how the question was read goes underneath it.
    const notes = [
      ...(retrieval.query.corrections.length
        ? [
            fill(text.corrected, {
              corrections: retrieval.query.corrections.map((c) => `“${c.from}” as “${c.to}”`).join(', '),
            }),
          ]
        : []),
      ...(cleaned.removed ? [text.instructions_ignored] : []),
    ];
    return {
      kind: 'answer',
      answered: true,
      text: withNotes(extract.text, notes),
      sources: extract.sources,
      mode: 'offline',
      suggestions,
    };
  }

  /**
   * Runs the offline path (retrieval and composition, nothing stored, no model) over some
   * questions, so the first people to ask after a start-up do not pay for a cold JIT.
   */
  warmUp(questions: readonly string[]): void {
    for (const question of questions) {
      const retrieval = this.retrieve(question, []);
      const { chosen, parts } = this.chooseForParts(retrieval);
      composeExtractiveAnswer(chosen, retrieval, parts);
    }
  }

  /**
   * A follow-up borrows the words of the questions it follows (back to the last one that
   * stood alone); a fresh question stands alone.
   */
  private retrieve(question: string, turns: readonly Turn[]): Retrieval {
    if (turns.length > 0 && isFollowUp(question)) {
      const context: string[] = [];
      for (const turn of [...turns].reverse()) {
        context.unshift(turn.question);
        if (!isFollowUp(turn.question)) break;
      }
      const combined = this.deps.retriever.retrieve(`${context.join(' ')} ${question}`);
      if (combined.relevance.onTopic) return combined;
    }
    return this.deps.retriever.retrieve(question);
  }

  /** The passages an answer is written from, offline or by the model. */
  private choose(retrieval: Retrieval): ChosenPassages {
    return choosePassages(retrieval, (id) => this.deps.knowledge.passagesOf(id));
  }

  /**
   * A question that asks two things ("what is X, and should we Y?") gets the second part's own
   * best passages beside the first's; each part's sentences are weighed by its own words.
   */
  private chooseForParts(retrieval: Retrieval): { chosen: ChosenPassages; parts?: QuestionParts } {
    const chosen = this.choose(retrieval);
    const [firstPart, secondPart] = partsOf(retrieval.query.focus);
    if (!firstPart || !secondPart || !chosen.primary[0]) return { chosen };
    const second = this.deps.retriever.retrieve(secondPart);
    const theirs = this.choose(second).primary;
    if (!second.relevance.onTopic || !theirs[0]) return { chosen };
    // Both parts may be about one subject ("what is X, and how fast should Y?"): the second part
    // still gets its own best sentence, weighed by its own words and the kind of answer it wants;
    // the opening comes from what the first part finds in the same subject.
    const first = this.deps.retriever.retrieve(firstPart);
    const mine = this.choose(first).primary;
    const sameSubject = mine[0] && subjectOf(mine[0].passage) === subjectOf(chosen.primary[0].passage);
    return {
      chosen: { primary: sameSubject ? mine : chosen.primary, secondary: theirs.slice(0, 2) },
      parts: { first, second },
    };
  }

  private decline(reason: DeclineReason, message: string, suggestions: Suggestion[]): DeclineReply {
    return { kind: 'answer', answered: false, reason, text: message, sources: [], suggestions };
  }

  private topicList(): string {
    const topics = this.deps.knowledge.topics().map((g) => g.topic.toLowerCase());
    return `${topics.slice(0, -1).join(', ')} and ${topics.at(-1)}`;
  }

  private starters(): Suggestion[] {
    return this.deps.text.starters
      .slice(0, 4)
      .map((question, i) => ({ id: `starter-${i + 1}`, title: question, question }));
  }

  /** When a question is near our subject, point at the nearest articles; otherwise at good first questions. */
  private suggestionsFor(retrieval: Retrieval): Suggestion[] {
    if (retrieval.relevance.domainTerms.length > 0 && retrieval.ranked.length > 0) {
      const ids = [...new Set(retrieval.ranked.map((r) => r.passage.article.id))].slice(0, 3);
      return ids.flatMap((id) => this.suggestion(id));
    }
    return this.starters();
  }

  private relatedTo(retrieval: Retrieval): Suggestion[] {
    const top = retrieval.ranked[0]?.passage.article;
    if (!top) return [];
    const cited = new Set(retrieval.ranked.slice(0, 3).map((r) => r.passage.article.id));
    return top.related
      .filter((id) => !cited.has(id))
      .slice(0, 3)
      .flatMap((id) => this.suggestion(id));
  }

  private suggestion(id: string): Suggestion[] {
    const article = this.deps.knowledge.article(id);
    return article ? [{ id, title: article.title, question: article.title }] : [];
  }
}

function withNotes(answer: string, notes: readonly string[]): string {
  return notes.length ? `${answer}\n\n${notes.join(' ')}` : answer;
}
