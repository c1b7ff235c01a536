import type { CoachRuntime } from '../../runtime.ts';

/**
 * `opscoach gaps [--days N] [--json]`: what people asked that the knowledge base could not
 * answer well (declined, or rated not helpful), by scrubbed wording, counts only.
 */
export function gapsCommand(runtime: CoachRuntime, days: number, json: boolean): void {
  const rows = runtime.coach.gaps(days);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`No knowledge gaps in the last ${days} days: nothing was declined or rated not helpful.\n`);
    return;
  }
  process.stdout.write(`Knowledge gaps in the last ${days} days (declined / not helpful / helpful):\n\n`);
  for (const r of rows) {
    process.stdout.write(
      `  ${String(r.declined).padStart(3)} ${String(r.notHelpful).padStart(3)} ${String(r.helpful).padStart(3)}  ${r.question}\n`,
    );
  }
}
