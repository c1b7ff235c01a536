import { randomBytes } from 'node:crypto';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { MAX_COMMENT_CHARS } from '../limits.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { storableLabel } from '../privacy/labels.ts';
import type { Pseudonymizer } from '../privacy/pseudonym.ts';
import { scrubText } from '../privacy/scrub.ts';
import type { DiagnosticReply, ResultsReply, ScoreHistory } from '../reply.ts';
import type { DiagnosticSessionStore, SessionRecord } from '../store/diagnostic-session-store.ts';
import type { PersonStore } from '../store/person-store.ts';
import type { ResponseStore } from '../store/response-store.ts';
import { dayOf, hourAfter } from '../store/time.ts';
import type { Diagnostic, DiagnosticCatalogue } from './definition.ts';
import { NOT_SURE, type Score, SKIPPED, scoreAnswers } from './scoring.ts';
import { parseToken, type StageLetter, token } from './tokens.ts';
import { DiagnosticViews } from './views.ts';
import { isoWeek, recentWeeks } from './week.ts';

/** A diagnostic left alone this long has gone stale. */
export const SESSION_TTL_MS = 24 * 3_600_000;
const STAGE_OF: Record<StageLetter, SessionRecord['stage']> = {
  n: 'notice',
  c: 'context',
  k: 'consent',
  q: 'question',
  m: 'comment',
};

/** Where a diagnostic was started: the workspace always, the channel or team only if offered. */
export interface Cohort {
  workspace?: string;
  channel?: string;
}

export interface DiagnosticsDeps {
  catalogue: DiagnosticCatalogue;
  knowledge: KnowledgeBase;
  sessions: DiagnosticSessionStore;
  people: PersonStore;
  responses: ResponseStore;
  pseudonyms: Pseudonymizer;
  now: () => Date;
  /** Runs work in one database transaction, so finishing a diagnostic is all-or-nothing. */
  atomically: <T>(work: () => T) => T;
  /** OPSCOACH_MIN_GROUP, quoted to people on screen. */
  minGroup: number;
  metrics?: Metrics;
  /** Told of every completed diagnostic, inside the transaction that saves it (follow-ups record retakes). */
  onComplete?: (completed: CompletedDiagnostic) => void;
}

/** A diagnostic just completed: whose, which, its score (if it had one) and its ISO week. */
export interface CompletedDiagnostic {
  person: string;
  diagnostic: string;
  score?: number;
  week: string;
}

/**
 * Diagnostics as a persisted state machine: notice -> context -> consent -> questions -> comment
 * -> done. Every move names the stage and step it comes from, so doubled, stale, out-of-order or
 * forged clicks change nothing and get a friendly note. Platform-neutral: people and cohorts
 * arrive as pseudonyms, screens leave as DiagnosticReply.
 */
export class DiagnosticsService {
  private readonly views: DiagnosticViews;
  private readonly byId: ReadonlyMap<string, Diagnostic>;

  constructor(private readonly deps: DiagnosticsDeps) {
    this.views = new DiagnosticViews(deps.catalogue.context, deps.knowledge, deps.minGroup);
    this.byId = new Map(deps.catalogue.diagnostics.map((d) => [d.id, d]));
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.deps.catalogue.diagnostics;
  }

  menu(note?: string): DiagnosticReply {
    return this.views.menu(this.diagnostics, note);
  }

  /** A diagnostic by id or by one of its aliases ("incidents", "deploys"). */
  find(name: string | undefined): Diagnostic | undefined {
    if (!name) return undefined;
    const wanted = name.toLowerCase();
    return this.byId.get(wanted) ?? this.diagnostics.find((d) => d.aliases.includes(wanted));
  }

