import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import nock from 'nock';

/** The app registration the bot is configured with in authenticated tests. */
export const APP_ID = '0a5c0a5c-0000-4000-8000-00000000a11d';
const TENANT_ID = '0a5c0a5c-0000-4000-8000-0000000000e7';
const ISSUER = 'https://api.botframework.com';
const KEY_ID = 'opscoach-test-signing-key';

export interface TokenOptions {
  serviceUrl: string;
  /** Who the token is for; our app id unless a test says otherwise. */
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with a key the Bot Framework never published (under its key id): a forgery. */
  signWith?: 'bot-framework' | 'attacker';
  /** "none": an unsigned token, as an attacker would try. */
  alg?: 'RS256' | 'none';
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Stands in for the Bot Framework's side of authentication, in process, through nock (nothing
 * reaches the internet): the OpenID metadata and signing keys botbuilder fetches from
 * login.botframework.com to check incoming tokens, and the Entra ID token endpoint MSAL asks for
 * the token the bot sends with its replies. Tokens are signed with a key only this helper has,
 * published under the key id the metadata names, as the real service does.
 */
export class FakeBotFramework {
  private readonly signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly attacker: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  /** How many tokens the bot asked Entra ID for, to reply. */
  replyTokens = 0;

  /** Configuration for a bot registered as a single-tenant Azure Bot that may reply to `serviceUrls`. */
  env(...serviceUrls: string[]): Record<string, string> {
    return {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'test-client-secret-not-real',
      MicrosoftAppTenantId: TENANT_ID,
      MicrosoftAppType: 'SingleTenant',
      ...(serviceUrls.length ? { TEAMS_SERVICE_URLS: serviceUrls.join(',') } : {}),
    };
  }

  install(): void {
    const jwk = this.signing.publicKey.export({ format: 'jwk' });
    nock('https://login.botframework.com')
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: ISSUER,
        jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
        id_token_signing_alg_values_supported: ['RS256'],
      })
      .get('/v1/.well-known/keys')
      .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KEY_ID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    nock('https://login.microsoftonline.com')
      .persist()
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => {
        this.replyTokens++;
        return [200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'reply-token' }];
      });
  }

  uninstall(): void {
    nock.cleanAll();
  }

  /** An Authorization header as the Bot Connector sends it for an activity from `serviceUrl`. */
  authorization(options: TokenOptions): string {
    return `Bearer ${this.token(options)}`;
  }

  token(options: TokenOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const alg = options.alg ?? 'RS256';
    const header = b64({ alg, kid: KEY_ID, typ: 'JWT' });
    const claims = b64({
      iss: ISSUER,
      aud: options.audience ?? APP_ID,
      serviceurl: options.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (options.expiresIn ?? 3600),
    });
    if (alg === 'none') return `${header}.${claims}.`;
    const key = options.signWith === 'attacker' ? this.attacker : this.signing.privateKey;
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key).toString('base64url');
    return `${header}.${claims}.${signature}`;
  }
}
