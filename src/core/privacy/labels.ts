import { scrubText } from './scrub.ts';

/** Longest place name kept; Slack's channel names are at most 80 characters, Teams' team and channel 256 together. */
const MAX_LABEL = 200;

/**
 * A place's name (a channel, a team and channel) as it may be stored and shown in reports, or
 * none. Refused: a name the scrubber would change (an address, a handle, a phone number or a link
 * in it), the name Slack gives a group DM ("mpdm-alice--bob--carol-1": its members' handles), and
 * Slack's placeholders for places without a public name ("directmessage", "privategroup").
 */
export function storableLabel(label: string | undefined): string | undefined {
  const trimmed = label?.replace(/\s+/g, ' ').trim();
  if (!trimmed || trimmed.length > MAX_LABEL) return undefined;
  if (/^#?(?:mpdm-|directmessage$|privategroup$)/i.test(trimmed)) return undefined;
  return scrubText(trimmed, [], MAX_LABEL) === trimmed ? trimmed : undefined;
}