  /** Starts a diagnostic, or offers to resume the one the person already has in progress. */
  start(person: string, diagnosticId: string | undefined, cohort: Cohort = {}): DiagnosticReply {
    const d = this.find(diagnosticId);
    if (!d) return this.menu(diagnosticId ? `I don't know a diagnostic called “${diagnosticId}”.` : undefined);
    const now = this.deps.now();
    const active = this.deps.sessions.active(person, d.id, now);
    if (active) return this.views.resume(d, active);
    const session: SessionRecord = {
      id: randomBytes(9).toString('base64url'),
      person,
      diagnostic: d.id,
      version: d.version,
      stage: 'question',
      step: 0,
      answers: {},
      workspace: cohort.workspace,
      // A place's name is stored only if it names nobody (no group DM's handles, no address).
      channel: storableLabel(cohort.channel),
      expiresHour: hourAfter(now, SESSION_TTL_MS),
    };
    Object.assign(session, this.firstStage(session));
    if (!this.deps.sessions.create(session)) {
      // Another request (a double click) created one a moment ago: show that one.
      const existing = this.deps.sessions.active(person, d.id, now);
      return existing ? this.views.current(d, existing) : this.menu();
    }
    this.deps.metrics?.diagnosticsStarted.inc({ diagnostic: d.id });
    return this.views.current(d, session);
  }

  /** Handles a button press, identified by the token the core issued for it. */
  choose(person: string, raw: unknown, cohort: Cohort = {}): DiagnosticReply {
    const parsed = parseToken(raw);
    if (!parsed) return this.menu('That button is not one I recognise; pick a diagnostic to start again.');
    if (parsed.kind === 'start') return this.start(person, parsed.diagnostic, cohort);
    const loaded = this.load(person, parsed.session);
    if ('reply' in loaded) return loaded.reply;
    const { d, session } = loaded;
    if (parsed.kind === 'resume') return this.views.current(d, session);
    if (parsed.kind === 'restart') {
      this.moveTo(session, { stage: 'cancelled' });
      return this.start(person, d.id, { workspace: session.workspace, channel: session.channel });
    }
    if (STAGE_OF[parsed.stage] !== session.stage || parsed.step !== session.step) {
      return this.views.current(d, session, 'You already answered that one; here is where you are now.');
    }
    return this.act(d, session, parsed.action);
  }

  /** The optional comment at the end, typed or entered in a form; then the result. */
  comment(person: string, sessionId: string, text: string, ownNames: readonly string[] = []): DiagnosticReply {
    const loaded = this.load(person, sessionId);
    if ('reply' in loaded) return loaded.reply;
    const { d, session } = loaded;
    if (session.stage !== 'comment') return this.views.current(d, session, 'There is no comment to add at this point.');
    const scrubbed = scrubText(text, ownNames, MAX_COMMENT_CHARS);
    return this.complete(d, session, scrubbed || undefined);
  }

  /** The person's own latest result for each diagnostic, from the last six months. */
  results(person: string): ResultsReply {
    const now = this.deps.now();
    const weeks = recentWeeks(now, 26);
    const keys = this.diagnostics.flatMap((d) => weeks.map((w) => this.respondentKey(person, d.id, w)));
    const latest = new Map<string, ReturnType<ResponseStore['byRespondents']>[number]>();
    for (const row of this.deps.responses.byRespondents(keys))
      if (!latest.has(row.diagnostic)) latest.set(row.diagnostic, row);
    const results = [...latest.values()].flatMap((row) => {
      const d = this.byId.get(row.diagnostic);
      return d ? [this.views.resultView(d, scoreAnswers(d, row.answers), row.week)] : [];
    });
    return {
      kind: 'results',
      results,
      choices: this.diagnostics.map((d) => ({ label: d.title, token: token.start(d.id), style: 'primary' })),
    };
  }

  /** The person's latest result for one diagnostic within the last `weeks` weeks, scored. */
  latest(person: string, diagnosticId: string, weeks: number): { week: string; score: Score } | undefined {
    const d = this.byId.get(diagnosticId);
    if (!d) return undefined;
    const keys = recentWeeks(this.deps.now(), weeks).map((w) => this.respondentKey(person, d.id, w));
    const row = this.deps.responses.byRespondents(keys)[0];
    return row ? { week: row.week, score: scoreAnswers(d, row.answers) } : undefined;
  }

