import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'ab12cd34ef56ab12cd34ef56ab12cd34';
export const BOT_TOKEN = 'xoxb-1234-5678-testtokenvalue';

/** Slack's request signature: v0 HMAC-SHA256 over "v0:<timestamp>:<raw body>". */
export function signatureHeaders(body: string, secret = SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export async function send(url: string, body: string, contentType: string, options: SendOptions = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...signatureHeaders(body, options.secret, options.timestamp),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as Record<string, unknown> | undefined };
}

/** A slash command exactly as Slack posts it: form-encoded. */
export function slashCommand(fields: {
  text: string;
  responseUrl: string;
  user?: string;
  userName?: string;
  channel?: string;
  /** As Slack names it: 'directmessage', 'privategroup', 'mpdm-alice--bob-1' for a group DM. */
  channelName?: string;
  team?: string;
  teamDomain?: string;
}) {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team ?? 'T1',
    team_domain: fields.teamDomain ?? 'test',
    channel_id: fields.channel ?? 'C1',
    channel_name: fields.channelName ?? 'ops',
    user_id: fields.user ?? 'U1',
    user_name: fields.userName ?? 'alex',
    command: '/opscoach',
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '123.456.abc',
  }).toString();
}

let eventCounter = 0;

/** An Events API envelope as Slack posts it: JSON. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${++eventCounter}${Date.now()}`) {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}

/** A block_actions interaction as Slack posts it: form field payload=<json>. */
export function blockActions(fields: {
  actionId: string;
  value: string;
  /** Slack sends none for clicks in a view (App Home, a modal). */
  responseUrl?: string;
  user?: string;
  userName?: string;
  team?: string;
  channel?: string;
  channelName?: string;
  container?: Record<string, unknown>;
}) {
  const team = fields.team ?? 'T1';
  const payload = {
    type: 'block_actions',
    user: interactingUser(fields, team),
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: fields.container ?? {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: fields.channel ?? 'C1',
      is_ephemeral: true,
    },
    trigger_id: '123.456.abc',
    team: { id: team, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel ?? 'C1', name: fields.channelName ?? 'ops' },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'answer_actions',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The person in an interaction payload (a click or a form submit), as Slack describes them. */
function interactingUser(fields: { user?: string; userName?: string }, team: string) {
  return {
    id: fields.user ?? 'U1',
    username: fields.userName ?? 'alex',
    name: fields.userName ?? 'alex',
    team_id: team,
  };
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A view_submission interaction (a modal's submit) as Slack posts it. */
export function viewSubmission(fields: {
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  user?: string;
  userName?: string;
  team?: string;
  teamDomain?: string;
  privateMetadata?: string;
}) {
  const team = fields.team ?? 'T1';
  const payload = {
    type: 'view_submission',
    team: { id: team, domain: fields.teamDomain ?? 'test' },
    user: interactingUser(fields, team),
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: '123.456.abc',
    view: {
      id: 'V123',
      team_id: team,
      type: 'modal',
      callback_id: fields.callbackId,
      state: { values: fields.values },
      hash: '1.abc',
      private_metadata: fields.privateMetadata ?? '',
      title: { type: 'plain_text', text: 'Ask Opscoach' },
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
