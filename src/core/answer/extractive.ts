import type { Passage } from '../knowledge/knowledge-base.ts';
import type { Source } from '../reply.ts';
import { analyze } from '../search/analyzer.ts';
import type { Intent } from '../search/intent.ts';
import type { ScoredPassage } from '../search/lexical-index.ts';
import type { Retrieval } from '../search/retriever.ts';
import { ANSWER_SHAPE } from './answer-parameters.ts';
import { CitationList } from './citations.ts';
import type { ChosenPassages } from './passage-choice.ts';

export interface ExtractiveAnswer {
  text: string;
  sources: Source[];
}

const ASKS_FOR_LIST =
  /\b(?:steps?|measures?|metrics|kpis?|signals?|examples?|types?|kinds?|options?|ways?|list|what (?:are|were) the|which (?:\w+ )?(?:should|do|are)|checklist|practices|things|pitfalls|benefits|drawbacks|downsides|upsides|pros|cons|advantages|disadvantages)\b/i;

interface Unit {
  markdown: string;
  isListItem: boolean;
  stems: ReadonlySet<string>;
  words: number;
  /** Position within its passage. */
  index: number;
  passage: Passage;
  /** The passage's rank among those chosen (0 is the best). */
  rank: number;
  /** Relevance to the question, before intent and position adjustments. */
  relevance: number;
  score: number;
  /** The score before specifics count: what the opening is chosen by, so a definition is not outshone by a sentence full of rare words. */
  fit: number;
}

/** A question asked in two parts, each part's own retrieval. */
export interface QuestionParts {
  first: Retrieval;
  second: Retrieval;
}

/**
 * The offline answer, extracted and never generated: it opens with the sentence of the
 * answering article that best answers the question asked (the kind of sentence the question
 * wants, weighted by how informative the shared words are), then at most three supporting
 * points that each earn their place on their own relevance, each cited.
 */
