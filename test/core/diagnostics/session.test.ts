import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import type { DiagnosticChoice, DiagnosticReply } from '../../../src/core/reply.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';

/** A runtime over a temporary database with a clock the test moves. */
function harness() {
  const dir = tempDir();
  const db = join(dir.path, 'diag.db');
  let now = new Date('2026-11-26T10:00:00Z');
  const open = () => CoachRuntime.create(testConfig(db), silentLogger, { now: () => now });
  let runtime = open();
  return {
    get coach() {
      return runtime.coach;
    },
    person: (name: string) => runtime.pseudonyms.key('test-user', name),
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** Simulates the bot being restarted: a new process over the same file. */
    restart() {
      runtime.close();
      runtime = open();
    },
    rows: (sql: string) => {
      const raw = new Database(db, { readonly: true });
      const out = raw.prepare(sql).all();
      raw.close();
      return out as Record<string, unknown>[];
    },
    close() {
      runtime.close();
      dir.cleanup();
    },
  };
}

const pick = (reply: DiagnosticReply, label: string | RegExp): DiagnosticChoice => {
  const choice = reply.choices.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
  if (!choice)
    throw new Error(`no choice ${label} in ${reply.stage}: ${reply.choices.map((c) => c.label).join(' | ')}`);
  return choice;
};

/** Starts a diagnostic and gets past the notice and the context questions (declining both). */
function throughIntro(h: ReturnType<typeof harness>, person: string, diagnostic: string): DiagnosticReply {
  let reply = h.coach.diagnosticChoice(person, `dx:start:${diagnostic}`);
  reply = h.coach.diagnosticChoice(person, pick(reply, 'Start').token);
  reply = h.coach.diagnosticChoice(person, pick(reply, 'Prefer not to say').token);
  return h.coach.diagnosticChoice(person, pick(reply, 'Prefer not to say').token);
}

/** Answers every question with the option at `index` (0 = worst). */
function answerAll(
  h: ReturnType<typeof harness>,
  person: string,
  start: DiagnosticReply,
  index: number,
): DiagnosticReply {
  let reply = start;
  while (reply.stage === 'question') {
    const option = reply.choices.filter((c) => c.style === 'option')[index];
    if (!option) throw new Error('no option');
    reply = h.coach.diagnosticChoice(person, option.token);
  }
  return reply;
}

