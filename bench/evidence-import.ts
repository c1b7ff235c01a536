import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config.ts';
import { importExport } from '../src/core/evidence/importer.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import { CoachRuntime } from '../src/runtime.ts';
import { median } from './stats.ts';
import type { BenchRow } from './table.ts';

const INCIDENTS = 100_000;
const RUNS = 3;
const SERVICES = [
  'payments-api',
  'checkout, web',
  'search-api',
  'ledger-db',
  'identity',
  'notifications',
  'pricing',
  'catalogue',
];
const PEOPLE = ['Priya Patel', 'Tom Okafor', 'Marguerite Oyelaran', 'Abel Tuter'];

/**
 * Importing a PagerDuty export of 100,000 incidents (every row read, validated, converted and
 * upserted in one transaction) and then computing the evidence figures, against csv-parse
 * reading the same file and doing nothing else: what our work costs above the parsing itself.
 */
export async function evidenceImport(workDir: string): Promise<BenchRow[]> {
  const text = exportOf(INCIDENTS, Date.now());
  writeFileSync(join(workDir, 'incidents.csv'), text);
  const parseTimes: number[] = [];
  const importTimes: number[] = [];
  const figureTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let started = performance.now();
    parse(text, { skip_empty_lines: true, relax_column_count: true, info: true });
    parseTimes.push(performance.now() - started);
    const runtime = CoachRuntime.create(
      loadConfig({ OPSCOACH_DB: join(workDir, `evidence-${run}.db`), OPSCOACH_TIMEZONE: 'Europe/London' }),
      silentLogger,
    );
    started = performance.now();
    const summary = importExport(runtime.store, 'pagerduty', text, { timezone: 'Europe/London' });
    const imported = performance.now() - started;
    started = performance.now();
    const reply = runtime.coach.evidence(52, undefined, { admin: true });
    figureTimes.push(performance.now() - started);
    importTimes.push(imported + (figureTimes.at(-1) ?? 0));
    runtime.close();
    if (summary.saved.added !== INCIDENTS || reply.kind !== 'evidence')
      throw new Error('evidence benchmark did not import');
  }
  return [
    {
      name: 'import 100,000 incidents + figures',
      p50: median(importTimes),
      baseline: 'csv-parse of the same file alone',
      baselineP50: median(parseTimes),
      note: `a ${(text.length / 1_048_576).toFixed(1)} MB PagerDuty CSV, ${RUNS} runs, each into a fresh database; the figures over 52 weeks (with the chart) took ${median(figureTimes).toFixed(0)} ms of it.`,
    },
  ];
}

/** A PagerDuty Analytics CSV with its personal columns too, spread over the last year. */
function exportOf(n: number, now: number): string {
  const lines = [
    'id,incident_number,description,service_name,created_at,resolved_at,status,urgency,priority_name,seconds_to_first_ack,seconds_to_resolve,assignment_count,assigned_user_names,resolved_by_user_name',
  ];
  for (let i = 0; i < n; i++) {
    const created = now - ((i * 7919) % (360 * 86_400)) * 1000;
    const resolve = 300 + ((i * 31) % 20_000);
    const resolved = i % 17 === 0 ? '' : new Date(created + resolve * 1000).toISOString();
    lines.push(
      [
        `Q${i.toString(36).toUpperCase().padStart(6, '0')}`,
        i + 1,
        `"Alert ${i}, ""${SERVICES[i % SERVICES.length]}"" degraded"`,
        `"${SERVICES[i % SERVICES.length]}"`,
        new Date(created).toISOString(),
        resolved,
        resolved ? 'resolved' : 'acknowledged',
        i % 3 ? 'low' : 'high',
        `P${(i % 5) + 1}`,
        30 + (i % 900),
        resolved ? resolve : '',
        1 + (i % 4),
        `"${PEOPLE[i % 4]}, ${PEOPLE[(i + 1) % 4]}"`,
        PEOPLE[i % 4],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
