import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Config } from '../config.ts';
import type { Logger } from '../core/logging/logger.ts';
import { friendlyFailure, referenceId } from '../core/logging/reference.ts';
import { noteFailure } from '../core/logging/request-scope.ts';
import type { TeamsMode } from './teams-mode.ts';

/**
 * The Bot Framework CloudAdapter, configured from the standard variables. With an app id every
 * request must carry a valid Bot Framework token; without one (local emulator) none is checked.
 */
export function createTeamsAdapter(config: Config, mode: TeamsMode, logger: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: mode.appId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: mode.appId ? config.MicrosoftAppType : '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings as ConfigurationBotFrameworkAuthenticationOptions,
    new ConfigurationServiceClientCredentialFactory(settings),
  );
  const adapter = new CloudAdapter(auth);
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
  return adapter;
}