  /** The person's own scores over the last six months, per diagnostic answered more than once, oldest first. */
  history(person: string): ScoreHistory[] {
    const weeks = recentWeeks(this.deps.now(), 26);
    return this.diagnostics.flatMap((d) => {
      const rows = this.deps.responses.byRespondents(weeks.map((w) => this.respondentKey(person, d.id, w)));
      if (rows.length < 2) return [];
      const points = rows
        .map((row) => ({
          week: row.week,
          score: row.score ?? undefined,
          profile: d.profiles.find((p) => p.id === row.profile)?.name,
        }))
        .reverse();
      return [{ diagnostic: d.id, title: d.title, points }];
    });
  }

  private act(d: Diagnostic, session: SessionRecord, action: string): DiagnosticReply {
    if (action === 'cancel') return this.moveTo(session, { stage: 'cancelled' }, d);
    switch (session.stage) {
      case 'notice':
        if (action !== 'ok') break;
        this.deps.people.markNoticeSeen(session.person);
        return this.moveTo(session, this.afterNotice(session), d);
      case 'context': {
        const question = this.deps.catalogue.context.questions[session.step];
        if (!question || (action !== 'skip' && !question.options.some((o) => o.code === action))) break;
        const last = session.step === this.deps.catalogue.context.questions.length - 1;
        this.deps.people.setContext(session.person, question.id, action === 'skip' ? undefined : action, last);
        return this.moveTo(
          session,
          last ? this.afterContext(session) : { stage: 'context', step: session.step + 1 },
          d,
        );
      }
      case 'consent':
        if (action !== 'yes' && action !== 'no') break;
        return this.moveTo(session, { stage: 'question', step: 0, channelConsent: action === 'yes' }, d);
      case 'question': {
        const question = d.questions[session.step];
        if (!question) break;
        if (action === 'back') return this.moveTo(session, { step: Math.max(0, session.step - 1) }, d);
        const valid = action === NOT_SURE || action === 'skip' || question.options.some((o) => o.code === action);
        if (!valid) break;
        const answers = { ...session.answers, [question.id]: action === 'skip' ? SKIPPED : action };
        const last = session.step === d.questions.length - 1;
        return this.moveTo(
          session,
          last ? { stage: 'comment', step: 0, answers } : { step: session.step + 1, answers },
          d,
        );
      }
      case 'comment':
        if (action === 'back') return this.moveTo(session, { stage: 'question', step: d.questions.length - 1 }, d);
        if (action === 'finish') return this.complete(d, session, undefined);
        break;
      default:
        break;
    }
    return this.views.current(d, session, "I didn't recognise that answer; please use one of these buttons.");
  }

  /** Scores, logs the pseudonymised response (replacing one from the same week) and shows the result. */
  private complete(d: Diagnostic, session: SessionRecord, comment: string | undefined): DiagnosticReply {
    const now = this.deps.now();
    // The answers now live in the response (under a weekly key); the session keeps none of them.
    const done: SessionRecord = {
      ...session,
      stage: 'done',
      step: 0,
      answers: {},
      expiresHour: hourAfter(now, SESSION_TTL_MS),
    };
    const score = scoreAnswers(d, session.answers);
    const week = isoWeek(now);
    // Marking the session done and saving the response commit together: a crash between them
    // would otherwise leave a finished session with no response (lost) or the reverse (a retry
    // saving it twice).
    const saved = this.deps.atomically(() => {
      if (!this.deps.sessions.advance(session, done)) return false;
      this.save(d, session, score, now, week, comment);
      this.deps.onComplete?.({ person: session.person, diagnostic: d.id, score: score.score, week });
      return true;
    });
    if (!saved) {
      const latest = this.deps.sessions.get(session.id) ?? session;
      return this.views.current(d, latest, 'That was already saved.');
    }
    this.deps.metrics?.diagnosticsCompleted.inc({ diagnostic: d.id });
    return this.views.result(d, score, week);
  }

