import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, type ImportEdge, importGraph, packagesLoadedBy } from './import-graph.ts';

/**
 * The dependency rule of docs/architecture.md, checked over every import in src/ (type-only
 * imports included: they are dependencies of the design even when compiled away).
 */
const src = fileURLToPath(new URL('../../src/', import.meta.url));
const graph = importGraph(src);
const edges = [...graph.values()].flat();
const show = (list: readonly ImportEdge[]) => list.map((e) => `${e.from} -> ${e.to}`);

const inCore = (file: string) => file.startsWith('core/');
const inAdapter = (file: string) => file.startsWith('slack/') || file.startsWith('teams/');

describe('the dependency rule', () => {
  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('main.ts')?.some((e) => e.to === 'config.ts')).toBe(true);
  });

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the core free of adapters and of the environment: core imports nothing from slack, teams, cli, server or config', () => {
    const outward = edges.filter((e) => inCore(e.from) && e.kind === 'file' && !inCore(e.to));
    expect(show(outward)).toEqual([]);
  });

  it('gives chat adapters the core, never the composition root: slack and teams import no runtime, main, cli or each other', () => {
    const wiring = new Set(['runtime.ts', 'main.ts']);
    const reaching = edges.filter(
      (e) =>
        inAdapter(e.from) &&
        e.kind === 'file' &&
        (wiring.has(e.to) ||
          e.to.startsWith('cli/') ||
          (e.from.startsWith('slack/') && e.to.startsWith('teams/')) ||
          (e.from.startsWith('teams/') && e.to.startsWith('slack/'))),
    );
    expect(show(reaching)).toEqual([]);
  });

  it('keeps botbuilder (and the Bot Framework packages) in src/teams', () => {
    const stray = edges.filter(
      (e) => e.kind === 'package' && /^(botbuilder|botframework-)/.test(e.to) && !e.from.startsWith('teams/'),
    );
    expect(show(stray)).toEqual([]);
  });

  it('keeps the OpenAI SDK in src/core/model', () => {
    const stray = edges.filter((e) => e.kind === 'package' && e.to === 'openai' && !e.from.startsWith('core/model/'));
    expect(show(stray)).toEqual([]);
  });

  it('loads the OpenAI SDK only when a model is asked: never for an offline answer', () => {
    expect(packagesLoadedBy(graph, 'core/answer/answerer.ts')).not.toContain('openai');
    expect(packagesLoadedBy(graph, 'runtime.ts')).not.toContain('openai');
  });

  it('keeps Slack packages in src/slack', () => {
    const stray = edges.filter(
      (e) => e.kind === 'package' && e.to.startsWith('@slack/') && !e.from.startsWith('slack/'),
    );
    expect(show(stray)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, kind: 'file', typeOnly: false, lazy: false });
    const made = new Map([
      ['core/a.ts', [edge('core/a.ts', 'core/b.ts')]],
      ['core/b.ts', [edge('core/b.ts', 'core/c.ts')]],
      ['core/c.ts', [edge('core/c.ts', 'core/a.ts')]],
    ]);
    expect(cycles(made)).toEqual([['core/a.ts', 'core/b.ts', 'core/c.ts']]);
  });
});
