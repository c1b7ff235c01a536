import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Cohort } from '../../src/core/diagnostics/diagnostics-service.ts';
import type { CheckinOutcome, CheckinSender } from '../../src/core/followup/checkin-scheduler.ts';
import type { Reach } from '../../src/core/followup/followup-service.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import type { DiagnosticChoice, DiagnosticReply } from '../../src/core/reply.ts';
import type { FollowupStore } from '../../src/core/store/followup-store.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { tempDir, testConfig } from './runtime.ts';

export const DAY = 86_400_000;

/** Records each check-in it is asked to send; can be told a person is gone or that sending fails. */
export class RecordingCheckinSender implements CheckinSender {
  readonly sent: { address: string; checkin: DiagnosticReply }[] = [];
  readonly gone = new Set<string>();
  failing = false;
  async send(address: string, checkin: DiagnosticReply): Promise<CheckinOutcome> {
    if (this.gone.has(address)) return 'gone';
    if (this.failing) throw new Error('the platform answered 500');
    this.sent.push({ address, checkin });
    return 'sent';
  }
}

/** A runtime over a temporary database with a clock the test moves; restartable, like a process. */
export function followupHarness(env: Record<string, string> = {}, start = '2026-03-02T10:00:00Z') {
  const dir = tempDir();
  const db = join(dir.path, 'followup.db');
  let now = new Date(start);
  const open = (extra: Record<string, string> = {}) =>
    CoachRuntime.create(testConfig(db, { ...env, ...extra }), silentLogger, { now: () => now });
  let runtime = open();
  return {
    db,
    get runtime() {
      return runtime;
    },
    get coach() {
      return runtime.coach;
    },
    get now() {
      return now;
    },
    person: (name: string) => runtime.pseudonyms.key('test-user', name),
    at(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** Another process over the same file (a second replica, or the CLI). */
    another: (extra: Record<string, string> = {}) => open(extra),
    restart(extra: Record<string, string> = {}) {
      runtime.close();
      runtime = open(extra);
    },
    rows(sql: string): Record<string, unknown>[] {
      const raw = new Database(db, { readonly: true });
      try {
        return raw.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        raw.close();
      }
    },
    close() {
      runtime.close();
      dir.cleanup();
    },
  };
}

export type FollowupHarness = ReturnType<typeof followupHarness>;

export function choice(reply: DiagnosticReply, label: string | RegExp): DiagnosticChoice {
  const found = reply.choices.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
  if (!found) throw new Error(`no choice ${label} in ${reply.stage}: ${reply.choices.map((c) => c.label).join(' | ')}`);
  return found;
}

/**
 * Takes a diagnostic start to finish through the coach, as any adapter would: the notice and
 * context when asked (declined), every question answered with option `index` (0 = worst).
 */
export function takeDiagnostic(
  h: FollowupHarness,
  person: string,
  diagnostic: string,
  index: number | ((question: number) => number),
  cohort: Cohort = {},
): DiagnosticReply {
  let reply = h.coach.diagnosticChoice(person, `dx:start:${diagnostic}`, cohort);
  for (let guard = 0; guard < 30 && reply.stage !== 'result'; guard++) {
    switch (reply.stage) {
      case 'notice':
        reply = h.coach.diagnosticChoice(person, choice(reply, 'Start').token, cohort);
        break;
      case 'context':
      case 'consent':
        reply = h.coach.diagnosticChoice(
          person,
          (reply.choices.find((c) => c.style === 'nav') ?? reply.choices[0])?.token,
          cohort,
        );
        break;
      case 'question': {
        const step = (reply.progress?.current ?? 1) - 1;
        const options = reply.choices.filter((c) => c.style === 'option' && c.label !== 'Not sure');
        const at = typeof index === 'function' ? index(step) : index;
        reply = h.coach.diagnosticChoice(person, options[Math.min(at, options.length - 1)]?.token, cohort);
        break;
      }
      case 'comment':
        reply = h.coach.diagnosticChoice(person, choice(reply, 'Finish').token, cohort);
        break;
      default:
        throw new Error(`unexpected screen ${reply.stage}: ${reply.text}`);
    }
  }
  return reply;
}

export const slackReach = (user: string): Reach => ({ platform: 'slack', address: user });

let seeded = 0;

export interface SeedFollowup {
  pickedWeek: string;
  workspace?: string;
  kind?: string;
  experiment?: string;
  outcome?: 'helped' | 'no-change' | 'worse' | 'not-yet';
  answeredWeek?: string;
  comment?: string;
  scoreBefore?: number;
  scoreAfter?: number;
  retakenWeek?: string;
}

/**
 * Saves `n` follow-ups of `n` different people straight into the store, each in one go in the
 * state a pick, an answered check-in and a retake would leave it: one person changing something,
 * so releases are published at every k-th. Returns their ids.
 */
export function seedFollowups(
  store: FollowupStore,
  n: number,
  f: SeedFollowup | ((i: number) => SeedFollowup),
): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = typeof f === 'function' ? f(i) : f;
    const id = `seeded-followup-${String(++seeded).padStart(6, '0')}`;
    store.create({
      id,
      person: `seed-person-${seeded}`,
      workspace: s.workspace,
      diagnostic: 'handovers',
      question: 'first-paged',
      experiment: s.experiment ?? 'page-builders-office-hours',
      kind: s.kind ?? 'paging',
      scoreBefore: s.scoreBefore,
      pickedWeek: s.pickedWeek,
      pickedDay: '2026-01-01',
      weeks: 2,
      dueDay: s.outcome ? undefined : '2026-01-15',
      status: s.outcome ? 'done' : 'waiting',
      reminder: false,
      attempts: 0,
      platform: 'slack',
      outcome: s.outcome,
      answeredWeek: s.outcome ? (s.answeredWeek ?? s.pickedWeek) : undefined,
      comment: s.comment,
      scoreAfter: s.retakenWeek ? s.scoreAfter : undefined,
      retakenWeek: s.retakenWeek,
    });
    ids.push(id);
  }
  return ids;
}
