import { BlockList, isIP } from 'node:net';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

/** How Teams is served: authenticated with an app registration, or open for the local emulator. */
export interface TeamsMode {
  appId?: string;
  authenticated: boolean;
  /** The registration's client secret, type and tenant (MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId). */
  password?: string;
  appType?: string;
  tenantId?: string;
  /** TEAMS_SERVICE_URLS: where replies and digests may go besides the Bot Framework's own hosts. */
  serviceUrls?: string[];
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Whether HOST binds only this machine: 127.0.0.0/8, ::1 or localhost (not empty, which is every interface). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Teams runs when MicrosoftAppId is set (authenticated) or TEAMS_ENABLED=true without one
 * (local emulator, authentication off). Without authentication anyone who can reach the port can
 * speak for anyone, so that mode only listens on a loopback HOST; anything else stops start-up.
 * A registration missing what its type needs is one line too.
 */
export function teamsModeFrom(config: Config): TeamsMode | undefined {
  const { MicrosoftAppId: appId, MicrosoftAppType: type } = config;
  if (!appId) {
    if (!config.TEAMS_ENABLED) return undefined;
    if (!isLoopbackHost(config.HOST)) {
      throw new ConfigError(
        `Invalid HOST: expected a loopback address (127.0.0.1, ::1 or localhost) when TEAMS_ENABLED=true without MicrosoftAppId, because Teams then runs with authentication off (got ${config.HOST ? JSON.stringify(config.HOST) : 'every interface'}); set MicrosoftAppId to serve Teams anywhere else.`,
      );
    }
    return { authenticated: false, serviceUrls: config.TEAMS_SERVICE_URLS };
  }
  if (config.TEAMS_ENABLED === false) return undefined;
  if (type !== 'MultiTenant' && !config.MicrosoftAppTenantId) {
    throw new ConfigError(`Invalid MicrosoftAppTenantId: expected the Azure tenant ID (a GUID); ${type} bots need it.`);
  }
  if (type !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
    throw new ConfigError(
      `Invalid MicrosoftAppPassword: expected the app registration's client secret; ${type} bots need it.`,
    );
  }
  return {
    appId,
    authenticated: true,
    password: config.MicrosoftAppPassword,
    appType: type,
    tenantId: config.MicrosoftAppTenantId,
    serviceUrls: config.TEAMS_SERVICE_URLS,
  };
}