  private save(
    d: Diagnostic,
    session: SessionRecord,
    score: ReturnType<typeof scoreAnswers>,
    now: Date,
    week: string,
    comment: string | undefined,
  ): void {
    const person = this.deps.people.get(session.person);
    this.deps.responses.save({
      respondent: this.respondentKey(session.person, d.id, week),
      diagnostic: d.id,
      version: d.version,
      week,
      day: dayOf(now),
      score: score.score,
      profile: score.profile?.id,
      role: person.role,
      sourcing: person.sourcing,
      workspace: session.workspace,
      channel: session.channelConsent ? session.channel : undefined,
      comment,
      answers: d.questions.map((q) => {
        const code = session.answers[q.id] ?? SKIPPED;
        return { question: q.id, option: code, score: q.options.find((o) => o.code === code)?.score };
      }),
    });
  }

  /** The respondent key of a response: keyed on person, diagnostic and week, so a repeat in the same week replaces. */
  private respondentKey(person: string, diagnostic: string, week: string): string {
    return this.deps.pseudonyms.key('response', `${person}|${diagnostic}|${week}`);
  }

  private load(
    person: string,
    sessionId: string,
  ): { d: Diagnostic; session: SessionRecord } | { reply: DiagnosticReply } {
    const session = this.deps.sessions.get(sessionId);
    const d = session ? this.byId.get(session.diagnostic) : undefined;
    if (!session || !d) return { reply: this.menu('That diagnostic is no longer available; pick one to start again.') };
    if (session.person !== person) {
      return { reply: this.menu('That diagnostic belongs to someone else; start your own here.') };
    }
    if (session.version !== d.version) {
      this.moveTo(session, { stage: 'cancelled' });
      return { reply: this.menu(`**${d.title}** has been updated since you started it; please start again.`) };
    }
    const stale = session.expiresHour < Math.floor(this.deps.now().getTime() / 3_600_000);
    if (stale && !['done', 'cancelled', 'expired'].includes(session.stage)) {
      this.moveTo(session, { stage: 'expired' });
      return { reply: this.views.current(d, { ...session, stage: 'expired' }) };
    }
    if (session.stage === 'done') {
      return {
        reply: this.views.current(d, session, 'You have already finished this one; your result is under `results`.'),
      };
    }
    return { d, session };
  }

  /**
   * Moves the session from exactly where it is; when that fails (a double click got there first)
   * shows wherever it is now. Every move refreshes the 24-hour expiry.
   */
  private moveTo(session: SessionRecord, change: Partial<SessionRecord>, d?: Diagnostic): DiagnosticReply {
    const next: SessionRecord = { ...session, ...change, expiresHour: hourAfter(this.deps.now(), SESSION_TTL_MS) };
    // A diagnostic that ended without a result forgets the answers given so far.
    if (next.stage === 'cancelled' || next.stage === 'expired') next.answers = {};
    const moved = this.deps.sessions.advance(session, next);
    const diagnostic = d ?? this.byId.get(session.diagnostic);
    if (!diagnostic) return this.menu();
    if (!moved) {
      const latest = this.deps.sessions.get(session.id) ?? session;
      return this.views.current(diagnostic, latest, 'You already answered that one; here is where you are now.');
    }
    return this.views.current(diagnostic, next);
  }

  private firstStage(session: SessionRecord): Partial<SessionRecord> {
    const person = this.deps.people.get(session.person);
    if (!person.noticeSeen) return { stage: 'notice', step: 0 };
    return this.afterNotice(session);
  }

  private afterNotice(session: SessionRecord): Partial<SessionRecord> {
    if (!this.deps.people.get(session.person).contextAsked) return { stage: 'context', step: 0 };
    return this.afterContext(session);
  }

  private afterContext(session: SessionRecord): Partial<SessionRecord> {
    return session.channel ? { stage: 'consent', step: 0 } : { stage: 'question', step: 0 };
  }
}
