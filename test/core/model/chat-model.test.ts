import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { OpenAIEndpoint } from '../../../src/core/model/chat-model.ts';
import { modelSettingsFrom } from '../../../src/runtime.ts';
import { type ChatRequestBody, completion, FAKE_OPENAI, FAKE_OPENAI_BASE_URL } from '../../helpers/fake-openai.ts';

// The model's answer is bounded (OPENAI_MAX_TOKENS) so a reply stays within one chat message:
// OpenAI itself takes max_completion_tokens (its reasoning models refuse max_tokens), compatible
// servers take max_tokens. An answer the limit stopped mid-sentence loses the unfinished sentence.

const messages = [{ role: 'user' as const, content: 'Who gets paged at 3am?' }];
const signal = () => AbortSignal.timeout(5_000);

function endpoint(env: Record<string, string>) {
  const settings = modelSettingsFrom(
    loadConfig({ OPENAI_API_KEY: 'sk-test-abcdefghijklmnop', OPENAI_MAX_TOKENS: '300', ...env }),
  );
  if (!settings) throw new Error('a key is set, so model answers are on');
  return new OpenAIEndpoint(settings);
}

function answer(host: string, content: string, finish = 'stop') {
  const requests: ChatRequestBody[] = [];
  nock(host)
    .post('/v1/chat/completions', (body: ChatRequestBody) => {
      requests.push(body);
      return true;
    })
    .reply(200, {
      ...completion(content),
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
    });
  return requests;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('bounding the model’s answer', () => {
  it('asks OpenAI for at most OPENAI_MAX_TOKENS as max_completion_tokens', async () => {
    const requests = answer('https://api.openai.com', 'The team that builds it [1].');
    await endpoint({}).complete(messages, { signal: signal() });
    expect(requests[0]).toMatchObject({ max_completion_tokens: 300 });
    expect(requests[0]).not.toHaveProperty('max_tokens');
  });

  it('asks a compatible endpoint for at most OPENAI_MAX_TOKENS as max_tokens', async () => {
    const requests = answer(FAKE_OPENAI, 'The team that builds it [1].');
    await endpoint({ OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL }).complete(messages, { signal: signal() });
    expect(requests[0]).toMatchObject({ max_tokens: 300 });
    expect(requests[0]).not.toHaveProperty('max_completion_tokens');
  });

  it('drops the sentence the limit cut off, and keeps an answer that ended on its own', async () => {
    answer(FAKE_OPENAI, 'Developers are paged [1]. The whole team swarms on serious incidents and then', 'length');
    const model = endpoint({ OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL });
    expect(await model.complete(messages, { signal: signal() })).toBe('Developers are paged [1].');
    answer(FAKE_OPENAI, 'Developers are paged [1]. The whole team swarms [1].', 'length');
    expect(await model.complete(messages, { signal: signal() })).toBe(
      'Developers are paged [1]. The whole team swarms [1].',
    );
  });

  it('refuses an OPENAI_MAX_TOKENS that is not a sensible whole number, naming it', () => {
    expect(() => loadConfig({ OPENAI_MAX_TOKENS: 'lots' })).toThrow(/OPENAI_MAX_TOKENS/);
    expect(() => loadConfig({ OPENAI_MAX_TOKENS: '10' })).toThrow(/OPENAI_MAX_TOKENS/);
  });
});
