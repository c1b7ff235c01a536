import { fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Derives what the runtime keeps in its derived cache (parsed articles and prompts, the search
 * index and its statistics, the everyday-English word tables) in a short-lived child process,
 * before the server builds its own runtime. Deriving allocates far more than it keeps: done in
 * the server's own process, the first start after a deploy idled about 30 MiB above every later
 * start, because V8 and malloc keep the pages they grew into (a worker thread kept most of them
 * too). A child's memory goes with it, so the server then starts as any later start does,
 * reading compact cached values. When the cache is current the child only reads it.
 *
 * Best effort: when the child cannot run or fails (a locked or read-only database, a bad
 * article), the server's own start derives what it needs and reports the problem as before.
 */
export async function deriveInChild(env: NodeJS.ProcessEnv): Promise<void> {
  const here = fileURLToPath(import.meta.url);
  // The sibling module, compiled (.js, plain node) or run from source (.ts, through tsx).
  const script = fileURLToPath(new URL(`./derive-child${extname(here)}`, import.meta.url));
  const execArgv = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  await new Promise<void>((resolve) => {
    try {
      const child = fork(script, [], { env: { ...env }, execArgv, stdio: 'ignore' });
      child.once('error', () => resolve());
      child.once('exit', () => resolve());
    } catch {
      resolve();
    }
  });
}
