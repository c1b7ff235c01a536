import nock from 'nock';

/** Where tests point OPENAI_BASE_URL; nock answers, nothing leaves the machine. */
export const FAKE_OPENAI = 'http://openai.test';
export const FAKE_OPENAI_BASE_URL = `${FAKE_OPENAI}/v1`;

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
}

export function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  };
}

/** Deterministic unit-ish vectors from text, so tests can make a question "mean" a passage. */
export function fakeVector(text: string, dims = 16): number[] {
  const v = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) v[i % dims] = (v[i % dims] ?? 0) + ((text.charCodeAt(i) * (i + 7)) % 13) - 6;
  return v;
}

export function resetNock(): void {
  nock.cleanAll();
  nock.disableNetConnect();
}

/** A streamed chat completion as server-sent events, one chunk per piece. */
export function streamedCompletion(pieces: string[]): string {
  const chunks = pieces.map((content) =>
    JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'test-model',
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    }),
  );
  return `${chunks.map((c) => `data: ${c}\n\n`).join('')}data: [DONE]\n\n`;
}