export function composeExtractiveAnswer(
  chosen: ChosenPassages,
  retrieval: Retrieval,
  /** For a question that asks two things: each part's own retrieval, to weigh the sentences that answer it. */
  parts?: QuestionParts,
): ExtractiveAnswer {
  const citations = new CitationList();
  // The opening answers the first part, in the kind of sentence the first part wants.
  const asked = parts?.first ?? retrieval;
  const { intent } = asked.query;
  const wantsList = ASKS_FOR_LIST.test(retrieval.query.focus) || intent === 'advice';
  const budget = wantsList ? ANSWER_SHAPE.listWordBudget : ANSWER_SHAPE.wordBudget;
  const units = candidateUnits(chosen.primary, asked, intent);
  const named = chosen.primary[0] && retrieval.query.namedArticles.get(chosen.primary[0].passage.article.id);
  const asksTheSubject = (named === 'title' || named === 'alias') && (intent === 'definition' || intent === 'open');
  const opening =
    // A question that is the article's title, give or take the words that ask ("what does X
    // actually mean?"), is answered by the article's summary: it was written to answer exactly that.
    (named === 'title' && asksTheSubject ? units.find((u) => u.passage.ordinal === 0 && u.index === 0) : undefined) ??
    pickOpening(units, asksTheSubject) ??
    // A section found by its heading, aliases or tags may share no word with the question in its
    // sentences: its first sentence, which states its point, opens then.
    units.find((u) => u.passage === chosen.primary[0]?.passage && !u.isListItem && !isListIntro(u));
  if (!opening) return { text: '', sources: [] };

  const kept: Unit[] = [...leadIn(units, opening), opening];
  let used = kept.reduce((sum, u) => sum + u.words, 0);
  // What follows the opening in its own section goes on answering it (the rest of the
  // paragraph, the list it introduces), so it is worth keeping even where it shares no word
  // with the question; the further away, the less.
  const list = listAfter(units, opening);
  const distance = (u: Unit) =>
    u.passage === opening.passage &&
    u.index > opening.index &&
    (u.index - opening.index <= ANSWER_SHAPE.followReach || list.has(u))
      ? u.index - opening.index
      : 0;
  // A list the opening introduces is the answer itself: its items are all worth keeping.
  const support = (u: Unit) =>
    list.has(u)
      ? Math.max(u.score, opening.score * ANSWER_SHAPE.listShare)
      : distance(u) > 0
        ? Math.max(u.score, opening.score * ANSWER_SHAPE.followShare * ANSWER_SHAPE.followDecay ** (distance(u) - 1))
        : u.score;
  const maxPoints = wantsList ? ANSWER_SHAPE.maxListPoints : ANSWER_SHAPE.maxPoints;
  const points: Unit[][] = [];
  const taken = () => [...kept, ...points.flat()];
  for (const unit of [...units].sort((a, b) => support(b) - support(a))) {
    if (points.length >= maxPoints) break;
    if (taken().includes(unit) || (unit.relevance === 0 && distance(unit) === 0)) continue;
    if (support(unit) < opening.score * ANSWER_SHAPE.supportRatio) break;
    if (isListIntro(unit) && distance(unit) === 0) continue;
    if (repeats(unit, taken())) continue;
    const group = [...leadIn(units, unit).filter((u) => !taken().includes(u)), unit];
    const cost = group.reduce((sum, u) => sum + u.words, 0);
    if (used + cost > budget) continue;
    // Prose that carries straight on from the opening joins its paragraph instead of becoming a point.
    const last = kept[kept.length - 1] as Unit;
    if (!unit.isListItem && group[0]?.passage === last.passage && group[0].index === last.index + 1)
      kept.push(...group);
    else points.push(group);
    used += cost;
  }
  // Sentences that carry on from the opening may have been picked before the ones between.
  absorbContinuation(kept, points);
  // The article's point, when nothing chosen states it: what the section answered sits in context.
  const summary = articlePoint(units, taken());
  const closing: Unit[][] = [];
  if (summary && points.length < maxPoints && used + summary.words <= budget + ANSWER_SHAPE.summarySlack) {
    closing.push([summary]);
    used += summary.words;
  }
  // A second subject the question also asked about gets its single best sentence.
  // Its sentences come after the first subject's, whatever their rank within their own article.
  const secondUnits = candidateUnits(
    chosen.secondary,
    parts?.second ?? retrieval,
    parts?.second.query.intent ?? intent,
  ).map((u) => ({ ...u, rank: u.rank + chosen.primary.length }));
  const second = pickOpening(secondUnits.filter((u) => !taken().some((t) => t.markdown === u.markdown)));
  if (second && !repeats(second, taken()) && (parts || used + second.words <= budget + 40))
    points.push([...leadIn(secondUnits, second), second]);

  const first = (group: Unit[]) => group[0] as Unit;
  // The rest of the opening's own section first, in its order (a list it introduces stays a list);
  // then the other passages by standing; the article's point last.
  const sameSection = (group: Unit[]) => (first(group).passage === opening.passage ? 0 : 1);
  const rest = [
    ...[...points].sort(
      (a, b) => sameSection(a) - sameSection(b) || first(a).rank - first(b).rank || first(a).index - first(b).index,
    ),
    ...closing,
  ];
  const paragraphs = [renderProse(kept, citations)];
  if (rest.length > 0) paragraphs.push(renderPoints(rest, citations));
  return { text: paragraphs.join('\n\n'), sources: citations.sources };
}

