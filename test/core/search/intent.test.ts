import { describe, expect, it } from 'vitest';
import { intentOf } from '../../../src/core/search/intent.ts';

describe('what kind of answer a question wants', () => {
  it.each([
    ['What can product teams do to win over the change board?', 'advice'],
    ['how can a small team keep its rota fair', 'advice'],
    ['what should we do about flaky alerts', 'advice'],
    ['how long does a change board take', 'figure'],
    ['who gets paged at 3am', 'who'],
    ['what is a postmortem', 'definition'],
    ['when was Ops Run It codified', 'when'],
    ['Ops Run It vs You Build It You Run It', 'comparison'],
  ])('%j wants %s', (question, intent) => {
    expect(intentOf(question)).toBe(intent);
  });

  it('does not read a plain "what can" question as asking for advice', () => {
    expect(intentOf('what can an app support analyst change in production?')).not.toBe('advice');
  });
});
