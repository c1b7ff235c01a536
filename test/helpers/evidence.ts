import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportKind } from '../../src/core/evidence/importer.ts';
import { importExport } from '../../src/core/evidence/importer.ts';
import type { Store } from '../../src/core/store/store.ts';

/** Realistic exports written for these tests (test/fixtures/evidence/). */
export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/evidence/${name}`, import.meta.url));
export const fixtureText = (name: string) => readFileSync(fixture(name), 'utf8');

/** The moment the fixtures were written for: 12 weeks back reaches 7 September 2026. */
export const FIXTURE_NOW = new Date('2026-11-29T12:00:00Z');
export const FIXTURE_ZONE = 'Europe/London';

/** Every fixture that imports cleanly (some rows are skipped on purpose), in a sensible order. */
export const ALL_FIXTURES: [ImportKind, string][] = [
  ['pagerduty', 'pagerduty-incidents.csv'],
  ['pagerduty', 'pagerduty-incidents.json'],
  ['servicenow', 'servicenow-incidents.csv'],
  ['deployments', 'deployments.csv'],
  ['deployments', 'deployments.json'],
  ['deployments', 'github-deployments.json'],
];

export function importAll(store: Store, timezone = FIXTURE_ZONE) {
  return ALL_FIXTURES.map(([kind, name]) => importExport(store, kind, fixtureText(name), { timezone }));
}

/** People the exports name (callers, assignees, responders, deployers, GitHub logins): none may be stored. */
export const PEOPLE_IN_EXPORTS = [
  'Priya Patel',
  'Tom Okafor',
  'Marguerite Oyelaran',
  'Abel Tuter',
  'Beth Anglin',
  'Fred Luddy',
  'Bud Richman',
  'priya-patel-gh',
  'tom-okafor-gh',
  '07700 900123',
];

/** Free text in the exports (descriptions, notes): none of it may be stored either. */
export const FREE_TEXT_IN_EXPORTS = [
  'Card payments failing',
  'Refund job slow',
  'Basket empty after login',
  'Search index stale',
  'Payments slow, customers complaining',
  'Called Abel Tuter back',
  'Restarted the pool',
  'Rolled back config',
  'hotfix by',
  'CHG0001',
];

/**
 * The fixtures with every timestamp moved by whole weeks so the newest falls in the week before
 * `now`: for tests that run the real process on today's clock. Weekdays and times of day stay.
 */
export function shiftedToNow(name: string, now = new Date()): string {
  const text = fixtureText(name);
  const newest = Date.UTC(2026, 10, 29);
  const weeks = Math.floor((now.getTime() - newest) / (7 * 86_400_000));
  const shift = weeks * 7 * 86_400_000;
  return text.replace(/(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2}:\d{2})/g, (_, day: string, sep: string, time: string) => {
    const moved = new Date(Date.parse(`${day}T${time}Z`) + shift).toISOString();
    return `${moved.slice(0, 10)}${sep}${moved.slice(11, 19)}`;
  });
}
