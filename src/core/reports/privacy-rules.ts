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
  /** Hidden whatever its size: its figures changed by fewer than k people since it was last shown. */
  hide?: boolean;
}

/**
 * Which groups of one attribute (role, sourcing or channel) may be shown. Groups under k (and
 * any marked hidden) are hidden; then the next-smallest shown groups are hidden too until the hidden people add up to
 * at least k, so no hidden group can be worked out by subtracting the shown ones from the total.
 * With fewer than two groups left to show, nothing is shown. Attributes are never crossed.
 */
export function releasableSlices(
  groups: readonly SliceGroup[],
  k: number,
): { shown: SliceGroup[]; hidden: number } | undefined {
  const sorted = [...groups].filter((g) => g.n > 0).sort((a, b) => a.n - b.n);
  const shown = sorted.filter((g) => g.n >= k && !g.hide);
  let hiddenGroups = sorted.length - shown.length;
  let hiddenPeople = sorted.filter((g) => g.n < k || g.hide).reduce((sum, g) => sum + g.n, 0);
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

/**
 * Where a window may start, oldest first: the weeks with respondents are cut, from the oldest
 * on, into runs of at least k respondents, and a window may begin only at the start of a run.
 * Any two windows ending in the same week then differ by whole runs, never by fewer than k
 * people (a 1-week report beside a 2-week one would otherwise show the previous week's one
 * respondent by subtraction). Old weeks do not change, so the runs do not either.
 */
export function windowStarts(respondentsPerWeek: ReadonlyMap<string, number>, k: number): string[] {
  const weeks = [...respondentsPerWeek.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1));
  const starts: string[] = [];
  let start: string | undefined;
  let people = 0;
  for (const [week, n] of weeks) {
    start ??= week;
    people += n;
    if (people >= k) {
      starts.push(start);
      start = undefined;
      people = 0;
    }
  }
  return starts;
}

/** Respondents in the weeks from..to (inclusive). */
export function respondentsIn(respondentsPerWeek: ReadonlyMap<string, number>, from: string, to: string): number {
  let n = 0;
  for (const [week, count] of respondentsPerWeek) if (week >= from && week <= to) n += count;
  return n;
}

/** Whether two windows ending in the same week hold the same people (only empty weeks between their starts). */
export function sameRespondents(
  respondentsPerWeek: ReadonlyMap<string, number>,
  a: string,
  b: string,
  to: string,
): boolean {
  return respondentsIn(respondentsPerWeek, a, to) === respondentsIn(respondentsPerWeek, b, to);
}

/**
 * Of the allowed starts, the one whose window (to `to`) holds the number of people nearest to the
 * window asked for (from `from`); on a tie, the later start. Empty weeks do not matter, people do.
 */
export function nearestWindowStart(
  starts: readonly string[],
  respondentsPerWeek: ReadonlyMap<string, number>,
  from: string,
  to: string,
): string | undefined {
  const wanted = respondentsIn(respondentsPerWeek, from, to);
  let best: { start: string; distance: number } | undefined;
  for (const start of starts) {
    if (start > to) continue;
    const distance = Math.abs(respondentsIn(respondentsPerWeek, start, to) - wanted);
    if (!best || distance < best.distance || (distance === best.distance && start > best.start)) {
      best = { start, distance };
    }
  }
  return best?.start;
}

/**
 * Where a window of the weeks `from`..`to` may start: undefined while those weeks hold fewer than
 * k respondents; otherwise the allowed start nearest to them in people, or `from` itself when
 * that holds the same people (only empty weeks between). The report engine's rule, for any
 * figures cut into windows.
 */
export function releasedWindowStart(
  respondentsPerWeek: ReadonlyMap<string, number>,
  k: number,
  from: string,
  to: string,
): string | undefined {
  if (respondentsIn(respondentsPerWeek, from, to) < k) return undefined;
  const nearest = nearestWindowStart(windowStarts(respondentsPerWeek, k), respondentsPerWeek, from, to);
  if (!nearest) return undefined;
  return sameRespondents(respondentsPerWeek, nearest, from, to) ? from : nearest;
}
