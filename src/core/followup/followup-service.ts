import { randomBytes } from 'node:crypto';
import type { Cohort, CompletedDiagnostic, DiagnosticsService } from '../diagnostics/diagnostics-service.ts';
import { describeResult } from '../diagnostics/views.ts';
import { isoWeek } from '../diagnostics/week.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Pseudonymizer } from '../privacy/pseudonym.ts';
import { scrubText } from '../privacy/scrub.ts';
import type { Sealer } from '../privacy/sealed.ts';
import type { ArticleLink, DiagnosticChoice, DiagnosticReply, ExperimentOffer, ExperimentProgress } from '../reply.ts';
import type { FollowupRecord, FollowupStore, Outcome } from '../store/followup-store.ts';
import { currentHour, dayOf } from '../store/time.ts';
import type { ExperimentCatalogue } from './experiments.ts';
import { DEFAULT_WEEKS, dayAfter, describeDay, latestSendableDay, sendableDay } from './timing.ts';
import { type FollowupAction, followupToken, parseFollowupToken } from './tokens.ts';
import { followupViews, OUTCOME_LABELS, type ScreenContext } from './views.ts';

/**
 * How a person can be reached for a check-in: the platform and, for Slack and Teams, an address
 * the adapter understands (the core seals it and hands it back to that platform's sender, never
 * reads it). The terminal has no address: its check-ins are shown in the next terminal session.
 */
export interface Reach {
  platform: 'slack' | 'teams' | 'terminal';
  address?: string;
}

/** A pick is made from a result at most this many weeks old. */
const PICK_WEEKS = 2;
/** Offers on a result screen: enough to choose from, few enough to read. */
const MAX_OFFERS = 3;
const MAX_COMMENT = 1000;

export interface FollowupDeps {
  store: FollowupStore;
  experiments: ExperimentCatalogue;
  diagnostics: DiagnosticsService;
  knowledge: KnowledgeBase;
  pseudonyms: Pseudonymizer;
  sealer: Sealer;
  now: () => Date;
  /** OPSCOACH_TIMEZONE: the organisation's clock, for when in the day check-ins go out. */
  timezone: string;
  minGroup: number;
  metrics?: Metrics;
}

/** A check-in due to be sent, with its address unsealed for the platform's sender. */
export interface DueCheckin {
  followup: FollowupRecord;
  address: string | undefined;
}

/**
 * The coach following up: experiments offered on a diagnostic's result, the one picked, the
 * check-in weeks later (and at most one reminder), and retakes. People arrive as pseudonyms and
 * are stored under a follow-up pseudonym of their own; a platform address is kept, sealed, only
 * while a message waits to be sent.
 */
export class FollowupService {
  constructor(private readonly deps: FollowupDeps) {}

  /** The follow-up pseudonym: unlinkable in the database to the person's other rows. */
  private key(person: string): string {
    return this.deps.pseudonyms.key('followup', person);
  }

  /**
   * Adds the experiments for a result's weakest answers to a diagnostic's result screen, as
   * buttons (numbers in the terminal) to pick one from. Other screens pass through unchanged.
   */
  offer(person: string, reply: DiagnosticReply): DiagnosticReply {
    if (reply.stage !== 'result' || !reply.result) return reply;
    const latest = this.deps.diagnostics.latest(person, reply.result.diagnostic, 1);
    if (!latest) return reply;
    const offers = this.offers(
      reply.result.diagnostic,
      latest.score.weakest.map((w) => w.question.id),
    );
    if (offers.length === 0) return reply;
    const diagnostic = reply.result.diagnostic;
    const experiments = offers.map((o) => ({ ...o, token: followupToken.pick(diagnostic, o.id) }));
    const choices: DiagnosticChoice[] = experiments.map((o) => ({
      label: o.title,
      token: o.token,
      style: 'option',
      button: 'Try this',
    }));
    const result = { ...reply.result, experiments };
    return { ...reply, result, text: describeResult(result), choices: [...choices, ...reply.choices] };
  }

  /** Up to three experiments: the first for each weak answer, worst first, then the second ones. */
  private offers(diagnostic: string, weakQuestions: readonly string[]): ExperimentOffer[] {
    const lists = weakQuestions.map((q) => this.deps.experiments.forQuestion(diagnostic, q));
    const picked: ExperimentOffer[] = [];
    for (let round = 0; round < 3 && picked.length < MAX_OFFERS; round++) {
      for (const list of lists) {
        const e = list[round];
        const article = e ? this.article(e.article) : undefined;
        if (e && article && picked.length < MAX_OFFERS)
          picked.push({ id: e.id, title: e.title, text: e.text, article });
      }
    }
    return picked;
  }

