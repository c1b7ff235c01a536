/** One benchmark row: our code path beside a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  p50: number;
  /** Left out for a row measured once (a whole run has no spread); shown as a dash. */
  p99?: number;
  baseline: string;
  baselineP50: number;
  baselineP99?: number;
  /** Units for the figures, "ms" by default. */
  unit?: string;
  note?: string;
}

const ratio = (ours: number | undefined, base: number | undefined) => {
  if (ours === undefined || base === undefined) return '–';
  const r = ours / base;
  return `${r >= 0.1 ? r.toFixed(1) : r.toPrecision(2)}x`;
};
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3));
const cell = (n: number | undefined, unit = 'ms') => (n === undefined ? '–' : `${fmt(n)} ${unit}`);

/** Prints every row with its ratio to the baseline; a benchmark reports, it never fails. */
export function printTable(rows: readonly BenchRow[]): void {
  const header = ['benchmark', 'p50', 'p99', 'baseline', 'base p50', 'base p99', 'ratio p50', 'ratio p99'];
  const body = rows.map((r) => [
    r.name,
    cell(r.p50, r.unit),
    cell(r.p99, r.unit),
    r.baseline,
    cell(r.baselineP50, r.unit),
    cell(r.baselineP99, r.unit),
    ratio(r.p50, r.baselineP50),
    ratio(r.p99, r.baselineP99),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
  for (const r of rows) if (r.note) console.log(`\n${r.name}: ${r.note}`);
}
