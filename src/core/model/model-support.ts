import type { Config } from '../../config.ts';
import { secretsOf } from '../../config.ts';
import type { GroundedWriter, RetrievalEnhancer } from '../answer/answerer.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Logger } from '../logging/logger.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import type { EmbeddingStore } from '../store/embedding-store.ts';
import { loadAnswerPrompts } from './answer-prompts.ts';
import { type ModelEndpoint, OpenAIEndpoint } from './chat-model.ts';
import { ModelGroundedWriter } from './grounded-writer.ts';
import { SemanticEnhancer } from './semantic-enhancer.ts';

export interface ModelSupport {
  writer(links: LinkPolicy): GroundedWriter;
  enhancer(knowledge: KnowledgeBase, cache: EmbeddingStore): RetrievalEnhancer | undefined;
}

/** Model answers are on when a key or an OpenAI-compatible endpoint is configured; otherwise undefined. */
export function createModelSupport(
  config: Config,
  logger: Logger,
  promptsDir: string,
  endpoint: ModelEndpoint = new OpenAIEndpoint(config),
): ModelSupport | undefined {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return undefined;
  const prompts = loadAnswerPrompts(promptsDir);
  const timeoutMs = config.OPENAI_TIMEOUT_MS;
  return {
    writer: (links) => new ModelGroundedWriter(endpoint, prompts, { timeoutMs, secrets: secretsOf(config), links }),
    enhancer: (knowledge, cache) =>
      config.OPENAI_EMBEDDING_MODEL
        ? new SemanticEnhancer(endpoint, cache, knowledge, config.OPENAI_EMBEDDING_MODEL, timeoutMs, logger)
        : undefined,
  };
}
