/**
 * Where the question is in a message. People describe their situation first and ask last:
 * "Since my team took on support ... velocity has fallen off a cliff. ... Is this normal, and
 * what do we do?" The asking sentences are the focus; the rest is context, still searched but
 * with less weight, so a long story does not drown the question it ends with.
 */
export interface MessageFocus {
  /** The sentences that ask (all of a short message). */
  focus: string;
  /** Everything else, in order. */
  context: string;
}

/** A message this short is all question: there is no story to separate from it. */
const SHORT_WORDS = 22;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const ASKING_START =
  /^(?:so|and|but|ok|okay|also|anyway|basically|honestly|right|then|now)?[\s,]*(?:what|what's|whats|why|how|who|whom|whose|when|where|which|should|shall|can|could|would|will|do|does|did|is|are|was|were|isn't|aren't|don't|doesn't|has|have|any|anyone|explain|tell|give|list|help|recommend|suggest|advise|compare|describe|summari[sz]e|walk|need|i need|we need|i want|i'd like|i would like|looking for|is it|is there|are there|thoughts|sensible|good idea|bad idea|legit|true)\b/i;

export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const { segment } of segmenter.segment(line)) {
      const s = segment.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** Ways of asking without a question mark or a question word up front. */
const ASKING_ANYWHERE =
  /\b(?:not sure (?:what|how|whether|if|why|who|which)|wondering|i wonder|no idea (?:what|how|whether)|any (?:advice|tips|ideas|thoughts|pointers)|what (?:do|should|can|would) (?:we|i|you)|how (?:do|should|can|would) (?:we|i|you))\b/i;

function asks(sentence: string): boolean {
  return (
    /\?\s*["'”’)]*$/.test(sentence) ||
    ASKING_START.test(sentence.replace(/^[^\p{L}]+/u, '')) ||
    ASKING_ANYWHERE.test(sentence)
  );
}

export function focusOf(text: string): MessageFocus {
  const sentences = sentencesOf(text);
  const wordCount = text.split(/\s+/).filter(Boolean).length;
  if (sentences.length <= 1 || wordCount <= SHORT_WORDS) return { focus: text, context: '' };
  // The last asking sentence, and the one just before it when it asks too ("What is X? And how do we...?").
  let last = -1;
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (asks(sentences[i] ?? '')) {
      last = i;
      break;
    }
  }
  // Nothing asks outright ("...I can already picture how that ends."): the whole message is the question.
  if (last === -1) return { focus: text, context: '' };
  let first = last;
  while (first > 0 && last - first < 2 && asks(sentences[first - 1] ?? '')) first--;
  // A bare "thoughts?" or "is that normal?" asks about the sentence before it.
  const words = (from: number, to: number) =>
    sentences
      .slice(from, to + 1)
      .join(' ')
      .split(/\s+/).length;
  while (first > 0 && words(first, last) < 8) first--;
  return {
    focus: sentences.slice(first, last + 1).join(' '),
    context: [...sentences.slice(0, first), ...sentences.slice(last + 1)].join(' '),
  };
}

/** A second question joined to the first ("what is X, and should we Y?"). */
const SECOND_PART =
  /(?:[?;]|,?\s+and|,?\s+also|,?\s+plus|,)\s+(?=(?:what|what's|whats|how|why|who|when|where|which|should|shall|can|could|do|does|is|are|would|will|wouldn't|isn't)\b)/i;

/**
 * The separate questions in an asking sentence: "what's the 'responsible but unaccountable'
 * pitfall, and should I hang on to the on-call budget?" asks two things, each of which may
 * have its own article. One part when the question asks one thing.
 */
export function partsOf(focus: string): string[] {
  const parts = focus
    .split(SECOND_PART)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 3);
  return parts.length >= 2 ? parts.slice(0, 2) : [focus];
}
