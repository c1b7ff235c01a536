import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface TimedPost {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * An HTTP client on its own thread (timed-post-worker.mjs) that times one POST at a time from
 * request to full response, so work the servers do after responding cannot delay the reading.
 */
export class TimedHttpClient {
  private readonly worker = new Worker(new URL('./timed-post-worker.mjs', import.meta.url));

  /** Milliseconds to the whole response; throws unless it was 200 (a rejected request times the wrong thing). */
  async post(request: TimedPost): Promise<number> {
    const answered = once(this.worker, 'message');
    this.worker.postMessage(request);
    const [result] = (await answered) as [{ ms: number; status: number }];
    if (result.status !== 200) throw new Error(`benchmark request to ${request.url} answered ${result.status}`);
    return result.ms;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
