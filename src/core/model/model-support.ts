import type { GroundedWriter, RetrievalEnhancer } from '../answer/ports.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Logger } from '../logging/logger.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import type { EmbeddingStore } from '../store/embedding-store.ts';
import { loadAnswerPrompts } from './answer-prompts.ts';
import { type EndpointSettings, type ModelEndpoint, OpenAIEndpoint } from './chat-model.ts';
import { ModelGroundedWriter } from './grounded-writer.ts';
import { SemanticEnhancer } from './semantic-enhancer.ts';

export interface ModelSettings extends EndpointSettings {
  /** Values that must never appear in an answer (keys, tokens). */
  secrets: readonly string[];
}

export interface ModelSupport {
  writer(links: LinkPolicy): GroundedWriter;
  enhancer(knowledge: KnowledgeBase, cache: EmbeddingStore): RetrievalEnhancer | undefined;
}

/** The answerer's model ports, over an OpenAI-compatible endpoint (or the one given, in tests). */
export function createModelSupport(
  settings: ModelSettings,
  logger: Logger,
  promptsDir: string,
  endpoint: ModelEndpoint = new OpenAIEndpoint(settings),
): ModelSupport {
  const prompts = loadAnswerPrompts(promptsDir);
  const { timeoutMs, secrets, embeddingModel } = settings;
  return {
    writer: (links) => new ModelGroundedWriter(endpoint, prompts, { timeoutMs, secrets, links }),
    enhancer: (knowledge, cache) =>
      embeddingModel ? new SemanticEnhancer(endpoint, cache, knowledge, embeddingModel, timeoutMs, logger) : undefined,
  };
}
