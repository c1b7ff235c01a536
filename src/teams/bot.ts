import {
  ActivityHandler,
  CardFactory,
  type CloudAdapter,
  type InvokeResponse,
  TurnContext as Turn,
  type TurnContext,
} from 'botbuilder';
import type { AdapterApi } from '../core/adapter-api.ts';
import type { Coach } from '../core/coach/coach.ts';
import { isPersonalCommand, parseCommand } from '../core/coach/commands.ts';
import type { Logger } from '../core/logging/logger.ts';
import type { Reply } from '../core/reply.ts';
import { replyCard, replySummary } from './cards/reply-card.ts';
import { executeData, invokeResponse } from './execute.ts';
import type { TeamsIdentity } from './identity.ts';
import { channelReference, personalReach, placeOf, requestContext } from './request-context.ts';
import { type Submit, submitSchema } from './submit.ts';

/** Where the reply to a button goes: a new message, over the card clicked, or to a personal chat. */
type Placement = 'new' | 'in-place' | 'private';

const STALE_BUTTON =
  'That button is from an older version of Opscoach and no longer does anything. Type `help` to see what I can do now.';

/** The Bot Connector redelivers within minutes; remember ids a good while longer. */
const REDELIVERY_WINDOW_MS = 2 * 3_600_000;

export interface BotDeps {
  coach: Coach;
  identity: TeamsIdentity;
  /** Where a channel can be reached for digests, remembered from its activities. */
  addresses: AdapterApi['addresses'];
  /** Activity ids already handled: the Bot Connector redelivers when we are slow or fail. */
  events: AdapterApi['events'];
  admins: ReadonlySet<string>;
  logger: Logger;
  adapter: CloudAdapter;
  appId?: string;
}

/** A Reply as a Teams message: an Adaptive Card, with a short summary for notifications. */
export function messageFor(reply: Reply) {
  return {
    type: 'message' as const,
    summary: replySummary(reply),
    attachments: [CardFactory.adaptiveCard(replyCard(reply))],
  };
}

/**
 * The Teams adapter: typed commands, questions and card submits in; Adaptive Cards out.
 * Behaviour lives in the core; this only translates. Diagnostics are private: one started in a
 * channel or group chat continues in a personal chat with the bot.
 */
