/** Where the server is in its life: readiness and shutdown both read it. */
export type Phase = 'starting' | 'ready' | 'draining';

/** Something that can be told about work in progress, so shutdown waits for it. */
export interface WorkTracker {
  track<T>(work: Promise<T>): Promise<T>;
}

/**
 * Tracks the work a graceful shutdown must let finish: HTTP requests, and the answers Slack
 * listeners post after they have acknowledged (which outlive their HTTP request).
 */
export class Lifecycle implements WorkTracker {
  private current: Phase = 'starting';
  private readonly work = new Set<Promise<unknown>>();

  get phase(): Phase {
    return this.current;
  }

  get inFlight(): number {
    return this.work.size;
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.work.add(settled);
    void settled.then(() => this.work.delete(settled));
    return work;
  }

  /**
   * Stops counting as ready and waits until no tracked work is left (work started by work in
   * progress included), or until the deadline. Resolves true when everything finished.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.current = 'draining';
    const deadline = Date.now() + timeoutMs;
    while (this.work.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await settlesWithin(Promise.all([...this.work]), left))) return false;
    }
    return true;
  }
}

/** Waits for work up to a deadline; true when it settled in time (its failure is the caller's to log). */
export async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
