import { MAX_QUESTION_CHARS } from '../limits.ts';

/**
 * Removes what could identify a person from free text before it is stored: email addresses,
 * Slack/Teams mentions, phone numbers, URLs and (when given) names of the person's own
 * workspace or organisation. What remains is the question, not the questioner.
 *
 * Every pattern runs in time linear in the text: no nested or overlapping quantifiers, and a
 * run of characters that could start a match is tried from its first character only (a
 * lookbehind refuses the middle of the run), so a 20,000-character hostile message costs what a
 * short one does. test/core/privacy/scrub.test.ts checks each pattern with a ReDoS checker.
 */

/** A letter, digit, combining mark or underscore in any script: what \w means outside ASCII. */
const WORD = String.raw`\p{L}\p{N}\p{M}_`;
/** What the local part of an address may hold (RFC 5322's atext, dots, and letters of any script). */
const LOCAL = `[${WORD}.!#$%&'*+/=?^\`{|}~-]`;

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // Slack mentions and links: <@U123>, <@U123|name>, <#C123|general>, <!here>, <https://x|label>.
  // The run stops at the next "<", so a text of "<@<@<@..." is read once, not once per "<".
  [/<[@#!][^<>]*>/g, '[mention]'],
  [/<(?:https?|mailto):[^<>]*>/gi, '[link]'],
  // Teams mentions arrive as <at>Name</at>
  [/<at>[^<]*<\/at>/gi, '[mention]'],
  [new RegExp(`(?<!${LOCAL})${LOCAL}+@[${WORD}-]+(?:\\.[${WORD}-]+)+`, 'gu'), '[email]'],
  [/\b(?:https?:\/\/|www\.)[^\s<>"']+/giu, '[link]'],
  // Plain @handles people type by hand, also in brackets or quotes: "(@sam)", "cc:@sam".
  [new RegExp(`(?<![${WORD}])@[${WORD}.-]{2,}`, 'gu'), '[mention]'],
];

/**
 * A run that may be a phone number: digits with optional +, spaces, dots, dashes and brackets.
 * The run is taken whole (greedy, nothing after it to backtrack for) and judged in code.
 */
const PHONE_RUN = new RegExp(`(?<![${WORD}.])\\+?\\(?\\d[\\d\\s().-]*`, 'gu');
const DATE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
const GLUED_TO_WORD = new RegExp(`^[${WORD}]`, 'u');

const isPhone = (match: string) => (match.match(/\d/g)?.length ?? 0) >= 7 && !DATE.test(match.trim());

/**
 * The part of a digit run that is the number: without trailing separators, and without a last
 * group of digits glued to a word ("call 020 7946 0000ext" keeps "0000ext" out of it).
 */
function phoneIn(run: string, next: string | undefined): string {
  let end = run.length;
  if (next !== undefined && GLUED_TO_WORD.test(next)) while (end > 0 && /\d/.test(run[end - 1] ?? '')) end--;
  while (end > 0 && !/\d/.test(run[end - 1] ?? '')) end--;
  return run.slice(0, end);
}

function replacePhones(text: string, found?: (phone: string) => void): string {
  return text.replace(PHONE_RUN, (run: string, offset: number, whole: string) => {
    const phone = phoneIn(run, whole[offset + run.length]);
    if (!isPhone(phone)) return run;
    found?.(phone.trim());
    return `[phone]${run.slice(phone.length)}`;
  });
}

/**
 * The start of a text, at most `max` characters, ending where a word ends: cutting inside an
 * address or a link would leave a piece the patterns no longer recognise ("alice@exam").
 * A text with no break in its first `max` characters gives nothing.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  while (end > 0 && !/\s/.test(text[end] ?? '')) end--;
  return text.slice(0, end);
}

/** How much of a text is ever scrubbed when the caller names no limit. */
const DEFAULT_LIMIT = 4000;

/**
 * The text without emails, mentions, links, phone numbers and the given names, at most `limit`
 * characters. The text is cut before it is scrubbed, so the cost never depends on how much
 * someone pasted.
 */
export function scrubText(text: string, ownNames: readonly string[] = [], limit = DEFAULT_LIMIT): string {
  let out = cutAtWord(text, limit).normalize('NFC');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  out = replacePhones(out);
  for (const name of ownNames) {
    const trimmed = name.normalize('NFC').trim();
    if (trimmed.length < 3) continue;
    out = out.replace(namePattern(trimmed), '[organisation]');
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, limit);
}

/**
 * A name as a whole word in any script: "Zoë" and "José" end in letters that \b does not
 * count as word characters, so the boundaries are Unicode-aware lookarounds instead.
 */
function namePattern(name: string): RegExp {
  const literal = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![${WORD}])${literal}(?![${WORD}])`, 'giu');
}

/** Closing punctuation a link or handle is often followed by ("see https://x/y)."). */
const TRAILING = new Set([...`).,;:!?'"`]);

function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.has(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/**
 * What scrubText takes out of a text: its emails, mentions, phone numbers and links, with what
 * Slack and Teams wrap them in unwrapped too (<mailto:a@b|a@b>, <https://x|label>, <@U1|name>,
 * <at>Name</at>), since a reply would repeat them bare.
 */
function identifyingParts(text: string): string[] {
  const parts: string[] = [];
  let out = text.normalize('NFC');
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, (match) => {
      parts.push(match, withoutTrailingPunctuation(match));
      const at = /^<at>([^<]*)<\/at>$/i.exec(match)?.[1];
      const [target = '', label = ''] = /^<(?:@|mailto:|https?:)/i.test(match) ? match.slice(1, -1).split('|') : [];
      const bare = [at, target.replace(/^(?:@|mailto:)/i, ''), /^<@/.test(match) || label.includes('@') ? label : ''];
      parts.push(...bare.filter((p): p is string => Boolean(p && p.trim().length >= 3)).map((p) => p.trim()));
      return replacement;
    });
  }
  replacePhones(out, (phone) => parts.push(phone));
  return parts;
}

/** The longest question the answerer reads; a reply can only repeat what is in that much. */
const ECHO_LIMIT = MAX_QUESTION_CHARS;

/**
 * A reply about to be stored, without anything the question identified the asker by: a model may
 * repeat the email address or phone number it was given, and replies are kept (for sharing, and
 * as context for follow-ups) where questions are kept only scrubbed.
 */
export function scrubEcho(reply: string, question: string): string {
  let out = reply;
  for (const part of identifyingParts(cutAtWord(question.trim(), ECHO_LIMIT)).sort((a, b) => b.length - a.length)) {
    out = out.split(part).join('[removed]');
  }
  return out;
}

/** Every pattern the scrubber runs (a name pattern as an example), for the check that each is linear. */
export function scrubberPatterns(): RegExp[] {
  return [...PATTERNS.map(([pattern]) => pattern), PHONE_RUN, namePattern('Zoë')];
}
