import { userInfo } from 'node:os';
import type { CoachRuntime } from '../runtime.ts';

/** The login name at this terminal, or "local" where the system has none (some containers). */
export function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}

/** The person at this terminal: their login name, turned into a pseudonym before the core sees it. */
export function terminalPerson(runtime: CoachRuntime): string {
  return runtime.pseudonyms.key('cli-user', loginName());
}
