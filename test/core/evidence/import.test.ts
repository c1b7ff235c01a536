import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExport, NothingUsable } from '../../../src/core/evidence/importer.ts';
import { ImportRefused } from '../../../src/core/evidence/read-export.ts';
import { findLeaks, rowCounts } from '../../helpers/db-leaks.ts';
import {
  FIXTURE_ZONE,
  FREE_TEXT_IN_EXPORTS,
  fixtureText,
  importAll,
  PEOPLE_IN_EXPORTS,
} from '../../helpers/evidence.ts';
import { startTestRuntime } from '../../helpers/runtime.ts';

let t: ReturnType<typeof startTestRuntime>;
beforeEach(() => {
  t = startTestRuntime({ OPSCOACH_TIMEZONE: FIXTURE_ZONE });
});
afterEach(() => t.close());

const run = (kind: 'pagerduty' | 'servicenow' | 'deployments', name: string, map?: string[]) =>
  importExport(t.runtime.store, kind, fixtureText(name), { timezone: FIXTURE_ZONE, map });

/** Everything stored, to compare before and after. */
function dump() {
  const db = new Database(t.dbPath, { readonly: true });
  try {
    return {
      incidents: db.prepare('SELECT * FROM evidence_incidents ORDER BY source, record').all(),
      deployments: db.prepare('SELECT * FROM evidence_deployments ORDER BY source, record').all(),
    };
  } finally {
    db.close();
  }
}

describe('importing a PagerDuty export', () => {
  it('reads the CSV (BOM, CRLF, quoted commas and quotes, a description over two lines, blank trailing lines) and says which rows it skipped', () => {
    const summary = run('pagerduty', 'pagerduty-incidents.csv');
    expect(summary).toMatchObject({
      kind: 'incidents',
      file: 'csv',
      rows: 7,
      saved: { added: 5, updated: 0, unchanged: 0 },
    });
    expect(summary.skipped).toEqual([
      { where: 'line 7', reason: expect.stringMatching(/^created_at is not a date and time we can read/) },
      { where: 'line 8', reason: 'service_name is empty' },
    ]);
    const rows = dump().incidents as Record<string, unknown>[];
    expect(
      rows.map((r) => [r.record, r.service, r.day, r.after_hours, r.ack_seconds, r.restore_seconds, r.handoffs]),
    ).toEqual([
      // Monday 03:14 UTC: out of hours. Three assignments: two handoffs.
      ['Q1AAA1', 'payments-api', '2026-11-02', 1, 300, 5400, 2],
      ['Q1AAA2', 'payments-api', '2026-11-03', 0, 120, 1800, 0],
      // 14:00 at UTC-5 is Saturday 19:00 in London; still open, so no restore time.
      ['Q1AAA3', 'checkout, web', '2026-11-07', 1, 600, null, 1],
      // No offset: read in OPSCOACH_TIMEZONE; restore worked out from resolved_at.
      ['Q1AAA4', 'checkout, web', '2026-11-10', 0, 900, 5400, 3],
      ['Q1AAA7', 'payments-api', '2026-06-01', 0, 60, 600, 0],
    ]);
  });

  it('takes the JSON API shape, and a later overlapping export updates instead of adding', () => {
    run('pagerduty', 'pagerduty-incidents.csv');
    const summary = run('pagerduty', 'pagerduty-incidents.json');
    // Q1AAA2 is the same; Q1AAA3 has since been resolved; Q1AAA8 is new.
    expect(summary).toMatchObject({
      file: 'json',
      rows: 3,
      saved: { added: 1, updated: 1, unchanged: 1 },
      skipped: [],
    });
    const rows = dump().incidents as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.record === 'Q1AAA3')).toMatchObject({ restore_seconds: 28800 });
    // 08:15 at UTC+1 is 07:15 in London: before working hours.
    expect(rows.find((r) => r.record === 'Q1AAA8')).toMatchObject({
      service: 'search-api',
      after_hours: 1,
      day: '2026-11-20',
    });
  });

  it('adds nothing when the same file is imported again', () => {
    run('pagerduty', 'pagerduty-incidents.csv');
    const before = dump();
    const again = run('pagerduty', 'pagerduty-incidents.csv');
    expect(again.saved).toEqual({ added: 0, updated: 0, unchanged: 5 });
    expect(dump()).toEqual(before);
  });

  it('maps other column names with --map', () => {
    const opsgenie =
      'Alias,Entity,CreatedAt,ClosedAt,Owner\nOG-1,billing,2026-11-04T09:00:00Z,2026-11-04T09:20:00Z,Priya Patel\n';
    const summary = importExport(t.runtime.store, 'pagerduty', opsgenie, {
      timezone: FIXTURE_ZONE,
      map: ['alias=id', 'Entity=service_name', 'createdAt=created_at', 'ClosedAt=resolved_at'],
    });
    expect(summary.saved.added).toBe(1);
    expect(dump().incidents).toEqual([
      expect.objectContaining({
        record: 'OG-1',
        service: 'billing',
        restore_seconds: 1200,
        ack_seconds: null,
        handoffs: null,
      }),
    ]);
    expect(() =>
      importExport(t.runtime.store, 'pagerduty', opsgenie, { timezone: FIXTURE_ZONE, map: ['Owner=assignee'] }),
    ).toThrow(/"assignee" is not a field of this import/);
  });
});

