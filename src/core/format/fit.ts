/**
 * The largest n in [0, max] for which `fits(n)` holds, given that it holds for every smaller n
 * too; 0 when even that does not fit (the caller's last resort then applies).
 */
export function largestFitting(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
