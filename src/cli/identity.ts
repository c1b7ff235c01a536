import { userInfo } from 'node:os';
import type { CoachRuntime } from '../core/runtime.ts';

/** The person at this terminal: their login name, turned into a pseudonym before the core sees it. */
export function terminalPerson(runtime: CoachRuntime): string {
  let name = 'local';
  try {
    name = userInfo().username;
  } catch {
    // Some containers have no passwd entry; one local person is still one person.
  }
  return runtime.pseudonyms.key('cli-user', name);
}
