import { CitationList } from '../answer/citations.ts';
import { type GroundedWriter, WriterFailure, type WrittenAnswer } from '../answer/ports.ts';
import type { Passage } from '../knowledge/knowledge-base.ts';
import { type Source, SUGGESTION_LABEL } from '../reply.ts';
import type { LinkPolicy } from '../safety/link-policy.ts';
import { neutraliseUntrusted, streamableLength } from '../safety/untrusted-text.ts';
import { type AnswerPrompts, fillUserPrompt } from './answer-prompts.ts';
import type { ModelEndpoint } from './chat-model.ts';
import { fallbackReason, UngroundedAnswerError } from './failure-reason.ts';

type WriteRequest = Parameters<GroundedWriter['write']>[0];

/** How much of the knowledge base the model sees per question: enough to answer, small enough to be quick. */
const MAX_PASSAGES = 6;
const NO_ANSWER = 'NO_ANSWER';

export interface WriterOptions {
  timeoutMs: number;
  /** Values that must never appear in an answer (keys, tokens). */
  secrets: readonly string[];
  /** Where an answer may link; the model's mentions and any other links are neutralised. */
  links: LinkPolicy;
}

/**
 * Writes a fluent answer with the model from the retrieved passages only, numbered by article,
 * and checks the result before anyone sees it: citations must point at given articles, no
 * secret or piece of the system prompt may leak, and whatever the model wrote can mention
 * nobody and link only where the knowledge base (or the operator) allows.
 */
export class ModelGroundedWriter implements GroundedWriter {
  /** Every run of ECHO_WINDOW characters of the system prompt, at every offset. */
  private readonly promptRuns: ReadonlySet<string>;

  constructor(
    private readonly endpoint: ModelEndpoint,
    private readonly prompts: AnswerPrompts,
    private readonly options: WriterOptions,
  ) {
    const system = prompts.system.replace(/\s+/g, ' ');
    const runs = new Set<string>();
    for (let i = 0; i + ECHO_WINDOW <= system.length; i++) runs.add(system.slice(i, i + ECHO_WINDOW));
    this.promptRuns = runs;
  }

  /** Any failure comes out as a WriterFailure saying why, so the answerer need not know the SDK. */
  async write(request: WriteRequest): Promise<WrittenAnswer> {
    try {
      return await this.attempt(request);
    } catch (error) {
      throw new WriterFailure(fallbackReason(error), error);
    }
  }

  private async attempt(request: WriteRequest): Promise<WrittenAnswer> {
    const numbered = numberSources(request.passages.slice(0, MAX_PASSAGES));
    const user = fillUserPrompt(this.prompts.user, {
      passages: numbered.blocks.join('\n\n'),
      history: request.history.length
        ? request.history.map((t) => `User: ${t.question}\nCoach: ${t.answer}`).join('\n\n')
        : '(none)',
      question: request.question,
    });
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const safe = (t: string) => neutraliseUntrusted(t, this.options.links);
    const stream = request.onDelta ? new GuardedStream(request.onDelta, (t) => this.leaks(t), safe) : undefined;
    const raw = await this.endpoint.complete(
      [
        { role: 'system', content: this.prompts.system },
        { role: 'user', content: user },
      ],
      { signal, onDelta: stream ? (delta) => stream.push(delta) : undefined },
    );
    const text = raw.trim();
    if (text === NO_ANSWER || text.startsWith(NO_ANSWER)) return { kind: 'no-answer' };
    const leak = this.leaks(text);
    if (leak) throw new UngroundedAnswerError(leak);
    const cited = new Set<number>();
    const cleaned = text.replace(/\[(\d{1,2})\]/g, (whole, digits: string) => {
      const n = Number(digits);
      if (!numbered.sources.has(n)) return '';
      cited.add(n);
      return whole;
    });
    if (cited.size === 0) throw new UngroundedAnswerError('model answer cites none of the given articles');
    const sources = [...cited].sort((a, b) => a - b).flatMap((n) => numbered.sources.get(n) ?? []);
    if (stream && !stream.finish()) throw new UngroundedAnswerError('streamed answer could not be made safe to show');
    return { kind: 'answer', text: safe(cleaned.replace(/[ \t]+([.,;:])/g, '$1')), sources };
  }

