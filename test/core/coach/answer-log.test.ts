import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../../helpers/runtime.ts';

const test = startTestRuntime();
const { coach, pseudonyms } = test.runtime;
afterAll(() => test.close());

describe('feedback, sharing and knowledge gaps', () => {
  it('keeps one vote per person per answer (the last click wins) and lists gaps by wording, counts only', async () => {
    const answer = await coach.ask('What is a standard change?');
    const declined = await coach.ask('What is the weather like in Leeds?');
    await coach.ask('what is the weather like in leeds');
    if (!answer.answerId || !declined.answerId) throw new Error('answers must be logged');

    const alice = pseudonyms.key('slack', 'T1:UALICE');
    const bob = pseudonyms.key('slack', 'T1:UBOB');
    expect(coach.feedback(answer.answerId, alice, true).text).toMatch(/Thanks, glad it helped/);
    coach.feedback(answer.answerId, alice, false); // changed her mind
    coach.feedback(answer.answerId, bob, false);

    const gaps = coach.gaps(30);
    expect(gaps).toContainEqual({
      question: 'What is the weather like in Leeds',
      declined: 2,
      notHelpful: 0,
      helpful: 0,
    });
    expect(gaps).toContainEqual({ question: 'What is a standard change', declined: 0, notHelpful: 2, helpful: 0 });
  });

  it("cannot link one person's votes on different answers to each other or to them", async () => {
    const first = await coach.ask('What is a CAB?');
    const second = await coach.ask('Who gets paged at 3am?');
    const carol = pseudonyms.key('slack', 'T1:UCAROL');
    coach.feedback(first.answerId ?? '', carol, true);
    coach.feedback(second.answerId ?? '', carol, false);
    const db = test.runtime.store.db;
    const voters = db
      .prepare('SELECT respondent FROM feedback WHERE answer_id IN (?, ?)')
      .all(first.answerId, second.answerId) as { respondent: string }[];
    expect(voters).toHaveLength(2);
    expect(new Set(voters.map((v) => v.respondent)).size).toBe(2);
    expect(voters.map((v) => v.respondent)).not.toContain(carol);
  });

  it('says so when feedback arrives for an unknown or forged answer', () => {
    expect(coach.feedback('no-such-answer', pseudonyms.key('slack', 'T1:U1'), true).text).toMatch(/too old to rate/);
  });

  it('keeps an answer shareable by its id, and nothing for a decline', async () => {
    const answer = await coach.ask('Who gets paged at 3am?');
    const shared = coach.shared(answer.answerId ?? '');
    expect(shared?.text).toBe(answer.text);
    const declined = await coach.ask('best pizza near the office?');
    expect(coach.shared(declined.answerId ?? '')).toBeUndefined();
  });

  it('never stores a raw user id, email address or phone number', async () => {
    await coach.ask('I am U0123ABCD, mail me at jane.doe@example.com or ring +44 20 7946 0958 about on-call pay', {
      conversation: pseudonyms.key('slack', 'T1:D0123:U0123ABCD'),
    });
    const answer = await coach.ask('What is a CAB?');
    coach.feedback(answer.answerId ?? '', pseudonyms.key('slack', 'T1:U0123ABCD'), true);
    test.runtime.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(test.dbPath).toString('latin1');
    expect(bytes).not.toContain('jane.doe@example.com');
    expect(bytes).not.toContain('7946 0958');
    expect(bytes).not.toContain('T1:U0123ABCD');
    expect(bytes).toContain('[email]');
  });
});
