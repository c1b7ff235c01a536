import type { Passage } from '../knowledge/knowledge-base.ts';
import type { Source } from '../reply.ts';
import { analyze } from '../search/analyzer.ts';
import type { ScoredPassage } from '../search/lexical-index.ts';
import { CitationList } from './citations.ts';

export interface ExtractiveAnswer {
  text: string;
  sources: Source[];
}

/** About what a person reads in a chat bubble without scrolling. */
const WORD_BUDGET = 170;
/** A second or third passage joins only when it ranks close to the best one. */
const COMPANION_RATIO = 0.55;
const MAX_PASSAGES = 3;

interface Unit {
  markdown: string;
  isListItem: boolean;
  score: number;
  words: number;
  index: number;
}

/**
 * The offline answer: the most relevant sentences of the best passages, in their own order,
 * each paragraph ending with its citation. Nothing is generated, so nothing can be invented.
 */
export function composeExtractiveAnswer(
  ranked: readonly ScoredPassage[],
  questionStems: readonly string[],
  passagesOf: (articleId: string) => readonly Passage[],
): ExtractiveAnswer {
  const citations = new CitationList();
  const wanted = new Set(questionStems);
  const chosen = choosePassages(ranked, questionStems, passagesOf);
  let budget = WORD_BUDGET;
  const paragraphs: string[] = [];
  for (const [i, passage] of chosen.entries()) {
    if (budget < 25) break;
    const share = i === 0 ? Math.max(budget * 0.65, 90) : budget;
    const { markdown, words } = excerpt(passage, wanted, share);
    if (!markdown) continue;
    budget -= words;
    const n = citations.cite(passage);
    paragraphs.push(attachCitation(markdown, n));
  }
  return { text: paragraphs.join('\n\n'), sources: citations.sources };
}

function choosePassages(
  ranked: readonly ScoredPassage[],
  questionStems: readonly string[],
  passagesOf: (articleId: string) => readonly Passage[],
): Passage[] {
  const best = ranked[0];
  if (!best) return [];
  const chosen: Passage[] = [best.passage];
  const article = best.passage.article.id;
  if (best.passage.ordinal === 0) {
    // A summary is a good opening but a thin answer: follow it with the article's most relevant section.
    const section =
      ranked.find((r) => r.passage.article.id === article && r.passage.ordinal > 0)?.passage ??
      passagesOf(article).find((p) => p.ordinal === 1);
    if (section) chosen.push(section);
  } else if (best.passage.article.kind === 'article') {
    // The summary answers its article's title in a sentence or two; open with it when it speaks to the question.
    const summary = passagesOf(article).find((p) => p.ordinal === 0);
    const wanted = new Set(questionStems);
    const overlap = summary ? new Set(analyze(summary.text).filter((s) => wanted.has(s))).size : 0;
    if (summary && overlap >= Math.max(1, Math.ceil(wanted.size / 2))) chosen.unshift(summary);
  }
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= MAX_PASSAGES || candidate.score < best.score * COMPANION_RATIO) break;
    const p = candidate.passage;
    if (chosen.some((c) => c.key === p.key)) continue;
    // A summary repeats what a section of the same article already says.
    if (p.ordinal === 0 && chosen.some((c) => c.article.id === p.article.id)) continue;
    chosen.push(p);
  }
  return chosen;
}

/** The passage's most relevant sentences or list items, within a word budget, in reading order. */
function excerpt(passage: Passage, wanted: ReadonlySet<string>, budget: number): { markdown: string; words: number } {
  const units = toUnits(passage.markdown, wanted);
  const total = units.reduce((sum, u) => sum + u.words, 0);
  if (total <= budget) return { markdown: render(units), words: total };
  const keep = new Set<number>();
  let used = 0;
  // The opening sentence usually states the point; keep it when it is relevant or nothing else is.
  const first = units[0];
  if (first && (first.score > 0 || units.every((u) => u.score === 0))) {
    keep.add(first.index);
    used += first.words;
  }
  for (const unit of [...units].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (keep.has(unit.index) || unit.score === 0) continue;
    // A sentence that leans on the one before ("Second, ...", "This means ...") brings it along.
    const lean = leansOnPrevious(unit) ? units.slice(0, unit.index).reverse() : [];
    const needed = [unit];
    for (const prev of lean) {
      if (keep.has(prev.index)) break;
      needed.push(prev);
      if (!leansOnPrevious(prev)) break;
    }
    const cost = needed.reduce((sum, u) => sum + u.words, 0);
    if (used + cost > budget && keep.size > 0) continue;
    for (const u of needed) keep.add(u.index);
    used += cost;
  }
  const picked = units.filter((u) => keep.has(u.index));
  return { markdown: render(picked), words: used };
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const CROSS_REFERENCE = /^\(?(?:see|read) (?:also )?[^.]{0,100}\.\)?$/i;

const CONNECTIVE =
  /^(second|secondly|third|thirdly|fourth|finally|also|however|but|so|and|this|that|these|those|it|its|they|their|then|instead|otherwise|meanwhile|as a result|in turn|similarly|likewise|there|here|such|both|either|neither)\b/i;

/** Prose that only makes sense after the sentence before it. */
function leansOnPrevious(unit: Unit): boolean {
  return !unit.isListItem && unit.index > 0 && CONNECTIVE.test(unit.markdown.replace(/^[*_"“(]+/, ''));
}

function toUnits(markdown: string, wanted: ReadonlySet<string>): Unit[] {
  const units: Unit[] = [];
  for (const block of markdown.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(l) || /^\s{2,}\S/.test(l))) {
      // A list: each item is a unit (continuation lines belong to the item above).
      const items: string[] = [];
      for (const line of lines) {
        if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) items.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
        else if (items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
      }
      for (const item of items) units.push(makeUnit(item, true, wanted, units.length));
    } else {
      const paragraph = lines.join(' ').replace(/\s+/g, ' ').trim();
      for (const { segment } of segmenter.segment(paragraph)) {
        // "See on-call rota." points at another article; outside the knowledge folder it is noise.
        if (segment.trim() && !CROSS_REFERENCE.test(localLinksToText(segment.trim()))) {
          units.push(makeUnit(segment.trim(), false, wanted, units.length));
        }
      }
    }
  }
  return units;
}

function makeUnit(markdown: string, isListItem: boolean, wanted: ReadonlySet<string>, index: number): Unit {
  const stems = new Set(analyze(markdown));
  let score = 0;
  for (const s of stems) if (wanted.has(s)) score++;
  return { markdown: localLinksToText(markdown), isListItem, score, words: markdown.split(/\s+/).length, index };
}

/** Links to other articles mean nothing outside the knowledge folder; keep their words. */
function localLinksToText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\((?!https?:)[^)]*\)/g, '$1');
}

function render(units: readonly Unit[]): string {
  const out: string[] = [];
  let prose: string[] = [];
  for (const unit of units) {
    if (unit.isListItem) {
      if (prose.length) out.push(prose.join(' '));
      prose = [];
      out.push(`- ${unit.markdown}`);
    } else {
      prose.push(unit.markdown);
    }
  }
  if (prose.length) out.push(prose.join(' '));
  // Prose and lists need a blank line between them; list items sit on consecutive lines.
  return out.reduce((text, part, i) => {
    if (i === 0) return part;
    const joiner = part.startsWith('- ') && out[i - 1]?.startsWith('- ') ? '\n' : '\n\n';
    return text + joiner + part;
  }, '');
}

function attachCitation(markdown: string, n: number): string {
  return `${markdown.trimEnd()} [${n}]`;
}
