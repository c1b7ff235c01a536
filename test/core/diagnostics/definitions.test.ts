import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { profileFor, scoreAnswers } from '../../../src/core/diagnostics/scoring.ts';
import { parseToken, token } from '../../../src/core/diagnostics/tokens.ts';
import { isoWeek } from '../../../src/core/diagnostics/week.ts';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { ContentError } from '../../../src/core/prompts/prompts-dir.ts';
import { tempDir } from '../../helpers/runtime.ts';

const knowledge = KnowledgeBase.load();
const exists = (id: string) => knowledge.article(id) !== undefined;
const { diagnostics, context } = loadDiagnostics(exists);
const byId = (id: string) => {
  const d = diagnostics.find((x) => x.id === id);
  if (!d) throw new Error(`no ${id}`);
  return d;
};

describe('diagnostic definitions', () => {
  it('define incident handovers and release pain: 6-8 questions of 3-5 scored options, plus context', () => {
    expect(diagnostics.map((d) => d.id).sort()).toEqual(['handovers', 'releases']);
    for (const d of diagnostics) {
      expect(d.questions.length).toBeGreaterThanOrEqual(6);
      expect(d.questions.length).toBeLessThanOrEqual(8);
      for (const q of d.questions) {
        expect(q.options.length).toBeGreaterThanOrEqual(3);
        expect(q.options.length).toBeLessThanOrEqual(5);
        for (const o of q.options) expect([0, 1, 2, 3]).toContain(o.score);
        expect(exists(q.article)).toBe(true);
      }
    }
    expect(context.questions.map((q) => q.id)).toEqual(['role', 'sourcing']);
  });

  it('uses DORA buckets for frequency, lead time and change failure in release pain', () => {
    const releases = byId('releases');
    const dora = releases.questions.filter((q) => q.options.every((o) => o.dora));
    expect(dora.map((q) => q.id)).toEqual(['deploy-frequency', 'lead-time', 'change-failure']);
  });

  it('rejects a broken definition with the file and the reason', () => {
    const dir = tempDir();
    try {
      const source = fileURLToPath(new URL('../../../prompts/diagnostics/', import.meta.url));
      cpSync(source, dir.path, { recursive: true });
      const file = join(dir.path, 'handovers.yaml');
      writeFileSync(
        file,
        'id: handovers\nversion: 1\ntitle: Broken\nsummary: too few questions here\nminutes: 2\nmin_answered: 1\nquestions: []\nprofiles: []\n',
      );
      expect(() => loadDiagnostics(exists, dir.path)).toThrow(ContentError);
      expect(() => loadDiagnostics(exists, dir.path)).toThrow(/handovers\.yaml: questions/);
      expect(() => loadDiagnostics(() => false)).toThrow(/is not in the knowledge base/);
    } finally {
      dir.cleanup();
    }
  });
});

describe('scoring', () => {
  const handovers = byId('handovers');
  const all = (pick: (scores: number[]) => number) =>
    Object.fromEntries(
      handovers.questions.map((q) => [
        q.id,
        q.options.find((o) => o.score === pick(q.options.map((x) => x.score)))?.code ?? '',
      ]),
    );

  it('scores the share of the best possible answers and names the profile', () => {
    const worst = scoreAnswers(
      handovers,
      all((s) => Math.min(...s)),
    );
    expect(worst.score).toBe(0);
    expect(worst.profile?.id).toBe('pass-the-parcel');
    const best = scoreAnswers(
      handovers,
      all((s) => Math.max(...s)),
    );
    expect(best.score).toBe(100);
    expect(best.profile?.id).toBe('builders-run-it');
    expect(best.weakest).toEqual([]);
  });

  it('picks at most three weakest answers, worst first', () => {
    const answers = {
      ...all((s) => Math.max(...s)),
      'first-paged': 'central-desk',
      'teams-touched': 'three',
      'fix-actions': 'rot',
      'time-to-engage': '30m-2h',
    };
    const result = scoreAnswers(handovers, answers);
    expect(result.weakest.map((w) => w.question.id)).toEqual(['first-paged', 'fix-actions', 'teams-touched']);
  });

  it('ignores "not sure" and skipped answers, and gives no score when too few were answered', () => {
    const answers = Object.fromEntries(
      handovers.questions.map((q, i) => [q.id, i < 5 ? (q.options[3]?.code ?? '') : 'not-sure']),
    );
    const result = scoreAnswers(handovers, answers);
    expect(result.answered).toBe(5);
    expect(result.score).toBeUndefined();
    expect(result.profile).toBeUndefined();
  });

  it('maps scores to profiles at the boundaries', () => {
    expect(profileFor(handovers, 29)?.id).toBe('pass-the-parcel');
    expect(profileFor(handovers, 30)?.id).toBe('escalation-ladder');
    expect(profileFor(handovers, 80)?.id).toBe('builders-run-it');
  });

  it('says which DORA cluster release answers resemble, only with two or more DORA answers', () => {
    const releases = byId('releases');
    const base = Object.fromEntries(releases.questions.map((q) => [q.id, q.options[1]?.code ?? '']));
    expect(scoreAnswers(releases, base).dora).toBe('medium');
    const mixed = { ...base, 'deploy-frequency': 'on-demand', 'lead-time': 'under-a-day', 'change-failure': 'over-30' };
    expect(scoreAnswers(releases, mixed).dora).toBe('elite');
    const one = { ...base, 'lead-time': 'not-sure', 'change-failure': 'not-sure' };
    expect(scoreAnswers(releases, one).dora).toBeUndefined();
  });
});

describe('tokens and weeks', () => {
  it('round-trips the tokens the core issues and rejects anything else', () => {
    expect(parseToken(token.start('handovers'))).toEqual({ kind: 'start', diagnostic: 'handovers' });
    expect(parseToken(token.act('abcdefgh12', 'q', 3, 'two'))).toEqual({
      kind: 'act',
      session: 'abcdefgh12',
      stage: 'q',
      step: 3,
      action: 'two',
    });
    for (const bad of [
      '',
      'dx:',
      'dx:start:Bad Id',
      '<script>',
      'dx:abc:q1:x',
      `dx:${'a'.repeat(200)}:resume`,
      42,
      null,
    ]) {
      expect(parseToken(bad)).toBeUndefined();
    }
  });

  it('counts ISO weeks, including across a year boundary', () => {
    expect(isoWeek(new Date('2026-11-26T12:00:00Z'))).toBe('2026-W48');
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2025-12-29T12:00:00Z'))).toBe('2026-W01');
  });
});
