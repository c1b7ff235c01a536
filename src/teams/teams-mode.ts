import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

/** How Teams is served: authenticated with an app registration, or open for the local emulator. */
export interface TeamsMode {
  appId?: string;
  authenticated: boolean;
}

/**
 * Teams runs when MicrosoftAppId is set (authenticated) or TEAMS_ENABLED=true without one
 * (local emulator, authentication off). A registration missing what its type needs is one line.
 */
export function teamsModeFrom(config: Config): TeamsMode | undefined {
  const { MicrosoftAppId: appId, MicrosoftAppType: type } = config;
  if (!appId) return config.TEAMS_ENABLED ? { authenticated: false } : undefined;
  if (config.TEAMS_ENABLED === false) return undefined;
  if (type !== 'MultiTenant' && !config.MicrosoftAppTenantId) {
    throw new ConfigError(`Invalid MicrosoftAppTenantId: expected the Azure tenant ID (a GUID); ${type} bots need it.`);
  }
  if (type !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
    throw new ConfigError(
      `Invalid MicrosoftAppPassword: expected the app registration's client secret; ${type} bots need it.`,
    );
  }
  return { appId, authenticated: true };
}