  /** Whether an id names a follow-up (comments are routed by the id their screen carries). */
  has(id: string): boolean {
    return this.deps.store.get(id) !== undefined;
  }

  /** A follow-up button: pick an experiment, change or cancel the check-in, answer it. */
  choose(person: string, raw: unknown, reach: Reach | undefined, cohort: Cohort = {}): DiagnosticReply {
    const parsed = parseFollowupToken(raw);
    if (!parsed) return this.notice('That button is not one I recognise; take a diagnostic to pick an experiment.');
    if (parsed.kind === 'pick') return this.pick(person, parsed.diagnostic, parsed.experiment, reach, cohort);
    const f = this.deps.store.get(parsed.followup);
    if (!f) return this.notice('That check-in is no longer available.');
    if (f.person !== this.key(person)) return this.notice('That check-in belongs to someone else.');
    return this.act(f, parsed.action, reach);
  }

  /** The optional comment after answering a check-in; scrubbed like diagnostic comments. */
  comment(person: string, id: string, text: string, ownNames: readonly string[] = []): DiagnosticReply {
    const f = this.deps.store.get(id);
    if (!f || f.person !== this.key(person)) return this.notice('That check-in is no longer available.');
    if (!f.outcome || f.comment !== undefined || !['done', 'deciding'].includes(f.status)) {
      return this.screen(f, 'There is no comment to add at this point.');
    }
    const scrubbed = scrubText(text, ownNames).slice(0, MAX_COMMENT);
    if (scrubbed) this.deps.store.move(f.id, [f.status], { comment: scrubbed, week: isoWeek(this.deps.now()) });
    const latest = this.deps.store.get(f.id) ?? f;
    return followupViews.answered(
      this.context(latest, scrubbed ? 'Comment saved, thank you.' : undefined),
      false,
      this.deps.minGroup,
    );
  }

  /** A retake of a diagnostic after an experiment was picked: its score goes with the follow-up. */
  recordRetake(completed: CompletedDiagnostic): void {
    this.deps.store.recordRetake(this.key(completed.person), completed.diagnostic, completed.week, completed.score);
  }

  /** The person's own experiments, newest first, for `results`. */
  progress(person: string): ExperimentProgress[] {
    return this.deps.store.byPerson(this.key(person), 10).map((f) => ({
      title: this.deps.experiments.get(f.experiment)?.title ?? f.experiment,
      diagnostic: this.deps.diagnostics.find(f.diagnostic)?.title ?? f.diagnostic,
      picked: f.pickedWeek,
      status: this.statusInWords(f),
      scores:
        f.scoreBefore !== undefined || f.scoreAfter !== undefined
          ? { before: f.scoreBefore, after: f.retakenWeek ? f.scoreAfter : undefined }
          : undefined,
    }));
  }

  /**
   * A terminal person's due check-in, shown in their next terminal session (the terminal has no
   * direct messages). Claimed like any send, so it is shown once.
   */
  dueInTerminal(person: string): DiagnosticReply | undefined {
    const day = sendableDay(this.deps.now(), this.deps.timezone);
    const f = this.deps.store.due(day, ['terminal']).find((x) => x.person === this.key(person));
    if (!f || !this.deps.store.move(f.id, ['waiting'], { status: 'asked', dueDay: null }, f.attempts)) return undefined;
    this.deps.metrics?.checkins.inc({ platform: 'terminal', outcome: 'sent' });
    return followupViews.question(this.context({ ...f, status: 'asked' }));
  }

  // --- What the check-in scheduler uses -------------------------------------------------------

  /** Check-ins due now on these platforms, oldest first. */
  due(platforms: readonly string[]): FollowupRecord[] {
    const now = this.deps.now();
    // Asking first whether anything could be due spares a bot with nothing waiting the time-zone
    // tables: the first Intl.DateTimeFormat reads about 5 MB of ICU data into memory, for good.
    if (this.deps.store.due(latestSendableDay(now), platforms, 1).length === 0) return [];
    return this.deps.store.due(sendableDay(now, this.deps.timezone), platforms);
  }

  /** Claims a due check-in before it is sent: false if another process or run has it, or it changed. */
  claim(f: FollowupRecord): DueCheckin | undefined {
    const claimed = this.deps.store.move(
      f.id,
      ['waiting'],
      { status: 'sending', attempts: f.attempts + 1, claimedHour: currentHour(this.deps.now()) },
      f.attempts,
    );
    if (!claimed) return undefined;
    return {
      followup: { ...f, status: 'sending', attempts: f.attempts + 1 },
      address: f.address && this.deps.sealer.open(f.address),
    };
  }

