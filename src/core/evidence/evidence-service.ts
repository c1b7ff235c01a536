import type { Diagnostic } from '../diagnostics/definition.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { DiagnosticReport, Evidence } from '../reply.ts';
import type { EvidenceStore } from '../store/evidence-store.ts';
import { dayOf } from '../store/time.ts';
import { DORA_SOURCE, doraBands } from './dora.ts';
import { figuresOf } from './figures.ts';
import { recordsBeside } from './records-beside.ts';
import type { EvidenceWording } from './wording.ts';

export interface EvidenceServiceDeps {
  store: EvidenceStore;
  diagnostics: readonly Diagnostic[];
  knowledge: KnowledgeBase;
  wording: EvidenceWording;
  now: () => Date;
}

const DAY_MS = 86_400_000;

/** Figures from imported records, and the "records say" lines beside report headlines. */
export class EvidenceService {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /**
   * The figures over the last `weeks` weeks up to today, overall and per service (or for one
   * service, matched in any case). `unknown` when that service has no records at all; `empty`
   * when nothing has been imported yet.
   */
  figures(
    weeks: number,
    service?: string,
  ): { evidence: Evidence } | { unknown: string; known: string[] } | { empty: true } {
    const { store } = this.deps;
    const totals = store.totals();
    if (totals.incidents + totals.deployments === 0) return { empty: true };
    const known = store.services();
    const named = service === undefined ? undefined : known.find((s) => s.toLowerCase() === service.toLowerCase());
    if (service !== undefined && named === undefined) return { unknown: service, known };
    const now = this.deps.now();
    const window = { from: dayOf(new Date(now.getTime() - (weeks * 7 - 1) * DAY_MS)), to: dayOf(now) };
    const incidents = store.incidents(window.from, window.to, named);
    const deployments = store.deployments(window.from, window.to, named);
    // One pass to group by service: an organisation may have hundreds of them.
    const byService = new Map<string, { incidents: typeof incidents; deployments: typeof deployments }>();
    const group = (name: string) => {
      let g = byService.get(name);
      if (!g) {
        g = { incidents: [], deployments: [] };
        byService.set(name, g);
      }
      return g;
    };
    for (const i of incidents) group(i.service).incidents.push(i);
    for (const d of deployments) group(d.service).deployments.push(d);
    const services = [...byService.keys()]
      .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
      .map((name) => {
        const g = byService.get(name) as { incidents: typeof incidents; deployments: typeof deployments };
        return { service: name, ...figuresOf(g.incidents, g.deployments, weeks) };
      });
    const overall = figuresOf(incidents, deployments, weeks);
    return {
      evidence: {
        window,
        weeks,
        service: named,
        overall,
        services,
        dora: {
          source: DORA_SOURCE,
          overall: doraBands(overall),
          services: services.map((s) => ({ service: s.service, ...doraBands(s) })),
        },
      },
    };
  }

  /**
   * Adds "records say" lines to each report whose diagnostic has comparisons, over the same
   * number of weeks as the report; reports are left alone when nothing has been imported.
   */
  annotate(reports: readonly DiagnosticReport[]): DiagnosticReport[] {
    const byWeeks = new Map<number, Evidence | undefined>();
    return reports.map((report) => {
      const d = this.deps.diagnostics.find((x) => x.id === report.diagnostic);
      if (!d) return report;
      const weeks = report.window.weeks;
      if (!byWeeks.has(weeks)) {
        const result = this.figures(weeks);
        byWeeks.set(weeks, 'evidence' in result ? result.evidence : undefined);
      }
      const evidence = byWeeks.get(weeks);
      if (!evidence) return report;
      const records = recordsBeside(report, d, evidence.overall, this.deps.wording, this.deps.knowledge);
      return records.length > 0 ? { ...report, records } : report;
    });
  }
}
