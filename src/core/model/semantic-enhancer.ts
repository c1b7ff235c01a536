import { createHash } from 'node:crypto';
import type { RetrievalEnhancer } from '../answer/ports.ts';
import type { KnowledgeBase, Passage } from '../knowledge/knowledge-base.ts';
import type { Logger } from '../logging/logger.ts';
import type { ScoredPassage } from '../search/lexical-index.ts';
import type { Retrieval } from '../search/retriever.ts';
import type { EmbeddingStore } from '../store/embedding-store.ts';
import type { ModelEndpoint } from './chat-model.ts';

/** Cosine similarity above which a passage is taken to be about the question even without shared words. */
const MIN_SIMILARITY = 0.5;
/** Reciprocal-rank-fusion constant: the usual 60 keeps one list from dominating the other. */
const RRF_K = 60;
const BATCH = 64;
/** After a failure, keyword ranking alone for a while rather than paying the timeout on every question. */
const COOL_OFF_MS = 30_000;

/**
 * Hybrid retrieval: passages are embedded once (cached in SQLite by text hash and model) and
 * fused with the keyword ranking, so "who is woken at night" finds the on-call passages.
 */
export class SemanticEnhancer implements RetrievalEnhancer {
  private vectors: Map<string, Float32Array> | undefined;
  private failedAt = 0;

  constructor(
    private readonly endpoint: ModelEndpoint,
    private readonly cache: EmbeddingStore,
    private readonly knowledge: KnowledgeBase,
    private readonly model: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async enhance(text: string, retrieval: Retrieval): Promise<Retrieval> {
    if (this.now() - this.failedAt < COOL_OFF_MS) return retrieval;
    try {
      const signal = AbortSignal.timeout(this.timeoutMs);
      const vectors = await this.passageVectors(signal);
      const [question] = await this.endpoint.embed([text], { signal });
      if (!question) return retrieval;
      return this.fuse(retrieval, this.rank(normalise(question), vectors));
    } catch (error) {
      this.failedAt = this.now();
      throw error;
    }
  }

  private rank(question: Float32Array, vectors: Map<string, Float32Array>): { passage: Passage; similarity: number }[] {
    const scored: { passage: Passage; similarity: number }[] = [];
    for (const passage of this.knowledge.passages) {
      const v = vectors.get(passage.key);
      if (v) scored.push({ passage, similarity: dot(question, v) });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, 12);
  }

  private fuse(retrieval: Retrieval, semantic: { passage: Passage; similarity: number }[]): Retrieval {
    const fused = new Map<string, ScoredPassage>();
    const add = (passage: Passage, rank: number) => {
      const entry = fused.get(passage.key) ?? { passage, score: 0 };
      entry.score += 1 / (RRF_K + rank);
      fused.set(passage.key, entry);
    };
    for (const [i, r] of retrieval.ranked.entries()) add(r.passage, i + 1);
    for (const [i, s] of semantic.entries()) add(s.passage, i + 1);
    const ranked = [...fused.values()].sort((a, b) => b.score - a.score);
    const best = semantic[0]?.similarity ?? 0;
    const onTopic = retrieval.relevance.onTopic || best >= MIN_SIMILARITY;
    return { ...retrieval, ranked, relevance: { ...retrieval.relevance, onTopic } };
  }

  /** Every passage's vector, from the cache or embedded now (once per passage text and model). */
  private async passageVectors(signal: AbortSignal): Promise<Map<string, Float32Array>> {
    if (this.vectors) return this.vectors;
    const hashes = new Map(this.knowledge.passages.map((p) => [p.key, hashOf(p)]));
    const cached = this.cache.getMany(this.model, [...hashes.values()]);
    const missing = this.knowledge.passages.filter((p) => !cached.has(hashes.get(p.key) ?? ''));
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const vectors = await this.endpoint.embed(batch.map(embeddingText), { signal });
      const fresh = new Map<string, Float32Array>();
      batch.forEach((p, j) => {
        const v = vectors[j];
        if (v) fresh.set(hashes.get(p.key) ?? '', v);
      });
      this.cache.putMany(this.model, fresh);
      for (const [hash, v] of fresh) cached.set(hash, v);
    }
    if (missing.length > 0)
      this.logger.info({ embedded: missing.length, model: this.model }, 'embedded knowledge passages');
    this.vectors = new Map(
      this.knowledge.passages.flatMap((p) => {
        const v = cached.get(hashes.get(p.key) ?? '');
        return v ? [[p.key, normalise(v)] as const] : [];
      }),
    );
    return this.vectors;
  }
}

function embeddingText(p: Passage): string {
  return `${p.article.title}. ${p.ordinal === 0 ? '' : `${p.heading}. `}${p.text}`;
}

function hashOf(p: Passage): string {
  return createHash('sha256').update(embeddingText(p)).digest('hex');
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