function candidateUnits(passages: readonly ScoredPassage[], retrieval: Retrieval, intent: Intent): Unit[] {
  const asksHowLong = HOW_LONG.test(retrieval.query.focus);
  const best = passages[0]?.score ?? 0;
  const units: Unit[] = [];
  for (const [rank, { passage, score }] of passages.entries()) {
    const standing = best > 0 ? (Math.max(score, 0) / best) ** ANSWER_SHAPE.standingPower : 1;
    for (const unit of toUnits(passage, rank)) {
      let relevance = 0;
      for (const s of unit.stems)
        if (!(asksHowLong && HOW_LONG_WORDS.has(s))) relevance += retrieval.termWeights.get(s) ?? 0;
      // A long sentence collects words by being long; a short one that says the same is better.
      const length = Math.min(1, 28 / Math.max(unit.words, 1)) ** 0.35;
      const opener = unit.index === 0 ? 1.1 : 1;
      unit.relevance = relevance;
      unit.score = relevance * length * standing * opener * intentFit(unit, intent, asksHowLong);
      unit.fit = unit.score;
      // Specifics count in full once the question touches the sentence with about one informative word.
      if (relevance > 0)
        unit.score +=
          ANSWER_SHAPE.informativeness *
          standing *
          informativeness(unit, retrieval) *
          Math.min(1, relevance / ANSWER_SHAPE.touchedBy);
      units.push(unit);
    }
  }
  return units;
}

/** The mean informativeness of a sentence's words (at least four counted, so a short fragment gains nothing by being short). */
function informativeness(unit: Unit, retrieval: Retrieval): number {
  let sum = 0;
  for (const s of unit.stems) sum += retrieval.informativeness(s);
  return sum / Math.max(4, unit.stems.size);
}

/** The first sentence of the answering article's summary that the answer does not already say, when no chosen sentence comes from the summary. */
function articlePoint(units: readonly Unit[], chosen: readonly Unit[]): Unit | undefined {
  if (chosen.some((u) => u.passage.ordinal === 0)) return undefined;
  const lead = chosen[0]?.passage.article;
  return units.find(
    (u) => u.passage.ordinal === 0 && u.passage.article === lead && !u.isListItem && !repeats(u, chosen),
  );
}

/** "How long", "how fast", "how soon": a question that wants a time, which a sentence with a duration gives. */
const HOW_LONG = /\bhow (?:long|fast|quick(?:ly)?|soon|slow(?:ly)?)\b|\bwithin how\b|\bturnaround\b/i;
/** In "how fast is X done", "fast" is the form of the question: the answer is a time, not the word. */
const HOW_LONG_WORDS = new Set(analyze('long fast quick quickly soon slow slowly'));
const DURATION = /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|same day|overnight)\b/i;

const DEFINING =
  /^(?:\S+\s+){0,10}?(?:is|are)\s+(?!(?:\w+ed|\w+en|used|made|built|run|set|kept|held|known|seen|done|told)\b)|\b(?:means?|refers? to|stands? for)\b/i;

/** How well a sentence is the kind of answer the question wants. */
function intentFit(unit: Unit, intent: Intent, asksHowLong: boolean): number {
  const text = unit.markdown;
  switch (intent) {
    case 'when':
      return /\b(?:1[89]\d\d|20\d\d)\b/.test(text) ? 1.6 : 1;
    case 'who':
      return /\b[A-Z][a-z]+ [A-Z][a-z]+\b|\b(?:team|manager|head of|owner|commander|lead|CTO|CIO|engineer|analyst|developers?)\b/.test(
        text,
      )
        ? 1.3
        : 1;
    case 'figure':
      if (asksHowLong && DURATION.test(text)) return 2;
      return /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half|hours?|minutes?|days?|weeks?|months?)\b/i.test(
        text,
      )
        ? 1.4
        : 1;
    case 'advice':
      return /\b(?:recommend|should|instead|avoid|use|make|start|give|pay|keep|move|agree|set|put|choose|select|plan|do not|don't|never|always|better|best)\b/i.test(
        text,
      )
        ? 1.25
        : 1;
    case 'reason':
      return /\b(?:because|so that|reason|since|which means|leads? to|result|causes?|why)\b/i.test(text) ? 1.3 : 1;
    case 'check':
      return /\b(?:not|no|myth|true|false|only|rarely|actually|in fact|does not|doesn't|isn't)\b/i.test(text) ? 1.2 : 1;
    case 'definition':
      // "X is ITIL's category for...", "X means ...": a copula near the start that says what the
      // thing is, not a passive "X is published to..." or "is used".
      return DEFINING.test(text) && unit.index <= 1 ? 1.3 : 1;
    case 'comparison':
      return /\b(?:whereas|while|than|instead|unlike|both|compared|versus|vs|but)\b/i.test(text) ? 1.25 : 1;
    default:
      return 1;
  }
}