  /** Why a text must not be shown (a secret, or a run of the system prompt), or undefined. */
  private leaks(text: string): string | undefined {
    for (const secret of this.options.secrets) {
      if (secret && text.includes(secret)) return 'model answer contained a secret';
    }
    // Every offset: sampling the prompt every half window missed echoes shorter than a window and a half.
    const flat = text.replace(/\s+/g, ' ');
    for (let i = 0; i + ECHO_WINDOW <= flat.length; i++) {
      if (this.promptRuns.has(flat.slice(i, i + ECHO_WINDOW))) return 'model answer echoed its instructions';
    }
    return undefined;
  }
}

/** Length of a run of the system prompt that counts as echoing it. */
const ECHO_WINDOW = 60;
/** Characters held back while streaming, so a secret or an echo is caught before any of it is shown. */
const HOLD_BACK = 2 * ECHO_WINDOW + 64;

/**
 * Passes streamed text on with a lag, checking everything received so far before releasing
 * more; once anything looks wrong it releases nothing further (the caller then replaces the
 * partial answer with the offline one). "NO_ANSWER" never gets out, being shorter than the lag.
 * What it releases is neutralised (no mentions, no foreign links), and never cut inside a link
 * or a mention, so a later piece cannot complete one out of text already shown.
 */
class GuardedStream {
  private received = '';
  private emitted = '';
  private blocked = false;

  constructor(
    private readonly onDelta: (text: string) => void,
    private readonly leaks: (text: string) => string | undefined,
    private readonly safe: (text: string) => string,
  ) {}

  push(delta: string): void {
    this.received += delta;
    if (this.blocked || this.leaks(this.received)) {
      this.blocked = true;
      return;
    }
    this.release(this.received.slice(0, streamableLength(this.received, this.received.length - HOLD_BACK)));
  }

  /** Releases the held-back end once the whole answer has passed every check; false if it could not. */
  finish(): boolean {
    if (this.blocked) return false;
    this.release(this.received);
    return !this.blocked;
  }

  private release(prefix: string): void {
    const shown = this.safe(prefix);
    // Neutralising a longer prefix only ever adds at the end; if it did not, show nothing more.
    if (!shown.startsWith(this.emitted)) {
      this.blocked = true;
      return;
    }
    if (shown.length > this.emitted.length) {
      this.onDelta(shown.slice(this.emitted.length));
      this.emitted = shown;
    }
  }
}

/** One number per cited source (article or glossary entry), in rank order; its passages listed under it. */
function numberSources(passages: readonly Passage[]): { blocks: string[]; sources: Map<number, Source> } {
  const citations = new CitationList();
  const parts = new Map<number, string[]>();
  for (const passage of passages) {
    const n = citations.cite(passage);
    const list = parts.get(n) ?? [];
    list.push(passage.ordinal === 0 ? passage.text : `${passage.heading}: ${passage.text}`);
    parts.set(n, list);
  }
  const sources = new Map(citations.sources.map((s) => [s.n, s]));
  const blocks = [...parts.entries()].map(
    ([n, texts]) => `[${n}] ${sourceHeading(sources.get(n))}\n${texts.join('\n')}`,
  );
  return { blocks, sources };
}

/**
 * The line above a numbered source: its title, and for Opscoach's own advice a label the system
 * prompt tells the model to carry into the answer, so it never presents our advice as the playbook's.
 */
function sourceHeading(source: Source | undefined): string {
  if (!source) return '';
  return source.kind === 'suggestion'
    ? `${SUGGESTION_LABEL} (our own advice, not from the playbook): ${source.title}`
    : source.title;
}
