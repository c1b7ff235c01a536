import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * What an operator watches, in Prometheus form (prom-client). One registry per runtime rather
 * than prom-client's global one, so two servers in one process (tests, benchmarks) never share
 * or double-register counters. Labels are fixed, small sets: never a person, channel or question.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'opscoach_http_requests_total',
    help: 'HTTP requests received, by route (slack, teams, other) and status class.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  readonly ackSeconds = new Histogram({
    name: 'opscoach_http_ack_seconds',
    help: 'Time to acknowledge a request (Slack gives up after 3 s and retries).',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'opscoach_events_total',
    help: 'What the bot handled, by platform and kind (command, message, mention, action, view, assistant, home, card).',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });

  readonly answers = new Counter({
    name: 'opscoach_answers_total',
    help: 'Questions answered (source: model or offline) or declined (reason: unknown, refused, empty, too-long).',
    labelNames: ['outcome', 'source', 'reason'] as const,
    registers: [this.registry],
  });

  readonly modelFallbacks = new Counter({
    name: 'opscoach_model_fallbacks_total',
    help: 'Model answers replaced by the offline answer, by reason (timeout, rate-limited, error, unsafe).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly diagnosticsStarted = new Counter({
    name: 'opscoach_diagnostics_started_total',
    help: 'Diagnostics started.',
    labelNames: ['diagnostic'] as const,
    registers: [this.registry],
  });

  readonly diagnosticsCompleted = new Counter({
    name: 'opscoach_diagnostics_completed_total',
    help: 'Diagnostics completed and recorded.',
    labelNames: ['diagnostic'] as const,
    registers: [this.registry],
  });

  readonly digestSends = new Counter({
    name: 'opscoach_digest_sends_total',
    help: 'Weekly digests by platform and outcome (sent, gone, failed, skipped).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly checkins = new Counter({
    name: 'opscoach_checkins_total',
    help: 'Experiment check-ins by platform and outcome (sent; gone: the person left or cannot be messaged, dropped; failed: will be retried; dropped: given up after repeated failures or an interrupted send).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly listenerFailures = new Counter({
    name: 'opscoach_listener_failures_total',
    help: 'Requests that failed on our side: the person was shown a reference to quote.',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });

  /** With `process`, also the standard process and Node.js figures (memory, CPU, event-loop lag). */
  constructor(options: { process?: boolean } = {}) {
    if (options.process) collectDefaultMetrics({ register: this.registry, prefix: 'opscoach_' });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
