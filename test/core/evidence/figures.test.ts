import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostics/definition.ts';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { evidenceJson } from '../../../src/core/evidence/describe-evidence.ts';
import {
  changeFailureBand,
  DORA_SOURCE,
  deploymentFrequencyBand,
  leadTimeBand,
  restoreBand,
} from '../../../src/core/evidence/dora.ts';
import type { DigestReply, EvidenceReply, ReportReply } from '../../../src/core/reply.ts';
import { describeReport } from '../../../src/core/reports/describe-report.ts';
import { FIXTURE_NOW, FIXTURE_ZONE, importAll } from '../../helpers/evidence.ts';
import { startTestRuntime } from '../../helpers/runtime.ts';
import { seedResponses } from '../../helpers/seed.ts';

const FIELDS = [
  'incidents',
  'handoffs_median',
  'multi_handoff_share',
  'ack_minutes_median',
  'restore_minutes_median',
  'after_hours_share',
  'deployments',
  'deploys_per_week',
  'lead_time_hours_median',
  'change_failure_rate',
];

let t: ReturnType<typeof startTestRuntime>;
beforeAll(() => {
  t = startTestRuntime({ OPSCOACH_TIMEZONE: FIXTURE_ZONE }, { now: () => FIXTURE_NOW });
  importAll(t.runtime.store);
});
afterAll(() => t.close());

const evidence = (weeks = 12, service?: string) => t.runtime.coach.evidence(weeks, service, { admin: true });

describe('figures from the fixtures, worked out by hand', () => {
  it('gives exactly the documented JSON, overall and per service', () => {
    const reply = evidence() as EvidenceReply;
    expect(reply.kind).toBe('evidence');
    const json = evidenceJson(reply.evidence) as {
      window: unknown;
      overall: Record<string, unknown>;
      services: Record<string, unknown>[];
    };
    expect(Object.keys(json).slice(0, 3)).toEqual(['window', 'overall', 'services']);
    expect(json.window).toEqual({ from: '2026-09-07', to: '2026-11-29' });
    expect(Object.keys(json.overall)).toEqual(FIELDS);
    for (const s of json.services) expect(Object.keys(s)).toEqual(['service', ...FIELDS]);
    // Eight incidents in the window (Q1AAA7 in June is outside it), nine deployments.
    expect(json.overall).toEqual({
      incidents: 8,
      handoffs_median: 1, // 0 0 0 1 | 1 2 3 3
      multi_handoff_share: 0.375, // 3 of 8 changed hands twice or more
      ack_minutes_median: 5, // 45 120 [300] 600 900 seconds; ServiceNow has none
      restore_minutes_median: 90, // 1800 2700 5400 [5400] 7200 7200 28800 seconds; INC0010002 is open
      after_hours_share: 0.625, // Q1AAA1, Q1AAA3, Q1AAA8, INC0010001, INC0010003
      deployments: 9,
      deploys_per_week: 0.75, // 9 over 12 weeks
      lead_time_hours_median: 18, // 2 6 [12 24] 48 72 hours
      change_failure_rate: 0.333, // d2 failure, d3 rolled back, GitHub 1002 failure, over all 9
    });
    expect(json.services).toEqual([
      {
        service: 'checkout, web',
        incidents: 3,
        handoffs_median: 1,
        multi_handoff_share: 0.333,
        ack_minutes_median: 12.5,
        restore_minutes_median: 120,
        after_hours_share: 0.667,
        deployments: 2,
        deploys_per_week: 0.17,
        lead_time_hours_median: 2,
        change_failure_rate: 0,
      },
      {
        service: 'ledger-db',
        incidents: 1,
        handoffs_median: 0,
        multi_handoff_share: 0,
        ack_minutes_median: null,
        restore_minutes_median: null,
        after_hours_share: 0,
        deployments: 2,
        deploys_per_week: 0.17,
        lead_time_hours_median: null,
        change_failure_rate: 0.5,
      },
      {
        service: 'payments-api',
        incidents: 3,
        handoffs_median: 2,
        multi_handoff_share: 0.667,
        ack_minutes_median: 3.5,
        restore_minutes_median: 90,
        after_hours_share: 0.667,
        deployments: 3,
        deploys_per_week: 0.25,
        lead_time_hours_median: 24,
        change_failure_rate: 0.667,
      },
      {
        service: 'search-api',
        incidents: 1,
        handoffs_median: 0,
        multi_handoff_share: 0,
        ack_minutes_median: 0.8,
        restore_minutes_median: 45,
        after_hours_share: 1,
        deployments: 2,
        deploys_per_week: 0.17,
        lead_time_hours_median: 27,
        change_failure_rate: 0,
      },
    ]);
  });

  it('bands each figure DORA defines, citing the 2023 report', () => {
    const { dora } = (evidence() as EvidenceReply).evidence;
    expect(dora.source).toBe(DORA_SOURCE);
    expect(DORA_SOURCE).toMatch(/2023/);
    expect(dora.overall).toEqual({
      deploys_per_week: 'medium',
      lead_time_hours_median: 'elite',
      change_failure_rate: 'low',
      restore_minutes_median: 'high',
    });
    // No lead time or restore time for ledger-db: no band either.
    expect(dora.services.find((s) => s.service === 'ledger-db')).toEqual({
      service: 'ledger-db',
      deploys_per_week: 'low',
      change_failure_rate: 'low',
    });
    expect([
      deploymentFrequencyBand(14),
      deploymentFrequencyBand(7),
      deploymentFrequencyBand(0.5),
      deploymentFrequencyBand(0.1),
    ]).toEqual(['elite', 'high', 'medium', 'low']);
    expect([leadTimeBand(23), leadTimeBand(100), leadTimeBand(300), leadTimeBand(1000)]).toEqual([
      'elite',
      'high',
      'medium',
      'low',
    ]);
    expect([changeFailureBand(0.05), changeFailureBand(0.1), changeFailureBand(0.15), changeFailureBand(0.16)]).toEqual(
      ['elite', 'high', 'medium', 'low'],
    );
    expect([restoreBand(59), restoreBand(600), restoreBand(3000), restoreBand(20_000)]).toEqual([
      'elite',
      'high',
      'medium',
      'low',
    ]);
  });

  it('narrows to one service in any case, and a shorter window leaves older records out', () => {
    const one = (evidence(12, 'PAYMENTS-API') as EvidenceReply).evidence;
    expect(one.service).toBe('payments-api');
    expect(one.services.map((s) => s.service)).toEqual(['payments-api']);
    expect(one.overall.incidents).toBe(3);
    // One week (23 to 29 November): nothing but nulls and zeros.
    const week = (evidence(1) as EvidenceReply).evidence;
    expect(week.overall).toMatchObject({ incidents: 0, deployments: 0, handoffs_median: null, deploys_per_week: null });
    // A year reaches June's incident.
    expect((evidence(52) as EvidenceReply).evidence.overall.incidents).toBe(9);
  });

  it('explains an unknown service, and refuses people who may not see reports', async () => {
    const unknown = evidence(12, 'mainframe');
    expect(unknown).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/No records name a service called “mainframe”.*payments-api/),
    });
    expect(t.runtime.coach.evidence(12, undefined, {})).toMatchObject({
      kind: 'notice',
      text: expect.stringMatching(/people who run Opscoach/),
    });
    await expect(t.runtime.coach.handle('evidence --weeks 12', {})).resolves.toMatchObject({ kind: 'notice' });
  });

  it('draws a chart and says the same in words', () => {
    const reply = evidence() as EvidenceReply;
    expect(
      Buffer.from(reply.chart?.png ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(reply.chart?.alt).toMatch(/payments-api: 3 incidents \(2 after hours\), 3 deployments \(2 failed\)/);
  });
});