/** The opening sentence: the most relevant one that reads as prose (a lone list item makes a poor first line). */
function pickOpening(units: readonly Unit[], summaryOpens = true): Unit | undefined {
  // A list item makes a poorer first line; so does an article's summary, unless the question
  // asks about the article's subject as such (it answers the title, not a specific question).
  const asOpening = (u: Unit) =>
    u.fit * (u.isListItem ? 0.8 : 1) * (u.passage.ordinal === 0 && !summaryOpens ? ANSWER_SHAPE.summaryOpening : 1);
  let best: Unit | undefined;
  for (const unit of units) {
    if (unit.relevance === 0) continue;
    if (!best || asOpening(unit) > asOpening(best)) best = unit;
  }
  return best;
}

/** The items of the list the opening introduces (directly, or in the next sentence or two). */
function listAfter(units: readonly Unit[], opening: Unit): Set<Unit> {
  const after = units.filter((u) => u.passage === opening.passage && u.index >= opening.index);
  const intro = after.slice(0, 3).find((u) => isListIntro(u));
  if (!intro) return new Set();
  const items: Unit[] = [];
  for (const u of after.filter((x) => x.index > intro.index)) {
    if (!u.isListItem) break;
    items.push(u);
  }
  return new Set(items);
}

/** "Practical offers include:" only makes sense with its list. */
function isListIntro(unit: Unit): boolean {
  return !unit.isListItem && /:\s*$/.test(unit.markdown);
}

/**
 * Moves points that are the next prose sentences after the opening paragraph into it, in order;
 * list items that came with such a sentence (their list's introduction) stay points, so the list
 * still reads as a list.
 */
function absorbContinuation(kept: Unit[], points: Unit[][]): void {
  for (;;) {
    const last = kept[kept.length - 1] as Unit;
    const i = points.findIndex((g) => {
      const head = g[0];
      return head !== undefined && !head.isListItem && head.passage === last.passage && head.index === last.index + 1;
    });
    if (i === -1) return;
    const group = points[i] ?? [];
    const items = group.filter((u) => u.isListItem);
    kept.push(...group.filter((u) => !u.isListItem));
    if (items.length > 0) points.splice(i, 1, items);
    else points.splice(i, 1);
  }
}

/**
 * The sentences a unit leans on ("Second, ...", "This means ..."), which must come with it; a
 * list item taken on its own comes with the sentence that introduces its list.
 */
function leadIn(units: readonly Unit[], unit: Unit): Unit[] {
  const before = units.filter((u) => u.passage === unit.passage && u.index < unit.index).reverse();
  if (unit.isListItem) {
    const intro = before.find((u) => !u.isListItem);
    return intro && isListIntro(intro) ? [...leadIn(units, intro), intro] : [];
  }
  if (!leansOnPrevious(unit)) return [];
  const needed: Unit[] = [];
  for (const prev of before) {
    needed.unshift(prev);
    if (!leansOnPrevious(prev)) break;
  }
  return needed;
}

/**
 * Whether a sentence mostly repeats what is already chosen: most of its words are said already,
 * or it restates one chosen sentence with a little more around it.
 */
function repeats(unit: Unit, chosen: readonly Unit[]): boolean {
  const said = new Set(chosen.flatMap((c) => [...c.stems]));
  const share = (from: ReadonlySet<string>, into: ReadonlySet<string>) => {
    let shared = 0;
    for (const s of from) if (into.has(s)) shared++;
    return shared / Math.max(1, from.size);
  };
  return share(unit.stems, said) > 0.65 || chosen.some((c) => c.stems.size >= 4 && share(c.stems, unit.stems) > 0.75);
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const CROSS_REFERENCE = /^\(?(?:see|read) (?:also )?[^.]{0,100}\.\)?$/i;
/** "For how standby is funded, see [on-call funding](on-call-funding-and-pay.md)." only points elsewhere. */
const POINTER = /^(?:for|on|to)\b[^.]{0,120},\s*(?:see|read)\s+\[[^\]]+\]\((?!https?:)[^)]+\)\.?$/i;