describe('the diagnostic state machine', () => {
  const harnesses: ReturnType<typeof harness>[] = [];
  const make = () => {
    const h = harness();
    harnesses.push(h);
    return h;
  };
  afterEach(() => {
    for (const h of harnesses.splice(0)) h.close();
  });

  it('runs notice, context, questions, comment and result, and logs one pseudonymised response', () => {
    const h = make();
    const alex = h.person('alex');
    let reply = h.coach.diagnosticChoice(alex, 'dx:start:handovers');
    expect(reply.stage).toBe('notice');
    expect(reply.text).toMatch(/pseudonymised/);
    reply = h.coach.diagnosticChoice(alex, pick(reply, 'Start').token);
    expect(reply.stage).toBe('context');
    reply = h.coach.diagnosticChoice(alex, pick(reply, /^Building software/).token);
    reply = h.coach.diagnosticChoice(alex, pick(reply, 'Prefer not to say').token);
    expect(reply.stage).toBe('question');
    expect(reply.progress).toEqual({ current: 1, total: 8 });
    reply = answerAll(h, alex, reply, 0);
    expect(reply.stage).toBe('comment');
    reply = h.coach.diagnosticComment(alex, reply.sessionId ?? '', 'Ring me on +44 20 7946 0958 or jane@acme.example');
    expect(reply.stage).toBe('result');
    expect(reply.result?.profile?.id).toBe('pass-the-parcel');
    expect(reply.result?.weakest).toHaveLength(3);
    expect(reply.result?.recommended.length).toBeGreaterThan(0);
    const [response] = h.rows('SELECT * FROM diagnostic_responses');
    expect(response).toMatchObject({
      diagnostic: 'handovers',
      week: '2026-W48',
      role: 'delivery',
      sourcing: null,
      score: 0,
    });
    expect(response?.comment).toBe('Ring me on [phone] or [email]');
    expect(h.rows('SELECT * FROM diagnostic_answers')).toHaveLength(8);
    // The finished session keeps none of the answers next to the person's pseudonym.
    expect(h.rows("SELECT answers FROM diagnostic_sessions WHERE stage = 'done'")).toEqual([{ answers: '{}' }]);
    // The second diagnostic skips the notice and the context questions: asked once per person.
    expect(h.coach.diagnosticChoice(alex, 'dx:start:releases').stage).toBe('question');
  });

  it('survives a restart in the middle and carries on where the person was', () => {
    const h = make();
    const sam = h.person('sam');
    let reply = throughIntro(h, sam, 'releases');
    reply = h.coach.diagnosticChoice(sam, reply.choices[2]?.token);
    expect(reply.progress?.current).toBe(2);
    const button = reply.choices[1]?.token;
    h.restart();
    const after = h.coach.diagnosticChoice(sam, button);
    expect(after.progress?.current).toBe(3);
    // Starting again offers to resume rather than opening a second session.
    const again = h.coach.diagnosticChoice(sam, 'dx:start:releases');
    expect(again.stage).toBe('resume');
    expect(h.coach.diagnosticChoice(sam, pick(again, 'Carry on').token).progress?.current).toBe(3);
    expect(h.rows("SELECT * FROM diagnostic_sessions WHERE stage = 'question'")).toHaveLength(1);
  });

  it('ignores a double click and an out-of-order click, with a friendly note', () => {
    const h = make();
    const kim = h.person('kim');
    const reply = throughIntro(h, kim, 'handovers');
    const first = reply.choices[0]?.token;
    const once = h.coach.diagnosticChoice(kim, first);
    const twice = h.coach.diagnosticChoice(kim, first);
    expect(once.progress?.current).toBe(2);
    expect(twice.progress?.current).toBe(2);
    expect(twice.note).toMatch(/already answered/);
    const q2 = once.choices[1]?.token;
    h.coach.diagnosticChoice(kim, q2);
    const stale = h.coach.diagnosticChoice(kim, q2);
    expect(stale.progress?.current).toBe(3);
    expect(stale.note).toMatch(/already answered/);
  });

  it('goes back, skips, accepts "not sure", and rejects unknown option codes', () => {
    const h = make();
    const lee = h.person('lee');
    let reply = throughIntro(h, lee, 'handovers');
    reply = h.coach.diagnosticChoice(lee, pick(reply, 'Not sure').token);
    reply = h.coach.diagnosticChoice(lee, pick(reply, 'Skip').token);
    expect(reply.progress?.current).toBe(3);
    reply = h.coach.diagnosticChoice(lee, pick(reply, 'Back').token);
    expect(reply.progress?.current).toBe(2);
    const forged = (reply.choices[0]?.token ?? '').replace(/:[a-z0-9-]+$/, ':made-up-answer');
    const rejected = h.coach.diagnosticChoice(lee, forged);
    expect(rejected.progress?.current).toBe(2);
    expect(rejected.note).toMatch(/didn't recognise/);
    expect(h.coach.diagnosticChoice(lee, 'not a token').stage).toBe('choose');
  });

  it('expires a session left for more than a day', () => {
    const h = make();
    const max = h.person('max');
    let reply = h.coach.diagnosticChoice(max, 'dx:start:handovers');
    reply = h.coach.diagnosticChoice(max, pick(reply, 'Start').token);
    reply = h.coach.diagnosticChoice(max, pick(reply, /^Building software/).token);
    reply = h.coach.diagnosticChoice(max, pick(reply, 'Prefer not to say').token);
    reply = h.coach.diagnosticChoice(max, reply.choices[0]?.token);
    expect(h.rows('SELECT answers FROM diagnostic_sessions')[0]?.answers).not.toBe('{}');
    h.advance(25 * 3_600_000);
    const expired = h.coach.diagnosticChoice(max, reply.choices[0]?.token);
    // Nothing was saved, and the answers given so far are forgotten.
    expect(h.rows('SELECT answers FROM diagnostic_sessions')).toEqual([{ answers: '{}' }]);
    expect(expired.stage).toBe('expired');
    expect(expired.text).toMatch(/expired/);
    expect(h.coach.diagnosticChoice(max, 'dx:start:handovers').stage).not.toBe('resume');
  });

  it('will not let one person answer in another person’s session', () => {
    const h = make();
    const owner = h.person('owner');
    const reply = h.coach.diagnosticChoice(owner, 'dx:start:handovers');
    const intruder = h.coach.diagnosticChoice(h.person('intruder'), pick(reply, 'Start').token);
    expect(intruder.stage).toBe('choose');
    expect(intruder.note).toMatch(/belongs to someone else/);
  });

  it('replaces a repeat in the same week, and keeps both across weeks; shows only your own results', () => {
    const h = make();
    const ann = h.person('ann');
    const run = (index: number) => {
      let reply = h.coach.diagnosticChoice(ann, 'dx:start:releases');
      while (reply.stage !== 'question')
        reply = h.coach.diagnosticChoice(
          ann,
          reply.choices.find((c) => c.label === 'Start' || c.label === 'Prefer not to say')?.token,
        );
      reply = answerAll(h, ann, reply, index);
      return h.coach.diagnosticChoice(ann, pick(reply, 'Finish').token);
    };
    run(0);
    run(3);
    expect(h.rows('SELECT score FROM diagnostic_responses')).toEqual([{ score: 100 }]);
    h.advance(7 * 24 * 3_600_000);
    run(1);
    expect(h.rows('SELECT COUNT(*) AS n FROM diagnostic_responses')).toEqual([{ n: 2 }]);
    const mine = h.coach.results(ann);
    expect(mine.results).toHaveLength(1);
    expect(mine.results[0]?.score).toBe(33);
    expect(h.coach.results(h.person('someone-else')).results).toEqual([]);
  });

  it('counts towards a channel only with consent', () => {
    const h = make();
    const bo = h.person('bo');
    let reply = h.coach.diagnosticChoice(bo, 'dx:start:handovers', { workspace: 'w1', channel: 'c1' });
    reply = h.coach.diagnosticChoice(bo, pick(reply, 'Start').token);
    reply = h.coach.diagnosticChoice(bo, pick(reply, 'Prefer not to say').token);
    reply = h.coach.diagnosticChoice(bo, pick(reply, 'Prefer not to say').token);
    expect(reply.stage).toBe('consent');
    reply = h.coach.diagnosticChoice(bo, pick(reply, /^No/).token);
    reply = answerAll(h, bo, reply, 2);
    h.coach.diagnosticChoice(bo, pick(reply, 'Finish').token);
    expect(h.rows('SELECT workspace, channel FROM diagnostic_responses')).toEqual([{ workspace: 'w1', channel: null }]);
  });

  it('keeps raw responses only for the retention period, then weekly counts', () => {
    const h = make();
    const pat = h.person('pat');
    let reply = h.coach.diagnosticChoice(pat, 'dx:start:handovers');
    while (reply.stage !== 'question')
      reply = h.coach.diagnosticChoice(
        pat,
        reply.choices.find((c) => c.label === 'Start' || c.label === 'Prefer not to say')?.token,
      );
    reply = answerAll(h, pat, reply, 1);
    h.coach.diagnosticComment(pat, reply.sessionId ?? '', 'a comment');
    h.advance(380 * 24 * 3_600_000);
    h.restart(); // start-up housekeeping applies the default 365-day retention
    expect(h.rows('SELECT * FROM diagnostic_responses')).toEqual([]);
    expect(h.rows('SELECT * FROM diagnostic_answers')).toEqual([]);
    const counts = h.rows(
      "SELECT dimension, question, option, count FROM diagnostic_counts WHERE question IN ('first-paged', '_profile') ORDER BY question",
    );
    // Only whole-group weekly counts survive; the slices (role, sourcing, channel) are gone.
    expect(counts).toEqual([
      { dimension: '', question: '_profile', option: 'escalation-ladder', count: 1 },
      { dimension: '', question: 'first-paged', option: 'app-support', count: 1 },
    ]);
  });
});
