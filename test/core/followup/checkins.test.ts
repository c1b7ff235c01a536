import { afterEach, describe, expect, it } from 'vitest';
import { CheckinScheduler } from '../../../src/core/followup/checkin-scheduler.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import type { DiagnosticReply } from '../../../src/core/reply.ts';
import { findLeaks } from '../../helpers/db-leaks.ts';
import {
  choice,
  DAY,
  type FollowupHarness,
  followupHarness,
  RecordingCheckinSender,
  slackReach,
  takeDiagnostic,
} from '../../helpers/followup.ts';

const open: FollowupHarness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});
function harness(env: Record<string, string> = {}) {
  const h = followupHarness(env);
  open.push(h);
  return h;
}

const USER = 'UPRIYA0042';

/** A person finishes the handovers diagnostic badly and picks the first experiment offered. */
function picked(h: FollowupHarness, name = 'priya', user = USER) {
  const person = h.person(name);
  const result = takeDiagnostic(h, person, 'handovers', 0, { workspace: 'ws-acme' });
  const offer = result.choices.find((c) => c.button === 'Try this');
  if (!offer) throw new Error('no experiment offered');
  const screen = h.coach.diagnosticChoice(person, offer.token, { workspace: 'ws-acme' }, slackReach(user));
  return { person, result, screen, offer };
}

function scheduler(h: FollowupHarness, sender: RecordingCheckinSender, runtime = h.runtime) {
  return new CheckinScheduler(runtime.followups, { slack: sender }, silentLogger, { metrics: runtime.metrics });
}

const metric = async (h: FollowupHarness, series: string) =>
  Number(
    (await h.runtime.metrics.text())
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.split(' ')[1] ?? 0,
  );

