/**
 * The privacy rules every report and digest goes through, in the engine, so no renderer can
 * show what was not released. k is the smallest group shown (never below 3).
 */

export type RespondentBand = '5–9' | '10–19' | '20+' | `${number}–${number}`;

/** How many answered, as a band: exact counts of small groups help nobody and can identify people. */
export function respondentBand(n: number, k: number): string {
  if (n >= 20) return '20+';
  if (n >= 10) return '10–19';
  return `${k}–9`;
}

/**
 * A percentage, rounded to tens below 20 respondents: small groups get coarse figures. It blurs,
 * it does not hide: in a group of 5 one person is 20 points. Hiding is k's job (and the bands').
 */
export function share(count: number, n: number): number {
  if (n <= 0) return 0;
  const exact = (100 * count) / n;
  return n < 20 ? Math.round(exact / 10) * 10 : Math.round(exact);
}

export interface SliceGroup {
  value: string;
  n: number;
}

/**
 * Which groups of one attribute (role, sourcing or channel) may be shown. Groups under k are
 * hidden; then the next-smallest shown groups are hidden too until the hidden people add up to
 * at least k, so no hidden group can be worked out by subtracting the shown ones from the total.
 * With fewer than two groups left to show, nothing is shown. Attributes are never crossed.
 */
export function releasableSlices(
  groups: readonly SliceGroup[],
  k: number,
): { shown: SliceGroup[]; hidden: number } | undefined {
  const sorted = [...groups].filter((g) => g.n > 0).sort((a, b) => a.n - b.n);
  const shown = sorted.filter((g) => g.n >= k);
  let hiddenGroups = sorted.length - shown.length;
  let hiddenPeople = sorted.filter((g) => g.n < k).reduce((sum, g) => sum + g.n, 0);
  if (hiddenGroups > 0) {
    do {
      const next = shown.shift();
      if (!next) break;
      hiddenGroups++;
      hiddenPeople += next.n;
    } while (hiddenPeople < k);
  }
  if (shown.length < 2) return undefined;
  return { shown: shown.sort((a, b) => b.n - a.n), hidden: hiddenGroups };
}
