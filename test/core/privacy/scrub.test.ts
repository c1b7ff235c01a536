import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { cutAtWord, scrubberPatterns, scrubEcho, scrubText } from '../../../src/core/privacy/scrub.ts';

describe('the scrubber', () => {
  it('has no pattern a hostile text can make backtrack: a ReDoS checker finds each one safe', () => {
    // recheck analyses the pattern itself (an automaton, or fuzzing where lookbehinds rule that
    // out); "vulnerable" comes with an attack string, as the old address pattern did
    // ('-'.repeat(54773) + '-\x00-@-.-', quadratic).
    const verdicts = scrubberPatterns().map((p) => ({
      pattern: p.source,
      status: checkSync(p.source, p.flags, { timeout: 20_000, randomSeed: 1 }).status,
    }));
    expect(verdicts).toEqual(verdicts.map((v) => ({ pattern: v.pattern, status: 'safe' })));
  });

  it('still finds what it must in texts built to make patterns backtrack', () => {
    const run = 'x.'.repeat(3000);
    expect(scrubText(`${run}alice@example.com is mine`, [], 10_000)).toBe('[email] is mine');
    expect(scrubText(`${'<@'.repeat(2000)} hi <@U123|sam>`, [], 10_000)).toMatch(/ hi \[mention\]$/);
    // Too few digits is not a number; digits glued to a word are not part of one.
    expect(scrubText(`${'1 '.repeat(5)}ring +44 (20) 7946-0000ext now`)).toBe('1 1 1 1 1 ring [phone]-0000ext now');
    expect(scrubText(`${'9 '.repeat(3000)}end`, [], 10_000)).toBe('[phone] end');
  });

  it('cuts a long text at a word break before scrubbing, so no half address survives the cut', () => {
    const text = `${'word '.repeat(99)}alice@example.com and more`;
    const out = scrubText(text, [], 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).not.toMatch(/alice|@|exam/);
    expect(cutAtWord('abc def', 5)).toBe('abc');
    expect(cutAtWord('no-breaks-at-all', 5)).toBe('');
  });

  it('removes names that end in a letter outside ASCII, as whole words in any case or composition', () => {
    expect(scrubText('Zoë said José was right, zoë too', ['Zoë', 'José'])).toBe(
      '[organisation] said [organisation] was right, [organisation] too',
    );
    // The same name typed with a combining diaeresis, and a longer name that only starts with it.
    expect(scrubText('Zoe\u0308 agrees; Zoëlle does not', ['Zoë'])).toBe('[organisation] agrees; Zoëlle does not');
  });

  it('recognises addresses and handles written in any script', () => {
    expect(scrubText('mail zoë@exämple.de or ping @zoë.müller')).toBe('mail [email] or ping [mention]');
  });

  it('takes what identified the asker out of a stored reply, however long the question was', () => {
    const question = `${'filler '.repeat(100)}mail alice@example.com`;
    expect(scrubEcho('I will mail alice@example.com', question)).toBe('I will mail [removed]');
    const huge = `${'a.'.repeat(20_000)}@example.com`;
    expect(scrubEcho('nothing to remove', huge)).toBe('nothing to remove');
  });
});