export class OpscoachBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      this.remember(context);
      if (context.activity.value && typeof context.activity.value === 'object') await this.onSubmit(context);
      else await this.onText(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      this.remember(context);
      await context.sendActivity(messageFor(this.deps.coach.help()));
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      this.forget(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id === context.activity.recipient.id)) {
        this.remember(context);
        await context.sendActivity(messageFor(this.deps.coach.help()));
      }
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.recipient.id))
        this.forget(context);
      await next();
    });
  }

  /** Handles each delivery once: a redelivered activity (same conversation and id) is dropped. */
  override async run(turn: TurnContext): Promise<void> {
    const { id, conversation } = turn.activity;
    if (id && conversation?.id) {
      const key = `teams:${this.deps.identity.conversation(conversation.id)}:${id}`;
      if (!this.deps.events.claim(key, REDELIVERY_WINDOW_MS, new Date())) {
        this.deps.logger.info({ activity: id }, 'duplicate Teams activity ignored');
        return;
      }
    }
    await super.run(turn);
  }

  private context(turn: TurnContext) {
    return requestContext(turn, this.deps.identity, this.deps.admins);
  }

  private async onText(turn: TurnContext): Promise<void> {
    // The bot's own @mention is removed before parsing, with or without a mention entity.
    const text = (Turn.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '')
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .trim();
    const command = parseCommand(text);
    const context = this.context(turn);
    if (command.name === 'ask') await turn.sendActivity({ type: 'typing' });
    const reply = await this.deps.coach.run(command, context);
    if (isPersonalCommand(command) && placeOf(turn).kind !== 'personal') {
      await this.sendPrivately(turn, reply);
      return;
    }
    await turn.sendActivity(messageFor(reply));
  }

  /** An Action.Submit: its reply goes where `answerSubmit` says. */
  private async onSubmit(turn: TurnContext): Promise<void> {
    const parsed = submitSchema.safeParse(turn.activity.value);
    if (!parsed.success) {
      await turn.sendActivity(STALE_BUTTON);
      return;
    }
    const { reply, placement } = await this.answerSubmit(turn, parsed.data);
    if (placement === 'in-place') await this.updateInPlace(turn, reply);
    else if (placement === 'private') await this.sendPrivately(turn, reply);
    else await turn.sendActivity(messageFor(reply));
  }

  /**
   * An Action.Execute (Universal Actions) arrives as an adaptiveCard/action invoke and must be
   * answered in the HTTP response, or Teams shows an error on the card. Its data is read like an
   * Action.Submit's: a diagnostic screen comes back as the card that replaces the one clicked; any
   * other reply is sent as a message and the card gets a short line. Opscoach's own cards use
   * Action.Submit; this keeps a card from elsewhere (or an older one) from failing.
   */
  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    if (turn.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(turn);
    const parsed = submitSchema.safeParse(executeData(turn.activity.value));
    if (!parsed.success) return invokeResponse({ message: STALE_BUTTON });
    const { reply, placement } = await this.answerSubmit(turn, parsed.data);
    if (placement === 'in-place') return invokeResponse({ card: replyCard(reply) });
    if (placement === 'private') await this.sendPrivately(turn, reply);
    else await turn.sendActivity(messageFor(reply));
    return invokeResponse({ message: replySummary(reply) });
  }

  /** The core's reply to a button, and where it belongs. */
  private async answerSubmit(turn: TurnContext, submit: Submit): Promise<{ reply: Reply; placement: Placement }> {
    const context = this.context(turn);
    const person = context.person ?? '';
    switch (submit.opscoach) {
      case 'ask':
        return { reply: await this.deps.coach.ask(submit.question, context), placement: 'new' };
      case 'feedback':
        return { reply: this.deps.coach.feedback(submit.answer, person, submit.helpful), placement: 'new' };
      case 'comment': {
        const comment = submit.comment?.trim();
        const reply = comment
          ? this.deps.coach.diagnosticComment(
              person,
              submit.session,
              comment,
              [turn.activity.from.name ?? ''].filter(Boolean),
            )
          : this.deps.coach.diagnosticChoice(person, submit.token, context.cohort, personalReach(turn));
        return { reply, placement: 'in-place' };
      }
      case 'choice': {
        // Picking an experiment keeps (sealed) how to reach this personal chat for the check-in.
        const reply = this.deps.coach.diagnosticChoice(person, submit.token, context.cohort, personalReach(turn));
        // A card everyone sees (a digest) is never overwritten: the diagnostic opens privately.
        return { reply, placement: placeOf(turn).kind !== 'personal' ? 'private' : 'in-place' };
      }
    }
  }

  /** Replaces the card that was clicked, so a diagnostic stays one message that changes. */
  private async updateInPlace(turn: TurnContext, reply: Reply): Promise<void> {
    const id = turn.activity.replyToId;
    if (!id) {
      await turn.sendActivity(messageFor(reply));
      return;
    }
    await turn.updateActivity({ ...messageFor(reply), id });
  }

  /** Opens (or reuses) the personal chat with this person and continues there. */
  private async sendPrivately(turn: TurnContext, reply: Reply): Promise<void> {
    const activity = turn.activity;
    const tenantId =
      activity.conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId ?? '',
      activity.channelId,
      activity.serviceUrl,
      'https://api.botframework.com',
      {
        isGroup: false,
        bot: activity.recipient,
        members: [activity.from],
        tenantId,
        channelData: { tenant: { id: tenantId } },
        activity: undefined as never,
      },
      async (personal) => {
        await personal.sendActivity(messageFor(reply));
      },
    );
    // Not the person's name: a display name can hold Markdown (a link) and is theirs to give, not ours to repeat.
    await turn.sendActivity("I've sent that to you in a private chat with me: it is for your eyes only.");
  }

  /** Keeps how to reach this conversation, for digests sent later without being asked. */
  private remember(turn: TurnContext): void {
    const place = placeOf(turn);
    if (place.kind === 'personal') return;
    const reference = channelReference(turn, place);
    this.deps.addresses.rememberAddress('teams', place.channelConversationId, JSON.stringify(reference), place.teamId);
  }

  /** The bot was removed: its digests stop and the addresses are forgotten. */
  private forget(turn: TurnContext): void {
    const place = placeOf(turn);
    const stopped = this.deps.addresses.forget('teams', place.channelConversationId, place.teamId);
    this.deps.logger.info(
      { conversation: place.label ?? place.kind, stopped },
      'removed from a Teams conversation: digests stopped',
    );
  }
}
