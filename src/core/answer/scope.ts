/**
 * Requests a coach on operating models does not take, however many of our words they use:
 * writing code, queries or configuration; legal, tax or payroll advice; and the prices of tools
 * or people. "Write me the PromQL for a 5xx alert" and "does on-call standby count as working
 * time under German law?" share words with the knowledge base but not its subject, so the coach
 * says what it does not do instead of stretching an article to fit.
 */
/** Asking the coach itself to produce an artefact: "can you write me...", "generate a...". */
const ARTEFACT =
  '(?:query|queries|code|script|module|regex|function|yaml|terraform|promql|sql|dockerfile|helm chart|config(?:uration)? file|monitor|alert rule|workflow|jenkinsfile|manifest|cron ?job|bash)';
const AUTHORING = new RegExp(
  `(?:\\b(?:can|could|would|will) (?:you|u) (?:pls |please )?|\\bplease |^|[.?!]\\s+)(?:write|generate|create|draft|produce|give me)\\b(?: me| us)?[^.?!]{0,60}\\b${ARTEFACT}s?\\b|\\b(?:in|using) [\\w.-]+ syntax\\b`,
  'im',
);
/** The artefact named first, the request after it: "need a GitHub Actions workflow for X, can u write it". */
const AUTHORING_AFTER = new RegExp(
  `\\b${ARTEFACT}s?\\b[^?!]{0,100}\\b(?:can|could|would|will) (?:you|u) (?:pls |please )?(?:write|generate|create|draft|produce) (?:it|that|this|one|them)\\b`,
  'i',
);

const LEGAL_OR_TAX =
  /\b(?:legal(?:ly)?|lawful|unlawful|statutory|labou?r law|employment law|under (?:\w+ )?law|tax(?:ed|able|ation|es)?|works council|working time (?:directive|regulations?|act)|arbeitszeitgesetz)\b/i;
/** Compliance is our subject (the playbook answers the segregation-of-duties myth), even when the law is mentioned. */
const COMPLIANCE = /\b(?:sox|sarbanes|pci|segregation|separation of duties|itil|audit(?:or|ors|ing)?|compliance)\b/i;

const PRICES =
  /\b(?:current pricing|pricing (?:plans?|tiers?)|price list|day rate|daily rate|hourly rate|going rate|exam (?:price|fee|cost)|which (?:one|tool|vendor|product)(?:'s|’s| is) (?:cheaper|better value)|per (?:user|seat) (?:price|cost))\b|\bcheaper for \d+ (?:users|hosts|seats)\b|\bfor (?:about |around )?\d+ (?:hosts|users|seats)\b[^.?!]{0,30}\bcheaper\b/i;

/** Careers, certifications and training courses. */
const CAREERS = /\b(?:for my career|career (?:advice|path|move)|certifications?|get certified|exam|cka|ckad)\b/i;

/**
 * Setting up a particular product: the playbook is about who does what, not how a tool is
 * configured ("How do I configure ServiceNow so change requests auto-approve...").
 */
const TOOL_SETUP =
  /\bhow (?:do|can|should|would) (?:i|we|you) (?:configure|set up|setup|install|script|tune|wire up)\b[^.?!]{0,80}\b(?:servicenow|pagerduty|opsgenie|jira|jenkins|github(?: actions)?|gitlab|terraform|kubernetes|k8s|datadog|new relic|grafana|prometheus|splunk|confluence|aws|azure|gcp|codedeploy|argo ?cd|helm|ansible|nginx)\b/i;

/** Creative writing, and picking things to buy or read, whatever they are for. */
const CREATIVE_OR_SHOPPING =
  /\b(?:write|compose|tell|give)\b[^.?!]{0,30}\b(?:poem|haiku|limerick|joke|song|story|essay|cover letter|speech)\b|\b(?:best|good|recommend(?:ed)?|which)\b[^.?!]{0,25}\b(?:laptop|phone|headphones|keyboard|monitor screen|standing desk|desk chair|office chair|book|novel|podcast|course|certification|restaurant|recipe|hotel)s?\b(?:[^.?!]{0,30}\b(?:for|to buy|should i|to read))?/i;

export function isOutOfScope(question: string): boolean {
  for (const pattern of [AUTHORING, AUTHORING_AFTER, PRICES, CREATIVE_OR_SHOPPING, CAREERS, TOOL_SETUP])
    if (pattern.test(question)) return true;
  return LEGAL_OR_TAX.test(question) && !COMPLIANCE.test(question);
}
