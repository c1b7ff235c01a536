/** Figures in words, for chat and the terminal. */

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ''));

export function plural(n: number, one: string, many: string): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

export function times(n: number): string {
  if (n === 1) return 'once';
  if (n === 2) return 'twice';
  return `${num(n)} times`;
}

/** Minutes as minutes, hours or days, whichever reads best. */
export function minutesInWords(minutes: number): string {
  if (minutes < 90)
    return plural(minutes < 10 ? Math.round(minutes * 10) / 10 : Math.round(minutes), 'minute', 'minutes');
  return hoursInWords(minutes / 60);
}

export function hoursInWords(hours: number): string {
  if (hours < 48) return plural(hours < 10 ? Math.round(hours * 10) / 10 : Math.round(hours), 'hour', 'hours');
  const days = hours / 24;
  return plural(days < 10 ? Math.round(days * 10) / 10 : Math.round(days), 'day', 'days');
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function perWeek(n: number): string {
  return `${num(Math.round(n * 10) / 10)} ${n === 1 ? 'deployment' : 'deployments'} a week`;
}
