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
  // Plain @handles people type by hand, also in brackets or quotes: "(@sam)", "cc:@sam".
  [/(?<!\w)@[\w.-]{2,}/g, '[mention]'],
];

/** Phone numbers: seven or more digits with optional +, spaces, dots, dashes and brackets; not dates. */
const PHONE = /(?<![\w.])\+?\(?\d[\d\s().-]{5,}\d(?!\w)/g;
const DATE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;

const isPhone = (match: string) => (match.match(/\d/g)?.length ?? 0) >= 7 && !DATE.test(match.trim());

export function scrubText(text: string, ownNames: readonly string[] = []): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(PHONE, (match) => (isPhone(match) ? '[phone]' : match));
  for (const name of ownNames) {
    const trimmed = name.trim();
    if (trimmed.length < 3) continue;
    out = out.replace(new RegExp(`\\b${trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), '[organisation]');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * What scrubText takes out of a text: its emails, mentions, phone numbers and links, with what
 * Slack and Teams wrap them in unwrapped too (<mailto:a@b|a@b>, <https://x|label>, <@U1|name>,
 * <at>Name</at>), since a reply would repeat them bare.
 */
function identifyingParts(text: string): string[] {
  const parts: string[] = [];
  let out = text;
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, (match) => {
      // A link or handle followed by punctuation ("see https://x/y).") is repeated without it.
      parts.push(match, match.replace(/[).,;:!?'"]+$/, ''));
      const at = /^<at>([^<]*)<\/at>$/i.exec(match)?.[1];
      const [target = '', label = ''] = /^<(?:@|mailto:|https?:)/i.test(match) ? match.slice(1, -1).split('|') : [];
      const bare = [at, target.replace(/^(?:@|mailto:)/i, ''), /^<@/.test(match) || label.includes('@') ? label : ''];
      parts.push(...bare.filter((p): p is string => Boolean(p && p.trim().length >= 3)).map((p) => p.trim()));
      return replacement;
    });
  }
  for (const match of out.match(PHONE) ?? []) if (isPhone(match)) parts.push(match.trim());
  return parts;
}

/**
 * A reply about to be stored, without anything the question identified the asker by: a model may
 * repeat the email address or phone number it was given, and replies are kept (for sharing, and
 * as context for follow-ups) where questions are kept only scrubbed.
 */
export function scrubEcho(reply: string, question: string): string {
  let out = reply;
  for (const part of identifyingParts(question).sort((a, b) => b.length - a.length)) {
    out = out.split(part).join('[removed]');
  }
  return out;
}
