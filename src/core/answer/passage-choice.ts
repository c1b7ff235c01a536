import type { Passage } from '../knowledge/knowledge-base.ts';
import { analyze } from '../search/analyzer.ts';
import type { ScoredPassage } from '../search/lexical-index.ts';
import { RANKING } from '../search/ranking-parameters.ts';
import type { Retrieval } from '../search/retriever.ts';

/** The passages an answer is written from (offline, or by the model). */
export interface ChosenPassages {
  /** One article (or one glossary entry) that answers: its most relevant passages, best first. */
  primary: ScoredPassage[];
  /**
   * A second article, only when the question asks about something the first one does not cover;
   * or, for a question in two parts, the passages the second part finds (possibly of the same article).
   */
  secondary: ScoredPassage[];
}

/** Passages of the answering article worth reading for sentences. */
const PRIMARY_PASSAGES = 3;
/** A second article must rank at least this close to the first. */
const SECOND_ARTICLE_RATIO = 0.45;
/** ...and the first must leave at least this share of what was asked unanswered... */
const UNCOVERED_SHARE = 0.3;
/** ...of which the second covers at least this much. */
const SECOND_COVERS = 0.5;

/** An article is one subject; a glossary entry is its own. */
export function subjectOf(passage: Passage): string {
  return passage.article.kind === 'glossary' ? passage.key : passage.article.id;
}

/**
 * One topic well, not three loosely: the best-ranked subject answers (its best passage plus
 * up to two more of its own), and a second subject joins only when the question asks about
 * something the first never mentions and the second does.
 */
export function choosePassages(retrieval: Retrieval, passagesOf: (id: string) => readonly Passage[]): ChosenPassages {
  const groups = new Map<string, ScoredPassage[]>();
  for (const scored of retrieval.ranked) {
    const key = subjectOf(scored.passage);
    groups.set(key, [...(groups.get(key) ?? []), scored]);
  }
  const ranked = [...groups.entries()]
    .map(([key, list]) => ({
      key,
      list,
      score: (list[0]?.score ?? 0) + RANKING.secondPassageShare * (list[1]?.score ?? 0),
    }))
    .sort((a, b) => b.score - a.score);
  const first = ranked[0];
  if (!first) return { primary: [], secondary: [] };
  const primary = first.list.slice(0, PRIMARY_PASSAGES);
  const lead = primary[0]?.passage;
  // The summary states the article's point in a sentence or two: always a candidate opening.
  if (lead && lead.article.kind === 'article' && !primary.some((p) => p.passage.ordinal === 0)) {
    const summary = passagesOf(lead.article.id).find((p) => p.ordinal === 0);
    if (summary) primary.push({ passage: summary, score: (primary[0]?.score ?? 0) * 0.5 });
  }

  // What did the person ask that the first subject never mentions?
  const asked = [...retrieval.query.focusStems].filter((s) => !/^\d/.test(s));
  const weightOf = (s: string) => retrieval.termWeights.get(s) ?? 0;
  const total = asked.reduce((sum, s) => sum + weightOf(s), 0);
  const said = stemsOf(primary);
  const uncovered = asked.filter(
    (s) => !said.has(s) && ![...(retrieval.query.links.get(s) ?? [])].some((t) => said.has(t)),
  );
  const uncoveredWeight = uncovered.reduce((sum, s) => sum + weightOf(s), 0);
  if (total === 0 || uncoveredWeight / total < UNCOVERED_SHARE) return { primary, secondary: [] };
  for (const other of ranked.slice(1, 4)) {
    if (other.score < first.score * SECOND_ARTICLE_RATIO) break;
    const theirs = stemsOf(other.list.slice(0, 2));
    const covered = uncovered.filter((s) => theirs.has(s)).reduce((sum, s) => sum + weightOf(s), 0);
    if (covered / uncoveredWeight >= SECOND_COVERS) return { primary, secondary: other.list.slice(0, 2) };
  }
  return { primary, secondary: [] };
}

const passageStems = new WeakMap<Passage, ReadonlySet<string>>();

function stemsOf(passages: readonly ScoredPassage[]): Set<string> {
  const out = new Set<string>();
  for (const { passage } of passages) {
    let stems = passageStems.get(passage);
    if (!stems) {
      stems = new Set(analyze(`${passage.heading} ${passage.text}`));
      passageStems.set(passage, stems);
    }
    for (const s of stems) out.add(s);
  }
  return out;
}