const CONNECTIVE =
  /^(second|secondly|third|thirdly|fourth|finally|also|however|but|so|and|this|that|these|those|it|its|they|their|them|he|his|she|her|then|instead|otherwise|meanwhile|as a result|in turn|similarly|likewise|there|here|such|both|either|neither|each|the same|in practice|in other words|for example|for instance)\b/i;

/** Prose that only makes sense after the sentence before it. */
function leansOnPrevious(unit: Unit): boolean {
  return !unit.isListItem && unit.index > 0 && CONNECTIVE.test(unit.markdown.replace(/^[*_"“(]+/, ''));
}

const unitCache = new WeakMap<Passage, Unit[]>();

/** A passage's sentences and list items, analysed once. */
function toUnits(passage: Passage, rank: number): Unit[] {
  let cached = unitCache.get(passage);
  if (!cached) {
    cached = splitUnits(passage);
    unitCache.set(passage, cached);
  }
  return cached.map((u) => ({ ...u, rank, relevance: 0, score: 0, fit: 0 }));
}

function splitUnits(passage: Passage): Unit[] {
  const units: Unit[] = [];
  const add = (markdown: string, isListItem: boolean) => {
    const text = localLinksToText(markdown);
    units.push({
      markdown: text,
      isListItem,
      stems: new Set(analyze(text)),
      words: text.split(/\s+/).length,
      index: units.length,
      passage,
      rank: 0,
      relevance: 0,
      score: 0,
      fit: 0,
    });
  };
  for (const block of passage.markdown.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(l) || /^\s{2,}\S/.test(l))) {
      // A list: each item is a unit (continuation lines belong to the item above).
      const items: string[] = [];
      for (const line of lines) {
        if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) items.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
        else if (items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
      }
      for (const item of items) add(item, true);
    } else {
      const paragraph = lines.join(' ').replace(/\s+/g, ' ').trim();
      for (const { segment } of segmenter.segment(paragraph)) {
        // "See on-call rota." points at another article; outside the knowledge folder it is noise.
        const sentence = segment.trim();
        if (sentence && !CROSS_REFERENCE.test(localLinksToText(sentence)) && !POINTER.test(sentence))
          add(sentence, false);
      }
    }
  }
  return units;
}

/** Links to other articles mean nothing outside the knowledge folder; keep their words. */
function localLinksToText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\((?!https?:)[^)]*\)/g, '$1');
}

/** The opening: its sentences as one paragraph, cited. */
function renderProse(units: readonly Unit[], citations: CitationList): string {
  const parts: string[] = [];
  let current: Passage | undefined;
  let run: string[] = [];
  const flush = () => {
    if (current && run.length) parts.push(`${run.join(' ').trimEnd()} [${citations.cite(current)}]`);
    run = [];
  };
  for (const unit of units) {
    if (unit.passage !== current) flush();
    current = unit.passage;
    run.push(unit.markdown);
  }
  flush();
  return parts.join(' ');
}

/** The supporting points: a short list, each point cited; a single point of prose stays a paragraph. */
function renderPoints(groups: readonly Unit[][], citations: CitationList): string {
  const line = (group: readonly Unit[]) =>
    `${group.map((u) => u.markdown.trimEnd()).join(' ')} [${citations.cite((group[group.length - 1] as Unit).passage)}]`;
  const only = groups[0];
  if (groups.length === 1 && only && !only.some((u) => u.isListItem)) return line(only);
  return groups.map((g) => `- ${line(g)}`).join('\n');
}
