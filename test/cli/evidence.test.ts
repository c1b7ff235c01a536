import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../helpers/cli.ts';
import { ALL_FIXTURES, shiftedToNow } from '../helpers/evidence.ts';
import { tempDir } from '../helpers/runtime.ts';

// The real `opscoach import` and `opscoach evidence`, on today's clock: the fixtures are moved
// by whole weeks so their newest records fall in the last week.
const work = tempDir();
const db = join(work.path, 'evidence.db');
afterAll(() => work.cleanup());

const cli = cliIn(work.path, db);
const opscoach = (args: string[]) => cli.run(args, { env: { OPSCOACH_TIMEZONE: 'Europe/London' } });
/** Each run starts a process that loads the knowledge base: seconds apiece on a busy machine. */
const SLOW = 180_000;
const file = (name: string) => {
  const path = join(work.path, name);
  writeFileSync(path, shiftedToNow(name));
  return path;
};

describe('opscoach import and evidence', () => {
  it(
    'says there is nothing yet before anything is imported',
    () => {
      const result = opscoach(['evidence']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/No records have been imported yet.*npx opscoach import/);
    },
    SLOW,
  );

  it(
    'imports each export, lists the rows it skipped by line, and adds nothing on a second run',
    () => {
      const first = opscoach(['import', 'pagerduty', file('pagerduty-incidents.csv')]);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        /Imported 5 PagerDuty incidents from .*pagerduty-incidents\.csv \(a PagerDuty Analytics raw incidents export, CSV\): 5 new, 0 updated, 0 already known\./,
      );
      expect(first.stderr).toMatch(
        /Skipped 2 records that could not be used:\n {2}line 7: created_at is not a date and time we can read.*\n {2}line 8: service_name is empty/,
      );
      const again = opscoach(['import', 'pagerduty', file('pagerduty-incidents.csv')]);
      expect(again.stdout).toMatch(/0 new, 0 updated, 5 already known/);
      for (const [kind, name] of ALL_FIXTURES.slice(1)) expect(opscoach(['import', kind, file(name)]).code).toBe(0);
    },
    SLOW,
  );

  it(
    'refuses a file that is not the named export with a reason and exit 1, and usage mistakes with exit 2',
    () => {
      const notes = opscoach(['import', 'servicenow', file('notes.txt')]);
      expect(notes.code).toBe(1);
      expect(notes.stderr).toMatch(/notes\.txt was not imported: it has fewer than two columns.*Nothing was stored\./);
      const missing = opscoach(['import', 'pagerduty', join(work.path, 'missing.csv')]);
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot be read \(ENOENT\)/) });
      expect(opscoach(['import', 'jira', file('notes.txt')]).code).toBe(2);
      expect(opscoach(['import', 'pagerduty']).code).toBe(2);
      const map = opscoach(['import', 'pagerduty', file('pagerduty-incidents.csv'), '--map', 'nonsense']);
      expect(map).toMatchObject({ code: 1, stderr: expect.stringMatching(/--map needs column=field/) });
    },
    SLOW,
  );

  it(
    'prints the figures as JSON in exactly the documented shape, as CSV and as text, and writes the chart',
    () => {
      const json = opscoach(['evidence', '--format', 'json', '--weeks', '12']);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout);
      expect(Object.keys(parsed)).toEqual(['window', 'overall', 'services', 'dora']);
      expect(parsed.overall).toMatchObject({
        incidents: 8,
        deployments: 9,
        handoffs_median: 1,
        change_failure_rate: 0.333,
      });
      expect(parsed.services.map((s: { service: string }) => s.service)).toEqual([
        'checkout, web',
        'ledger-db',
        'payments-api',
        'search-api',
      ]);
      expect(parsed.dora.source).toMatch(/2023/);
      const csv = opscoach(['evidence', '--format', 'csv', '--service', 'payments-api']);
      expect(csv.stdout.split('\n')[0]).toBe(
        'service,from,to,incidents,handoffs_median,multi_handoff_share,ack_minutes_median,restore_minutes_median,after_hours_share,deployments,deploys_per_week,lead_time_hours_median,change_failure_rate',
      );
      expect(csv.stdout.trim().split('\n')).toHaveLength(2);
      const chart = join(work.path, 'evidence.png');
      const text = opscoach(['evidence', '--chart', chart]);
      expect(text.stdout).toMatch(/Evidence from records/);
      expect(text.stdout).toMatch(/checkout, web/);
      expect(text.stderr).toMatch(/Chart written to/);
      expect(readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
      const unknown = opscoach(['evidence', '--service', 'mainframe']);
      expect(unknown).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/No records name a service called “mainframe”/),
      });
      expect(opscoach(['evidence', '--weeks', '500']).code).toBe(2);
    },
    SLOW,
  );
});
