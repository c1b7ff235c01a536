/**
 * Removes what could identify a person from free text before it is stored: email addresses,
 * Slack/Teams mentions, phone numbers, URLs and (when given) names of the person's own
 * workspace or organisation. What remains is the question, not the questioner.
 */
const PATTERNS: [RegExp, string][] = [
  // Slack mentions and links: <@U123>, <@U123|name>, <#C123|general>, <!here>, <https://x|label>
  [/<[@#!][^>]*>/g, '[mention]'],
  [/<(?:https?|mailto):[^>]*>/gi, '[link]'],
  // Teams mentions arrive as <at>Name</at>
  [/<at>[^<]*<\/at>/gi, '[mention]'],
  [/[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [/\b(?:https?:\/\/|www\.)[^\s<>"']+/gi, '[link]'],
  // Plain @handles people type by hand.
  [/(^|\s)@[\w.-]{2,}/g, '$1[mention]'],
];

/** Phone numbers: seven or more digits with optional +, spaces, dots, dashes and brackets; not dates. */
const PHONE = /(?<![\w.])\+?\(?\d[\d\s().-]{5,}\d(?!\w)/g;
const DATE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;

export function scrubText(text: string, ownNames: readonly string[] = []): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(PHONE, (match) =>
    (match.match(/\d/g)?.length ?? 0) >= 7 && !DATE.test(match.trim()) ? '[phone]' : match,
  );
  for (const name of ownNames) {
    const trimmed = name.trim();
    if (trimmed.length < 3) continue;
    out = out.replace(new RegExp(`\\b${trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), '[organisation]');
  }
  return out.replace(/\s+/g, ' ').trim();
}
