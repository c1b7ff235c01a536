import { isLoopbackHost } from './teams-mode.ts';

/**
 * Where the Bot Framework really sends from and expects replies (an activity's serviceUrl):
 * Teams in the public cloud (every regional path of smba.trafficmanager.net, such as /amer/,
 * /emea/, /apac/ and /teams/), the US government clouds (GCC, GCC High, DoD), and the Bot
 * Framework's own channels (Web Chat, Direct Line and their regional hosts). TEAMS_SERVICE_URLS
 * replaces this list, for sovereign clouds such as Teams operated by 21Vianet.
 */
const DEFAULT_SERVICE_URLS = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
  '*.botframework.com',
  '*.botframework.azure.us',
] as const;

type Rule = { kind: 'host'; host: string } | { kind: 'domain'; suffix: string } | { kind: 'origin'; origin: string };

function ruleOf(entry: string): Rule {
  if (/^https?:\/\//i.test(entry)) return { kind: 'origin', origin: new URL(entry).origin };
  if (entry.startsWith('*.')) return { kind: 'domain', suffix: entry.slice(1).toLowerCase() };
  return { kind: 'host', host: entry.toLowerCase() };
}

/**
 * Decides whether a serviceUrl is one the Bot Framework uses, before anything is stored or sent
 * there: an activity could otherwise name any server, and the bot would post to it (weekly, once
 * a digest was subscribed). Host names and domains must be HTTPS on the standard port; an origin
 * entry matches exactly. Loopback URLs are allowed only while authentication is off, for the
 * local Bot Framework Emulator.
 */
export class ServiceUrlPolicy {
  private readonly rules: Rule[];

  constructor(
    entries: readonly string[] = DEFAULT_SERVICE_URLS,
    private readonly options: { allowLoopback: boolean } = { allowLoopback: false },
  ) {
    this.rules = entries.map(ruleOf);
  }

  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string' || serviceUrl.length > 2048) return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username || url.password || (url.protocol !== 'https:' && url.protocol !== 'http:')) return false;
    if (this.options.allowLoopback && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))) return true;
    const standardHttps = url.protocol === 'https:' && url.port === '';
    return this.rules.some((rule) => {
      if (rule.kind === 'origin') return url.origin === rule.origin;
      if (!standardHttps) return false;
      return rule.kind === 'host' ? url.hostname === rule.host : url.hostname.endsWith(rule.suffix);
    });
  }

  /** For a log line: the host only, never a path or query someone else wrote. */
  static hostOf(serviceUrl: unknown): string {
    try {
      return new URL(String(serviceUrl)).host.slice(0, 100);
    } catch {
      return 'not a URL';
    }
  }
}
