import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection at the end of start-up, before the server says it is ready: what
 * loading the content and the warm-up's offline answers threw away (several MB, much of it
 * already moved to the old generation) is freed now, not whenever V8 next collects in full,
 * which an idle bot may not do for minutes. The warm-up's compiled code is kept: it is in use.
 * Node has no call for this without --expose-gc on the command line, so the flag is set just
 * long enough to fetch `gc` from a fresh context, as Jest does, and no other code sees it.
 */
export function collectStartUpGarbage(): void {
  setFlagsFromString('--expose-gc');
  try {
    (runInNewContext('gc') as () => void)();
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
