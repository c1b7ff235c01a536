/**
 * The public pages of the Equal Experts "You Build It You Run It" playbook (CC BY-NC 4.0) that
 * built-in articles may cite. An organisation's own articles (KNOWLEDGE_DIRS) may cite any URL.
 */
export const PLAYBOOK_BASE = 'https://playbooks.equalexperts.com/you-build-it-you-run-it';

const PAGES = [
  '',
  '/authors',
  '/introduction',
  '/what-is-ops-run-it',
  '/what-is-ops-run-it/deployment-throughput',
  '/what-is-ops-run-it/service-reliability',
  '/what-is-ops-run-it/learning-culture',
  '/what-is-ops-run-it/benefits',
  '/what-is-ops-run-it/drawbacks',
  '/what-is-you-build-it-you-run-it',
  '/what-is-you-build-it-you-run-it/deployment-throughput',
  '/what-is-you-build-it-you-run-it/service-reliability',
  '/what-is-you-build-it-you-run-it/learning-culture',
  '/what-is-you-build-it-you-run-it/benefits',
  '/what-is-you-build-it-you-run-it/drawbacks',
  '/principles',
  '/practices',
  '/practices/selection',
  '/practices/governance',
  '/practices/build',
  '/practices/operational-enablers',
  '/practices/incident-response',
  '/practices/measurement',
  '/practices/scale',
  '/pitfalls',
  '/resources',
  '/contributions',
  '/contributions/contributors',
  '/contributions/how-to-contribute',
  '/about-equal-experts',
];

export const KNOWN_PUBLIC_SOURCES: ReadonlySet<string> = new Set(PAGES.map((page) => `${PLAYBOOK_BASE}${page}`));
