/**
 * The public pages of the Equal Experts "You Build It You Run It" playbook (CC BY-NC 4.0) that
 * built-in articles may cite, with the titles the playbook gives them. An organisation's own
 * articles (KNOWLEDGE_DIRS) may cite any URL.
 */
export const PLAYBOOK_BASE = 'https://playbooks.equalexperts.com/you-build-it-you-run-it';

/** Path under the base (the overview is the base itself) and the page's title. */
const PAGES: readonly (readonly [string, string])[] = [
  ['', 'Overview'],
  ['/authors', 'Authors'],
  ['/introduction', 'Introduction'],
  ['/what-is-ops-run-it', 'What is Ops Run It'],
  ['/what-is-ops-run-it/deployment-throughput', 'Deployment throughput in Ops Run It'],
  ['/what-is-ops-run-it/service-reliability', 'Service reliability in Ops Run It'],
  ['/what-is-ops-run-it/learning-culture', 'Learning culture in Ops Run It'],
  ['/what-is-ops-run-it/benefits', 'Benefits of Ops Run It'],
  ['/what-is-ops-run-it/drawbacks', 'Drawbacks of Ops Run It'],
  ['/what-is-you-build-it-you-run-it', 'What is You Build It You Run It'],
  ['/what-is-you-build-it-you-run-it/deployment-throughput', 'Deployment throughput in You Build It You Run It'],
  ['/what-is-you-build-it-you-run-it/service-reliability', 'Service reliability in You Build It You Run It'],
  ['/what-is-you-build-it-you-run-it/learning-culture', 'Learning culture in You Build It You Run It'],
  ['/what-is-you-build-it-you-run-it/benefits', 'Benefits of You Build It You Run It'],
  ['/what-is-you-build-it-you-run-it/drawbacks', 'Drawbacks of You Build It You Run It'],
  ['/principles', 'Principles'],
  ['/practices', 'Practices'],
  ['/practices/selection', 'Selection'],
  ['/practices/governance', 'Governance'],
  ['/practices/build', 'Build'],
  ['/practices/operational-enablers', 'Operational Enablers'],
  ['/practices/incident-response', 'Incident Response'],
  ['/practices/measurement', 'Measurement'],
  ['/practices/scale', 'Scale'],
  ['/pitfalls', 'Pitfalls'],
  ['/resources', 'Resources'],
  ['/contributions', 'Contributions'],
  ['/contributions/contributors', 'Contributors'],
  ['/contributions/how-to-contribute', 'How to Contribute'],
  ['/about-equal-experts', 'About Equal Experts'],
];

const TITLES: ReadonlyMap<string, string> = new Map(PAGES.map(([path, title]) => [`${PLAYBOOK_BASE}${path}`, title]));

export const KNOWN_PUBLIC_SOURCES: ReadonlySet<string> = new Set(TITLES.keys());

/** The playbook's title for one of its pages, or undefined for any other URL. */
export function playbookPageTitle(url: string): string | undefined {
  return TITLES.get(url);
}

/**
 * The URL a section's source reference stands for: a full http(s) URL as written, or a playbook
 * page by its path under the base ("practices/governance"; "overview" is the base page itself).
 */
export function resolveSourceRef(ref: string): string {
  if (/^https?:\/\//i.test(ref)) return ref;
  const path = ref.replace(/^\/+|\/+$/g, '');
  return path === '' || path === 'overview' ? PLAYBOOK_BASE : `${PLAYBOOK_BASE}/${path}`;
}
