import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/evidence/importer.ts';
import { FIXTURE_NOW, FIXTURE_ZONE } from '../../helpers/evidence.ts';
import { startTestRuntime } from '../../helpers/runtime.ts';

// Service names come from imported files and the one asked about is typed: neither may put a
// mention or a foreign link in front of the person reading the figures.

const EVIL = 'https://evil.example/reset';
let t: ReturnType<typeof startTestRuntime>;
beforeEach(() => {
  t = startTestRuntime({ OPSCOACH_TIMEZONE: FIXTURE_ZONE }, { now: () => FIXTURE_NOW });
  importExport(
    t.runtime.store,
    'deployments',
    [
      'id,service,deployed_at,committed_at,status',
      `d1,"[Reset your password](${EVIL})",2026-11-02T10:00:00Z,2026-11-01T22:00:00Z,success`,
      'd2,payments-api,2026-11-09T10:00:00Z,2026-11-06T10:00:00Z,success',
    ].join('\n'),
    { timezone: FIXTURE_ZONE },
  );
});
afterEach(() => t.close());

describe('evidence figures', () => {
  it('repeat a service name from an import as words, never as a link', () => {
    const reply = t.runtime.coach.evidence(12, undefined, { admin: true });
    expect(reply.kind).toBe('evidence');
    const shown = JSON.stringify(reply);
    expect(shown).toMatch(/Reset your password/);
    // No link of any kind: not as Markdown, not as an address a client would turn into one.
    expect(shown).not.toMatch(/\]\(|https?:\/\/evil|www\.evil/);
  });

  it('repeat an unknown service asked for without its mention or link', () => {
    const reply = t.runtime.coach.evidence(12, `<!channel> [Reset](${EVIL})`, { admin: true });
    expect(reply.kind).toBe('notice');
    const shown = JSON.stringify(reply);
    expect(shown).toMatch(/No records name a service called/);
    expect(shown).not.toMatch(/<!channel>|\]\(|https?:\/\/evil/);
    expect(shown).toMatch(/called “\[mention\] \[Reset\] ”/);
  });
});
