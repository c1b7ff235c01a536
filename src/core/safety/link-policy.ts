/**
 * Which links Opscoach may show. Only pages the knowledge base itself points to (every article's
 * sources and the links in its text) and the places an operator configured
 * (OPSCOACH_ALLOWED_LINKS): a question someone typed, a channel's name or a model's answer can
 * never put a live link to anywhere else in front of people.
 */
export class LinkPolicy {
  private readonly exact: ReadonlySet<string>;
  private readonly prefixes: readonly URL[];

  /**
   * @param known pages the knowledge base points to: allowed exactly (ignoring a trailing slash
   *   and the part after #).
   * @param configured operator-allowed places: a URL allows its own page and everything below
   *   its path on the same origin (https://wiki.example.com allows the whole site).
   */
  constructor(known: Iterable<string>, configured: readonly string[] = []) {
    this.exact = new Set([...known].flatMap((href) => parse(href) ?? []).map(key));
    this.prefixes = configured.flatMap((href) => parse(href) ?? []);
  }

  allows(href: string): boolean {
    const url = parse(href.trim());
    if (!url) return false;
    if (this.exact.has(key(url))) return true;
    return this.prefixes.some((p) => url.origin === p.origin && within(url.pathname, p.pathname));
  }
}

/** Only web links, never javascript:, data:, slack: or a relative path. */
function parse(href: string): URL | undefined {
  if (!/^https?:\/\//i.test(href)) return undefined;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function key(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

function within(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, '');
  return base === '' || path === base || path.startsWith(`${base}/`);
}