describe('importing ServiceNow and deployments', () => {
  it('reads a ServiceNow list export: local times in OPSCOACH_TIMEZONE, business_service or else cmdb_ci', () => {
    const summary = run('servicenow', 'servicenow-incidents.csv');
    expect(summary.saved.added).toBe(3);
    expect(summary.skipped).toEqual([
      { where: 'line 6', reason: expect.stringMatching(/^opened_at is not a date and time we can read/) },
      { where: 'line 7', reason: 'business_service and cmdb_ci are both empty' },
    ]);
    const rows = dump().incidents as Record<string, unknown>[];
    expect(
      rows.map((r) => [r.record, r.service, r.after_hours, r.ack_seconds, r.restore_seconds, r.handoffs, r.priority]),
    ).toEqual([
      ['INC0010001', 'payments-api', 1, null, 7200, 3, '1 - Critical'],
      ['INC0010002', 'ledger-db', 0, null, null, 0, '3 - Moderate'],
      // 07:59:59 on a Monday is still before working hours.
      ['INC0010003', 'checkout, web', 1, null, 7200, 1, '2 - High'],
    ]);
  });

  it('reads deployments as CSV, as JSON and as GitHub deployments with statuses', () => {
    const csv = run('deployments', 'deployments.csv');
    expect(csv.saved.added).toBe(5);
    expect(csv.skipped).toEqual([
      { where: 'line 7', reason: 'status is not success, failure or rolled_back' },
      { where: 'line 8', reason: 'committed_at is after deployed_at' },
    ]);
    expect(run('deployments', 'deployments.json').saved.added).toBe(2);
    const github = run('deployments', 'github-deployments.json');
    expect(github.format).toMatch(/GitHub/);
    expect(github.saved.added).toBe(2);
    expect(github.skipped).toEqual([
      { where: 'item 3', reason: 'not a production deployment' },
      { where: 'item 4', reason: 'it has not finished (no success, failure or error status yet)' },
    ]);
    const rows = dump().deployments as Record<string, unknown>[];
    expect(rows.map((r) => [r.source, r.service, r.lead_seconds, r.outcome])).toEqual([
      ['deployments', 'checkout, web', 7200, 'success'], // no id: one is derived from service and time
      ['deployments', 'payments-api', 43200, 'success'],
      ['deployments', 'payments-api', 259200, 'failure'],
      ['deployments', 'payments-api', 86400, 'rolled_back'],
      ['deployments', 'checkout, web', null, null],
      ['deployments', 'search-api', 172800, 'success'],
      ['deployments', 'search-api', 21600, 'success'],
      ['github', 'ledger-db', null, 'success'],
      ['github', 'ledger-db', null, 'failure'],
    ]);
    // The derived id is stable: importing again adds nothing.
    expect(run('deployments', 'deployments.csv').saved).toEqual({ added: 0, updated: 0, unchanged: 5 });
  });
});

describe('refusing a file that is not the named export', () => {
  it.each([
    ['plain text', 'pagerduty', 'notes.txt', /fewer than two columns/],
    ['an unclosed quote', 'pagerduty', 'pagerduty-broken-quotes.csv', /not valid CSV: Quote Not Closed/],
    [
      'required columns missing',
      'servicenow',
      'servicenow-missing-service.csv',
      /not a ServiceNow incident list export: required column missing: business_service \(or cmdb_ci\)/,
    ],
    [
      'the wrong kind of export',
      'servicenow',
      'pagerduty-incidents.csv',
      /required columns missing: number, opened_at, business_service \(or cmdb_ci\)/,
    ],
    [
      'deployments given incidents',
      'deployments',
      'servicenow-incidents.csv',
      /required columns missing: service, deployed_at \(it has number/,
    ],
  ] as const)('refuses %s, storing nothing', (_what, kind, name, reason) => {
    importAll(t.runtime.store);
    const before = dump();
    expect(() => run(kind, name)).toThrow(ImportRefused);
    expect(() => run(kind, name)).toThrow(reason);
    expect(dump()).toEqual(before);
  });

  it('refuses a file none of whose rows can be used, listing why, and stores nothing', () => {
    const before = dump();
    const bad = 'service,deployed_at,status\npayments-api,yesterday,success\n,2026-11-02T10:00:00Z,success\n';
    let error: unknown;
    try {
      importExport(t.runtime.store, 'deployments', bad, { timezone: FIXTURE_ZONE });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NothingUsable);
    expect((error as NothingUsable).skipped.map((s) => s.where)).toEqual(['line 2', 'line 3']);
    expect(dump()).toEqual(before);
  });

  it('refuses invalid JSON and JSON without a list of records', () => {
    expect(() => importExport(t.runtime.store, 'pagerduty', '{"data": [', { timezone: 'UTC' })).toThrow(
      /not valid JSON/,
    );
    expect(() => importExport(t.runtime.store, 'pagerduty', '{"total": 3}', { timezone: 'UTC' })).toThrow(
      /no list of records/,
    );
    expect(() => importExport(t.runtime.store, 'pagerduty', '', { timezone: 'UTC' })).toThrow(/empty/);
  });
});

describe('privacy of imported records', () => {
  it('keeps no caller, assignee, responder, deployer or free text from any export', () => {
    importAll(t.runtime.store);
    const counts = rowCounts(t.dbPath);
    // The scan must have something to read.
    expect(counts.evidence_incidents).toBe(9);
    expect(counts.evidence_deployments).toBe(9);
    expect(findLeaks(t.dbPath, [...PEOPLE_IN_EXPORTS, ...FREE_TEXT_IN_EXPORTS])).toEqual([]);
  });
});
