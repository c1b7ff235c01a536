import type OpenAI from 'openai';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The two things Opscoach asks of a model endpoint; kept narrow so tests and other vendors fit. */
export interface ModelEndpoint {
  complete(
    messages: ChatMessage[],
    options: { signal: AbortSignal; onDelta?: (text: string) => void },
  ): Promise<string>;
  embed(texts: string[], options: { signal: AbortSignal }): Promise<Float32Array[]>;
}

/** Where the model is and which models to ask (from OPENAI_* in the configuration). */
export interface EndpointSettings {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  /** Undefined when the endpoint has no embeddings. */
  embeddingModel?: string;
  timeoutMs: number;
  /** OPENAI_MAX_TOKENS: the longest answer the model may write. */
  maxTokens: number;
}

/** The SDK, loaded on the first request: a process that never asks a model never loads it. */
let sdk: Promise<typeof import('openai')> | undefined;
let loaded: typeof import('openai') | undefined;
const loadSdk = () => {
  sdk ??= import('openai').then((module) => {
    loaded = module;
    return module;
  });
  return sdk;
};

/** Whether an error is the SDK giving up on time: our own deadline aborted it, or its connection timed out. */
export function isSdkTimeout(error: unknown): boolean {
  return (
    loaded !== undefined &&
    (error instanceof loaded.APIUserAbortError || error instanceof loaded.APIConnectionTimeoutError)
  );
}

/**
 * OpenAI or any OpenAI-compatible endpoint (Azure OpenAI, Ollama, vLLM). Retries are off: the
 * caller has a deadline and an offline answer to fall back to, which beats waiting.
 */
export class OpenAIEndpoint implements ModelEndpoint {
  private client: Promise<OpenAI> | undefined;

  constructor(private readonly config: EndpointSettings) {}

  private connect(): Promise<OpenAI> {
    this.client ??= loadSdk().then(
      ({ default: OpenAIClient }) =>
        new OpenAIClient({
          // A local endpoint (Ollama, vLLM) may need no key; the SDK insists on a string.
          apiKey: this.config.apiKey ?? 'not-needed',
          baseURL: this.config.baseUrl,
          timeout: this.config.timeoutMs,
          maxRetries: 0,
        }),
    );
    return this.client;
  }

  /**
   * The bound on an answer's length. OpenAI itself wants max_completion_tokens (its reasoning
   * models refuse max_tokens); compatible servers (Ollama, vLLM, LM Studio, Azure OpenAI's
   * older API versions) know max_tokens, and some refuse the newer name.
   */
  private get limit() {
    const tokens = this.config.maxTokens;
    return this.config.baseUrl ? { max_tokens: tokens } : { max_completion_tokens: tokens };
  }

  async complete(
    messages: ChatMessage[],
    options: { signal: AbortSignal; onDelta?: (text: string) => void },
  ): Promise<string> {
    const client = await this.connect();
    if (options.onDelta) {
      const stream = await client.chat.completions.create(
        { model: this.config.model, messages, stream: true, ...this.limit },
        { signal: options.signal },
      );
      let text = '';
      let cutShort = false;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (delta) {
          text += delta;
          options.onDelta(delta);
        }
        if (chunk.choices[0]?.finish_reason === 'length') cutShort = true;
      }
      return cutShort ? endAtSentence(text) : text;
    }
    const completion = await client.chat.completions.create(
      { model: this.config.model, messages, ...this.limit },
      { signal: options.signal },
    );
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('model returned no message content');
    return completion.choices[0]?.finish_reason === 'length' ? endAtSentence(content) : content;
  }

  async embed(texts: string[], options: { signal: AbortSignal }): Promise<Float32Array[]> {
    const model = this.config.embeddingModel;
    if (!model) throw new Error('embeddings are switched off (OPENAI_EMBEDDING_MODEL=none)');
    const client = await this.connect();
    // "float" rather than the SDK's default base64: more OpenAI-compatible servers support it.
    const response = await client.embeddings.create(
      { model, input: texts, encoding_format: 'float' },
      { signal: options.signal },
    );
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== texts.length) throw new Error(`expected ${texts.length} embeddings, got ${data.length}`);
    return data.map((d) => {
      if (!Array.isArray(d.embedding)) throw new Error('embedding is not a list of numbers');
      return Float32Array.from(d.embedding as number[]);
    });
  }
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * An answer the token limit stopped mid-sentence, without the unfinished sentence (or the whole
 * text, when it is all one sentence).
 */
function endAtSentence(text: string): string {
  const parts = [...sentences.segment(text.trimEnd())].map((s) => s.segment);
  const last = parts.at(-1) ?? '';
  if (parts.length < 2 || /[.!?…]["'’”)\]]*\s*(?:\[\d+\]\s*)*$/.test(last)) return text;
  return parts.slice(0, -1).join('').trimEnd();
}