  /** The check-in as the person will see it. */
  checkin(f: FollowupRecord): DiagnosticReply {
    return followupViews.question(this.context(f));
  }

  /** Sent: the address is no longer needed and goes. */
  sent(f: FollowupRecord): void {
    this.deps.store.move(f.id, ['sending'], { status: 'asked', dueDay: null });
  }

  /** The person cannot be reached (left, blocked the app, address unreadable): dropped, address gone. */
  drop(f: FollowupRecord): void {
    this.deps.store.move(f.id, ['sending', 'waiting'], { status: 'dropped', dueDay: null });
  }

  /** A send failed: tried again on a later run, until the attempts run out; then dropped. */
  failed(f: FollowupRecord, maxAttempts: number): 'retry' | 'dropped' {
    if (f.attempts >= maxAttempts) {
      this.drop(f);
      return 'dropped';
    }
    this.deps.store.move(f.id, ['sending'], { status: 'waiting' });
    return 'retry';
  }

  /**
   * Housekeeping: follow-ups past retention go with everything in them; a send that was claimed
   * over an hour ago and never finished is dropped (it may have gone out: never risk a second).
   */
  housekeeping(cutOffDay: string): number {
    const dropped = this.deps.store.housekeeping(cutOffDay, currentHour(this.deps.now()) - 1);
    if (dropped > 0) this.deps.metrics?.checkins.inc({ platform: 'any', outcome: 'dropped' }, dropped);
    return dropped;
  }

  // --- Inside -----------------------------------------------------------------------------------

  private pick(
    person: string,
    diagnostic: string,
    experimentId: string,
    reach: Reach | undefined,
    cohort: Cohort,
  ): DiagnosticReply {
    const e = this.deps.experiments.get(experimentId);
    const d = this.deps.diagnostics.find(diagnostic);
    if (!e || !d || e.diagnostic !== d.id)
      return this.notice('That experiment is no longer offered; take the diagnostic again to see what is.');
    const latest = this.deps.diagnostics.latest(person, d.id, PICK_WEEKS);
    if (!latest?.score.weakest.some((w) => w.question.id === e.question)) {
      return this.notice(
        `That experiment is not one your latest **${d.title}** result suggests; take it again to see what is.`,
      );
    }
    if (!reach || (reach.platform !== 'terminal' && !reach.address)) {
      return this.notice(
        'I can only check in on an experiment picked in our private conversation; open your result there and pick it again.',
      );
    }
    const key = this.key(person);
    const address = reach.address ? this.deps.sealer.seal(reach.address) : undefined;
    let existing = this.deps.store.waiting(key, d.id);
    if (existing?.reminder) {
      // A reminder about an earlier experiment gives way to the new pick: its "not yet" stands.
      this.deps.store.move(existing.id, ['waiting'], { status: 'done', dueDay: null });
      existing = undefined;
    }
    if (existing) {
      // One experiment per diagnostic at a time: a new pick replaces the waiting one, same check-in day.
      if (existing.experiment === e.id) return this.screen(existing, 'You already picked this one.');
      this.deps.store.move(existing.id, ['waiting'], {
        experiment: e.id,
        question: e.question,
        kind: e.kind,
        week: isoWeek(this.deps.now()),
        ...(address ? { address } : {}),
      });
      return this.screen(
        this.deps.store.get(existing.id) ?? existing,
        'Changed: this replaces the experiment you picked before.',
      );
    }
    const now = this.deps.now();
    const today = dayOf(now);
    const f: FollowupRecord = {
      id: randomBytes(12).toString('base64url'),
      person: key,
      workspace: cohort.workspace,
      diagnostic: d.id,
      question: e.question,
      experiment: e.id,
      kind: e.kind,
      scoreBefore: latest.score.score,
      pickedWeek: isoWeek(now),
      pickedDay: today,
      weeks: DEFAULT_WEEKS,
      dueDay: dayAfter(today, DEFAULT_WEEKS),
      status: 'waiting',
      reminder: false,
      attempts: 0,
      platform: reach.platform,
      address,
    };
    if (!this.deps.store.create(f)) {
      // A double click created one a moment ago: show that one.
      const other = this.deps.store.waiting(key, d.id);
      return other ? this.screen(other) : this.notice('That did not work; please pick again.');
    }
    return this.screen(f);
  }