describe('experiments on the result screen', () => {
  it('offers up to three experiments for the weakest answers, each with its article, and none for a strong result', () => {
    const h = harness();
    const weak = takeDiagnostic(h, h.person('weak'), 'handovers', 0);
    const offers = weak.choices.filter((c) => c.button === 'Try this');
    expect(offers).toHaveLength(3);
    expect(weak.result?.experiments?.map((e) => e.title)).toEqual(offers.map((c) => c.label));
    for (const e of weak.result?.experiments ?? [])
      expect(e.article.url).toMatch(/^https:\/\/playbooks\.equalexperts\.com\//);
    // The text every adapter shows says what picking means.
    expect(weak.text).toMatch(/One thing to try/);
    expect(weak.text).toMatch(/check in later to ask how it went/);
    const strong = takeDiagnostic(h, h.person('strong'), 'handovers', 3);
    expect(strong.choices.filter((c) => c.button === 'Try this')).toEqual([]);
  });

  it('schedules the check-in for two weeks on, lets the person pick one to four weeks instead, or cancel', () => {
    const h = harness();
    const { person, screen } = picked(h);
    expect(screen.stage).toBe('experiment');
    expect(screen.text).toMatch(/Page the building team first/);
    expect(screen.text).toMatch(/Monday 16 March\*\* \(in two weeks\), in your direct messages with Opscoach/);
    const later = h.coach.diagnosticChoice(person, choice(screen, /after four weeks/).token, {}, slackReach(USER));
    expect(later.text).toMatch(/Monday 30 March\*\* \(in four weeks\)/);
    const sooner = h.coach.diagnosticChoice(person, choice(later, /after one week/).token, {}, slackReach(USER));
    expect(sooner.text).toMatch(/Monday 9 March\*\* \(in one week\)/);
    expect(h.rows('SELECT weeks, due_day, status FROM followups')).toEqual([
      { weeks: 1, due_day: '2026-03-09', status: 'waiting' },
    ]);
    const cancelled = h.coach.diagnosticChoice(
      person,
      choice(sooner, 'Cancel the check-in').token,
      {},
      slackReach(USER),
    );
    expect(cancelled.text).toMatch(/Check-in cancelled/);
    expect(h.rows('SELECT status, address, due_day FROM followups')).toEqual([
      { status: 'cancelled', address: null, due_day: null },
    ]);
  });

  it('keeps one experiment per diagnostic: a second pick replaces the first, a double click changes nothing', () => {
    const h = harness();
    const { person, result, offer } = picked(h);
    const again = h.coach.diagnosticChoice(person, offer.token, {}, slackReach(USER));
    expect(again.note).toMatch(/already picked this one/);
    const other = result.choices.filter((c) => c.button === 'Try this')[1];
    const replaced = h.coach.diagnosticChoice(person, other?.token, {}, slackReach(USER));
    expect(replaced.note).toMatch(/replaces the experiment you picked before/);
    expect(h.rows('SELECT experiment FROM followups')).toEqual([{ experiment: 'count-handoffs' }]);
  });

  it('refuses forged picks: not from my own latest result, someone else’s check-in, or nowhere to reach me', () => {
    const h = harness();
    const { screen } = picked(h);
    const stranger = h.person('stranger');
    // A stranger who never took the diagnostic cannot pick from it.
    expect(
      h.coach.diagnosticChoice(stranger, 'fu:pick:handovers:page-builders-office-hours', {}, slackReach('USTRANGER1'))
        .text,
    ).toMatch(/not one your latest \*\*Incident handovers\*\* result suggests/);
    // Nor change someone else's check-in.
    expect(
      h.coach.diagnosticChoice(stranger, choice(screen, 'Cancel the check-in').token, {}, slackReach('USTRANGER1'))
        .text,
    ).toMatch(/belongs to someone else/);
    // An experiment for an answer the person did not give weakly is not theirs to pick either.
    const strong = h.person('strong');
    takeDiagnostic(h, strong, 'handovers', 3);
    expect(
      h.coach.diagnosticChoice(strong, 'fu:pick:handovers:count-handoffs', {}, slackReach('USTRONG01')).text,
    ).toMatch(/not one your latest/);
    // Slack or Teams without an address (a click somewhere the bot cannot message back).
    const weak = h.person('weak');
    const result = takeDiagnostic(h, weak, 'handovers', 0);
    const offer = result.choices.find((c) => c.button === 'Try this');
    expect(h.coach.diagnosticChoice(weak, offer?.token, {}, { platform: 'teams' }).text).toMatch(
      /private conversation/,
    );
    expect(h.coach.diagnosticChoice(weak, 'fu:pick:handovers:<script>').text).toMatch(/not one I recognise/);
    expect(h.rows('SELECT COUNT(*) AS n FROM followups')).toEqual([{ n: 1 }]);
  });
});

describe('check-ins', () => {
  it('sends the check-in once when it falls due, after which no address is kept', async () => {
    const h = harness();
    picked(h);
    const sender = new RecordingCheckinSender();
    // Sealed while it waits: the database never holds the raw user id.
    expect(h.rows('SELECT address FROM followups')[0]?.address).toBeTruthy();
    expect(findLeaks(h.db, [USER])).toEqual([]);
    h.at('2026-03-15T18:00:00Z');
    expect((await scheduler(h, sender).runOnce()).sent).toBe(0);
    h.at('2026-03-16T08:30:00Z'); // the due day, before the organisation's morning
    expect((await scheduler(h, sender).runOnce()).sent).toBe(0);
    h.at('2026-03-16T09:05:00Z');
    expect(await scheduler(h, sender).runOnce()).toEqual({ sent: 1, gone: 0, failed: 0, dropped: 0 });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]?.address).toBe(USER);
    const checkin = sender.sent[0]?.checkin as DiagnosticReply;
    expect(checkin.stage).toBe('checkin');
    expect(checkin.text).toMatch(/How did it go\?/);
    expect(checkin.choices.map((c) => c.label)).toEqual([
      'Tried it: it helped',
      'Tried it: no change',
      'Tried it: it made things worse',
      'Not yet',
    ]);
    // Run again, and again the next day: nothing more.
    expect((await scheduler(h, sender).runOnce()).sent).toBe(0);
    h.advance(DAY);
    expect((await scheduler(h, sender).runOnce()).sent).toBe(0);
    expect(sender.sent).toHaveLength(1);
    expect(h.rows('SELECT status, address FROM followups')).toEqual([{ status: 'asked', address: null }]);
    expect(await metric(h, 'opscoach_checkins_total{platform="slack",outcome="sent"}')).toBe(1);
  });

  it('catches up after downtime and never sends twice from two processes at once', async () => {
    const h = harness();
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) picked(h, name, `U${name.toUpperCase()}00000`);
    // The bot was down over the due day; both replicas come back at once.
    h.at('2026-03-20T12:00:00Z');
    const other = h.another();
    try {
      const first = new RecordingCheckinSender();
      const second = new RecordingCheckinSender();
      const [x, y] = await Promise.all([scheduler(h, first).runOnce(), scheduler(h, second, other).runOnce()]);
      expect(x.sent + y.sent).toBe(6);
      const addresses = [...first.sent, ...second.sent].map((s) => s.address).sort();
      expect(addresses).toEqual(['UA00000', 'UB00000', 'UC00000', 'UD00000', 'UE00000', 'UF00000']);
    } finally {
      other.close();
    }
  });

  it('drops a person who left, quietly and counted, and gives up on a failing send after three tries', async () => {
    const h = harness();
    picked(h, 'leaver', 'ULEAVER01');
    picked(h, 'flaky', 'UFLAKY001');
    h.at('2026-03-16T10:00:00Z');
    const sender = new RecordingCheckinSender();
    sender.gone.add('ULEAVER01');
    sender.failing = true;
    const first = await scheduler(h, sender).runOnce();
    expect(first).toEqual({ sent: 0, gone: 1, failed: 1, dropped: 0 });
    expect((await scheduler(h, sender).runOnce()).failed).toBe(1);
    expect((await scheduler(h, sender).runOnce()).dropped).toBe(1);
    expect((await scheduler(h, sender).runOnce()).dropped).toBe(0);
    expect(h.rows('SELECT status, address FROM followups ORDER BY status')).toEqual([
      { status: 'dropped', address: null },
      { status: 'dropped', address: null },
    ]);
    expect(await metric(h, 'opscoach_checkins_total{platform="slack",outcome="gone"}')).toBe(1);
    expect(await metric(h, 'opscoach_checkins_total{platform="slack",outcome="failed"}')).toBe(2);
    expect(await metric(h, 'opscoach_checkins_total{platform="slack",outcome="dropped"}')).toBe(1);
  });

  it('drops a send interrupted mid-way (it may have gone out) rather than risk a second message', async () => {
    const h = harness();
    picked(h);
    h.at('2026-03-16T10:00:00Z');
    const [due] = h.runtime.followups.due(['slack']);
    expect(h.runtime.followups.claim(due as never)).toBeDefined(); // the process dies here
    h.advance(3 * 3_600_000);
    h.restart();
    const sender = new RecordingCheckinSender();
    expect((await scheduler(h, sender).runOnce()).sent).toBe(0);
    expect(h.rows('SELECT status, address FROM followups')).toEqual([{ status: 'dropped', address: null }]);
  });

  it('cannot read an address sealed under a rotated secret: the check-in is dropped, not guessed', async () => {
    const h = harness({ OPSCOACH_PSEUDONYM_SECRET: 'first-secret-0123456789' });
    picked(h);
    h.at('2026-03-16T10:00:00Z');
    h.restart({ OPSCOACH_PSEUDONYM_SECRET: 'second-secret-0123456789' });
    const sender = new RecordingCheckinSender();
    expect(await scheduler(h, sender).runOnce()).toMatchObject({ sent: 0, dropped: 1 });
    expect(sender.sent).toEqual([]);
  });

  it('records the answer and a scrubbed comment, and offers to retake the diagnostic', async () => {
    const h = harness();
    const { person } = picked(h);
    h.at('2026-03-16T10:00:00Z');
    const sender = new RecordingCheckinSender();
    await scheduler(h, sender).runOnce();
    const checkin = sender.sent[0]?.checkin as DiagnosticReply;
    const answered = h.coach.diagnosticChoice(
      person,
      choice(checkin, 'Tried it: it helped').token,
      {},
      slackReach(USER),
    );
    expect(answered.text).toMatch(/noted “Tried it: it helped”/);
    expect(answered.acceptsComment).toBe(true);
    expect(choice(answered, 'Retake Incident handovers').token).toBe('dx:start:handovers');
    // A second click on the old message changes nothing.
    const twice = h.coach.diagnosticChoice(person, choice(checkin, 'Not yet').token, {}, slackReach(USER));
    expect(twice.note).toMatch(/earlier step/);
    const commented = h.coach.diagnosticComment(
      person,
      answered.sessionId ?? '',
      'Priya here: it helped, mail priya@acme.example or ring 07700 900123',
      ['Priya'],
    );
    expect(commented.note).toMatch(/Comment saved/);
    expect(h.rows('SELECT status, outcome, comment, answered_week FROM followups')).toEqual([
      {
        status: 'done',
        outcome: 'helped',
        comment: '[organisation] here: it helped, mail [email] or ring [phone]',
        answered_week: '2026-W12',
      },
    ]);
  });

  it('"Not yet" offers one reminder, and nobody is asked a third time', async () => {
    const h = harness();
    const { person } = picked(h);
    h.at('2026-03-16T10:00:00Z');
    const sender = new RecordingCheckinSender();
    await scheduler(h, sender).runOnce();
    const first = sender.sent[0]?.checkin as DiagnosticReply;
    const notYet = h.coach.diagnosticChoice(person, choice(first, 'Not yet').token, {}, slackReach(USER));
    expect(notYet.text).toMatch(/ask once more later\? Only once/);
    const reminder = h.coach.diagnosticChoice(
      person,
      choice(notYet, 'Ask me again in one week').token,
      {},
      slackReach(USER),
    );
    expect(reminder.text).toMatch(/once more on \*\*Monday 23 March\*\*/);
    h.at('2026-03-23T10:00:00Z');
    await scheduler(h, sender).runOnce();
    expect(sender.sent).toHaveLength(2);
    const second = sender.sent[1]?.checkin as DiagnosticReply;
    expect(second.text).toMatch(/the one reminder you asked for/);
    const stillNot = h.coach.diagnosticChoice(person, choice(second, 'Not yet').token, {}, slackReach(USER));
    expect(stillNot.text).toMatch(/won't ask about it again/);
    expect(stillNot.choices.map((c) => c.label)).not.toContain('Ask me again in one week');
    for (let week = 0; week < 6; week++) {
      h.advance(7 * DAY);
      await scheduler(h, sender).runOnce();
    }
    expect(sender.sent).toHaveLength(2);
    expect(h.rows('SELECT status, outcome, reminder, address FROM followups')).toEqual([
      { status: 'done', outcome: 'not-yet', reminder: 1, address: null },
    ]);
  });

  it('lets a new pick replace a waiting reminder, so the person is still asked only once more', async () => {
    const h = harness();
    const { person } = picked(h);
    h.at('2026-03-16T10:00:00Z');
    const sender = new RecordingCheckinSender();
    await scheduler(h, sender).runOnce();
    const notYet = h.coach.diagnosticChoice(
      person,
      choice(sender.sent[0]?.checkin as DiagnosticReply, 'Not yet').token,
      {},
      slackReach(USER),
    );
    h.coach.diagnosticChoice(person, choice(notYet, 'Ask me again in two weeks').token, {}, slackReach(USER));
    const again = takeDiagnostic(h, person, 'handovers', 0);
    h.coach.diagnosticChoice(person, choice(again, /Count the hand-offs/).token, {}, slackReach(USER));
    h.at('2026-03-30T10:00:00Z');
    await scheduler(h, sender).runOnce();
    expect(sender.sent).toHaveLength(2);
    const second = sender.sent[1]?.checkin.text ?? '';
    expect(second).toMatch(/Count the hand-offs/);
    expect(second).not.toMatch(/reminder/);
    expect(h.rows('SELECT experiment, status, outcome FROM followups ORDER BY picked_day')).toEqual([
      { experiment: 'page-builders-office-hours', status: 'done', outcome: 'not-yet' },
      { experiment: 'count-handoffs', status: 'asked', outcome: null },
    ]);
  });

  it('shows a terminal check-in once, in the next terminal session', () => {
    const h = harness();
    const person = h.person('terminal');
    const result = takeDiagnostic(h, person, 'releases', 0);
    h.coach.diagnosticChoice(
      person,
      result.choices.find((c) => c.button === 'Try this')?.token,
      {},
      {
        platform: 'terminal',
      },
    );
    expect(h.coach.checkinInTerminal(person)).toBeUndefined();
    h.at('2026-03-16T10:00:00Z');
    expect(h.coach.checkinInTerminal(person)?.text).toMatch(/How did it go\?/);
    expect(h.coach.checkinInTerminal(person)).toBeUndefined();
  });
});

