import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { isoWeek } from '../../../src/core/diagnostics/week.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import { openDatabase } from '../../../src/core/store/database.ts';
import { loadMigrations } from '../../../src/core/store/migrations.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';
import { seedResponses } from '../../helpers/seed.ts';

describe('upgrading to published releases (migration 007)', () => {
  it('keeps the figures answered before it visible, then moves them in steps of k', () => {
    const dir = tempDir();
    const path = join(dir.path, 'old.db');
    const now = new Date('2026-11-26T10:00:00Z');
    try {
      // A database as the previous version left it: 7 responses with their running counts.
      const before = CoachRuntime.create(testConfig(join(dir.path, 'scratch.db')), silentLogger, { now: () => now });
      const { diagnostics } = loadDiagnostics((id) => before.knowledge.article(id) !== undefined);
      before.close();
      const handovers = diagnostics.find((d) => d.id === 'handovers');
      if (!handovers) throw new Error('no handovers diagnostic');
      const old = openDatabase(path, { migrations: loadMigrations().slice(0, 6) });
      const week = isoWeek(now);
      const insert = old.prepare(
        `INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, count)
         VALUES ('handovers', ?, '', ?, ?, ?, ?, ?)`,
      );
      for (let i = 0; i < 7; i++) {
        old
          .prepare(
            `INSERT INTO diagnostic_responses (respondent, diagnostic, version, week, day, score, profile, role)
             VALUES (?, 'handovers', 1, ?, '2026-11-26', 0, 'pass-the-parcel', 'delivery')`,
          )
          .run(`old-${i}`, week);
      }
      for (const [dimension, value] of [
        ['', ''],
        ['role', 'delivery'],
      ]) {
        insert.run(week, dimension, value, '_n', '', 7);
        insert.run(week, dimension, value, '_profile', 'pass-the-parcel', 7);
        insert.run(week, dimension, value, '_score_sum', '', 0);
      }
      old.close();

      const runtime = CoachRuntime.create(testConfig(path), silentLogger, { now: () => now });
      try {
        const report = () => {
          const reply = runtime.coach.report('handovers', 4, { admin: true });
          if (reply.kind !== 'report') throw new Error(reply.text);
          return reply.reports[0];
        };
        expect(report()).toMatchObject({ status: 'ok', respondents: '5–9', averageScore: 0 });
        seedResponses(runtime.store.responses, handovers, 4, { when: now, pick: 3 });
        expect(report()).toMatchObject({ respondents: '5–9', averageScore: 0 });
        seedResponses(runtime.store.responses, handovers, 1, { when: now, pick: 3 });
        expect(report()).toMatchObject({ respondents: '10–19', averageScore: 40 });
      } finally {
        runtime.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
