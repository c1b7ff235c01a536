import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../src/core/diagnostics/definition.ts';
import { loadExperiments } from '../../../src/core/followup/experiments.ts';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { ContentError, PROMPTS_DIR } from '../../../src/core/prompts/prompts-dir.ts';
import { tempDir } from '../../helpers/runtime.ts';

const knowledge = KnowledgeBase.load([]);
const exists = (id: string) => knowledge.article(id) !== undefined;
const { diagnostics } = loadDiagnostics(exists);
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const d of dirs) d.cleanup();
});

/** A copy of prompts/experiments/ with one file's text changed. */
function edited(file: string, change: (text: string) => string): string {
  const dir = tempDir();
  dirs.push(dir);
  cpSync(join(PROMPTS_DIR, 'experiments'), dir.path, { recursive: true });
  writeFileSync(join(dir.path, file), change(readFileSync(join(dir.path, file), 'utf8')));
  return dir.path;
}

describe('experiments content', () => {
  const catalogue = loadExperiments(diagnostics, exists);

  it('has one to three experiments for every answer a diagnostic can find weak, each from an existing article', () => {
    for (const d of diagnostics) {
      for (const q of d.questions.filter((x) => x.options.some((o) => o.score <= 1))) {
        const list = catalogue.forQuestion(d.id, q.id);
        expect(list.length, `${d.id}/${q.id}`).toBeGreaterThanOrEqual(1);
        expect(list.length, `${d.id}/${q.id}`).toBeLessThanOrEqual(3);
        for (const e of list) {
          expect(knowledge.article(e.article), e.id).toBeDefined();
          expect(e.title.length, e.id).toBeLessThanOrEqual(80);
          expect(catalogue.kindLabel(e.kind), e.id).not.toBe(e.kind);
        }
      }
    }
  });

  it.each([
    [
      'an article that does not exist',
      'handovers.yaml',
      (t: string) => t.replace('article: on-call-rota', 'article: no-such-page'),
      /article "no-such-page" is not in the knowledge base/,
    ],
    [
      'a kind that is not listed',
      'releases.yaml',
      (t: string) => t.replace('kind: testing', 'kind: vibes'),
      /kind "vibes" is not in kinds.yaml/,
    ],
    [
      'the same id twice',
      'releases.yaml',
      (t: string) => t.replace('id: track-lead-time', 'id: map-one-change'),
      /"map-one-change" is used twice/,
    ],
    [
      'a question the diagnostic does not have',
      'handovers.yaml',
      (t: string) => t.replace('  fix-actions:', '  fix-things:'),
      /has no question "fix-things"/,
    ],
    [
      'a weak answer left without an experiment',
      'releases.yaml',
      (t: string) => t.replace(/ {2}testing:\n(?: {4}.*\n| {6}.*\n| {8}.*\n)+/, ''),
      /question "testing" can be a weak answer but has no experiment/,
    ],
    [
      'a title too long for a button',
      'handovers.yaml',
      (t: string) => t.replace('title: Count the hand-offs', `title: ${'Count '.repeat(20)}`),
      /at most 80|too_big|<=80/i,
    ],
  ])('refuses %s, naming the file', (_what, file, change, message) => {
    const dir = edited(file, change);
    expect(() => loadExperiments(diagnostics, exists, dir)).toThrow(ContentError);
    expect(() => loadExperiments(diagnostics, exists, dir)).toThrow(message);
    expect(() => loadExperiments(diagnostics, exists, dir)).toThrow(file);
  });
});