  private act(f: FollowupRecord, action: FollowupAction, reach: Reach | undefined): DiagnosticReply {
    const week = isoWeek(this.deps.now());
    const moved = (ok: boolean) =>
      this.screen(
        this.deps.store.get(f.id) ?? f,
        ok ? undefined : 'That was already done; here is where things stand.',
      );
    switch (action) {
      case 'w1':
      case 'w2':
      case 'w3':
      case 'w4': {
        if (f.status !== 'waiting' || f.reminder) break;
        const weeks = Number(action.slice(1));
        return moved(this.deps.store.move(f.id, ['waiting'], { weeks, dueDay: dayAfter(f.pickedDay, weeks) }));
      }
      case 'cancel':
        if (f.status !== 'waiting') break;
        if (f.reminder) {
          // Cancelling the one reminder leaves the earlier "not yet" as the answer.
          return moved(this.deps.store.move(f.id, ['waiting'], { status: 'done', dueDay: null }));
        }
        return moved(this.deps.store.move(f.id, ['waiting'], { status: 'cancelled', dueDay: null, week }));
      case 'helped':
      case 'no-change':
      case 'worse':
      case 'not-yet': {
        if (f.status !== 'asked' && f.status !== 'deciding') break;
        // "Not yet" leads to the one reminder, unless this was it: nobody is asked a third time.
        const status = action === 'not-yet' && !f.reminder && f.status === 'asked' ? 'deciding' : 'done';
        return moved(
          this.deps.store.move(f.id, [f.status], { status, outcome: action as Outcome, answeredWeek: week, week }),
        );
      }
      case 'r1':
      case 'r2': {
        if (f.status !== 'deciding' || f.reminder) break;
        if (!reach || (reach.platform !== 'terminal' && !reach.address)) {
          return this.screen(f, 'I can only send the reminder to our private conversation; answer there.');
        }
        return moved(
          this.deps.store.move(f.id, ['deciding'], {
            status: 'waiting',
            reminder: true,
            attempts: 0,
            platform: reach.platform,
            dueDay: dayAfter(dayOf(this.deps.now()), Number(action.slice(1))),
            address: reach.address ? this.deps.sealer.seal(reach.address) : null,
          }),
        );
      }
      case 'no-reminder':
        if (f.status !== 'deciding') break;
        return moved(this.deps.store.move(f.id, ['deciding'], { status: 'done' }));
      case 'finish':
        if (f.status !== 'done' && f.status !== 'deciding') break;
        return followupViews.answered(this.context(f), false, this.deps.minGroup);
    }
    return this.screen(f, 'That button is from an earlier step; here is where things stand.');
  }

  /** The screen for wherever a follow-up is now. */
  private screen(f: FollowupRecord, note?: string): DiagnosticReply {
    const c = this.context(f, note);
    switch (f.status) {
      case 'waiting':
      case 'sending':
        return followupViews.scheduled(c);
      case 'cancelled':
      case 'dropped':
        return followupViews.cancelled(c);
      case 'asked':
        return followupViews.question(c);
      case 'deciding':
        return followupViews.offerReminder(c);
      case 'done':
        return followupViews.answered(c, f.comment === undefined && f.outcome !== undefined, this.deps.minGroup);
    }
  }

  private context(f: FollowupRecord, note?: string): ScreenContext {
    const experiment = this.deps.experiments.get(f.experiment);
    return {
      f,
      experiment,
      article: experiment ? this.article(experiment.article) : undefined,
      diagnosticTitle: this.deps.diagnostics.find(f.diagnostic)?.title ?? f.diagnostic,
      note,
    };
  }

  private article(id: string): ArticleLink | undefined {
    const a = this.deps.knowledge.article(id);
    return a ? { id: a.id, title: a.title, url: a.url } : undefined;
  }

  private notice(text: string): DiagnosticReply {
    return { kind: 'diagnostic', title: 'Experiments', stage: 'unavailable', text, choices: [] };
  }

  private statusInWords(f: FollowupRecord): string {
    switch (f.status) {
      case 'waiting':
      case 'sending':
        return f.reminder
          ? `not tried yet; one reminder due ${f.dueDay ? describeDay(f.dueDay) : 'soon'}`
          : `check-in due ${f.dueDay ? describeDay(f.dueDay) : 'soon'}`;
      case 'asked':
        return 'check-in sent, waiting for your answer';
      case 'deciding':
      case 'done':
        return f.outcome
          ? OUTCOME_LABELS[f.outcome].replace(/^Tried it: /, 'tried it: ').replace(/^Not yet$/, 'not tried')
          : 'done';
      case 'cancelled':
        return 'check-in cancelled';
      case 'dropped':
        return 'check-in could not be delivered';
    }
  }
}
