import type { Pseudonymizer } from '../core/privacy/pseudonym.ts';

/** Teams ids become pseudonyms at the edge; the HMAC is over the user's AAD object id, never stored. */
export class TeamsIdentity {
  constructor(private readonly pseudonyms: Pseudonymizer) {}

  person(aadObjectId: string): string {
    return this.pseudonyms.key('teams-user', aadObjectId);
  }

  tenant(tenantId: string | undefined): string {
    return this.pseudonyms.key('teams-tenant', tenantId ?? '-');
  }

  conversation(conversationId: string): string {
    return this.pseudonyms.key('teams-conversation', conversationId);
  }
}
