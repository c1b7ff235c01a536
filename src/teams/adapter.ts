import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Logger } from '../core/logging/logger.ts';
import { friendlyFailure, referenceId } from '../core/logging/reference.ts';
import { noteFailure } from '../core/logging/request-scope.ts';
import type { TeamsMode } from './teams-mode.ts';

/** The turn botbuilder runs for an authenticated request. */
type Logic = Parameters<CloudAdapter['processActivityDirect']>[2];
export type Authenticated = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;

/**
 * CloudAdapter, plus a way to run a turn for a request authenticated beforehand. Its own
 * process() authenticates and answers failures itself, with a 500 and a stack trace on the
 * console for a forged token; we authenticate first (see authenticate.ts) and then hand over.
 */
class OpscoachAdapter extends CloudAdapter {
  runAuthenticated(authenticated: Authenticated, activity: Activity, logic: Logic) {
    return this.processActivity(authenticated, activity, logic);
  }
}

export interface TeamsAdapter {
  adapter: OpscoachAdapter;
  /** Checks incoming requests' tokens; the same configuration the adapter uses to reply. */
  auth: ConfigurationBotFrameworkAuthentication;
}

/**
 * The Bot Framework CloudAdapter, configured from the standard variables. With an app id every
 * request must carry a valid Bot Framework token; without one (local emulator) none is checked.
 */
export function createTeamsAdapter(mode: TeamsMode, logger: Logger): TeamsAdapter {
  const settings = {
    MicrosoftAppId: mode.appId ?? '',
    MicrosoftAppPassword: mode.password ?? '',
    MicrosoftAppType: mode.appId ? (mode.appType ?? 'SingleTenant') : '',
    MicrosoftAppTenantId: mode.tenantId ?? '',
  };
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings as ConfigurationBotFrameworkAuthenticationOptions,
    new ConfigurationServiceClientCredentialFactory(settings),
  );
  const adapter = new OpscoachAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    const reference = referenceId();
    noteFailure();
    logger.error({ err: error, reference, platform: 'teams' }, 'Teams turn failed');
    try {
      await context.sendActivity(friendlyFailure(reference, 'markdown'));
    } catch (sendError) {
      logger.error({ err: sendError, reference }, 'could not tell the person about the failure');
    }
  };
  return { adapter, auth };
}