describe('records beside what people said', () => {
  let diagnostics: Diagnostic[];
  beforeAll(() => {
    diagnostics = loadDiagnostics((id) => t.runtime.knowledge.article(id) !== undefined).diagnostics;
  });

  it('shows "records say" under the matching headlines of a report, with the gap and an article', () => {
    // Before anyone answered: records only, and a plain note that there is nothing to compare yet.
    const early = t.runtime.coach.report('handovers', 4, { admin: true }) as ReportReply;
    const lines = early.reports[0]?.records ?? [];
    expect(lines.map((l) => l.headline)).toEqual(['median-teams', 'median-engage']);
    expect(lines[0]?.gap).toMatch(/Not enough people have answered yet/);
    expect(describeReport(early.reports[0] as never)).toMatch(
      /Median number of teams handling a serious incident: _Records say:_ a typical incident changes hands once, so about 2 teams or people handle it \(median of 8 incidents\)/,
    );
    for (const d of diagnostics) seedResponses(t.runtime.store.responses, d, 12, { pick: 1, when: FIXTURE_NOW });
    const report = t.runtime.coach.report(undefined, 4, { admin: true }) as ReportReply;
    const handovers = describeReport(report.reports.find((r) => r.diagnostic === 'handovers') as never);
    // People say 3 teams and 30 min to 2 hours; records say 1 handoff and 5 minutes to acknowledge.
    expect(handovers).toMatch(
      /- Median number of teams handling a serious incident: \*\*3\*\*\n {2}- _Records say:_ .*People describe more hand-offs \(3\) than the records show \(2\).*Read: \[[^\]]+\]\(https:\/\/playbooks\.equalexperts\.com/,
    );
    expect(handovers).toMatch(
      /until someone who can fix it is working on it: \*\*30 min to 2 hours\*\*\n {2}- _Records say:_ the first acknowledgement comes after 5 minutes \(median of 8 incidents\)\. Incidents are acknowledged faster \(5 to 30 min\)/,
    );
    const releases = describeReport(report.reports.find((r) => r.diagnostic === 'releases') as never);
    // Over the four weeks: 9 deployments, 2.25 a week; lead time 18 hours.
    expect(releases).toMatch(
      /Median deployment frequency: \*\*monthly to weekly\*\*\n {2}- _Records say:_ 2.3 deployments a week \(9 deployments in the window\)\. Services deploy more often \(weekly to daily\)/,
    );
    expect(releases).toMatch(
      /Median lead time from commit to production: \*\*a week to a month\*\*\n {2}- _Records say:_ a change waits 18 hours/,
    );
  });

  it('puts the same lines in the weekly digest', () => {
    const digest = t.runtime.digests.compose({}, '2026-W48', 'measurement') as DigestReply;
    const text = digest.reports.map((r) => describeReport(r, 'headlines')).join('\n');
    expect(text).toMatch(/_Records say:_ a typical incident changes hands once/);
    expect(text).toMatch(/_Records say:_ 2.3 deployments a week/);
  });
});