describe('progress in results', () => {
  it('shows the person their scores over time and their experiments, and nobody else’s', async () => {
    const h = harness();
    const { person } = picked(h);
    picked(h, 'someone-else', 'UOTHER001');
    h.at('2026-03-16T10:00:00Z');
    const sender = new RecordingCheckinSender();
    await scheduler(h, sender).runOnce();
    const mine = sender.sent.find((s) => s.address === USER)?.checkin as DiagnosticReply;
    h.coach.diagnosticChoice(person, choice(mine, 'Tried it: it helped').token, {}, slackReach(USER));
    // Retaken two weeks after the pick: better answers this time.
    const retake = takeDiagnostic(h, person, 'handovers', 2);
    expect(retake.result?.score).toBe(67);
    const results = h.coach.results(person);
    expect(results.history).toEqual([
      {
        diagnostic: 'handovers',
        title: 'Incident handovers',
        points: [
          { week: '2026-W10', score: 0, profile: 'Pass the parcel' },
          { week: '2026-W12', score: 67, profile: 'Shared ownership' },
        ],
      },
    ]);
    expect(results.experiments).toEqual([
      {
        title: 'Page the building team first, in office hours, for one week',
        diagnostic: 'Incident handovers',
        picked: '2026-W10',
        status: 'tried it: it helped',
        scores: { before: 0, after: 67 },
      },
    ]);
    const theirs = h.coach.results(h.person('someone-else'));
    expect(theirs.experiments?.map((e) => e.status)).toEqual(['check-in sent, waiting for your answer']);
    expect(theirs.history).toBeUndefined();
  });
});
