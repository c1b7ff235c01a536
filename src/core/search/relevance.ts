import type { Passage } from '../knowledge/knowledge-base.ts';
import { analyze } from './analyzer.ts';
import type { GeneralEnglish } from './general-english.ts';
import type { ScoredPassage } from './lexical-index.ts';
import type { SearchQuery } from './query.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface Relevance {
  /** Share (0..1) of the question's information that the best passages speak to. */
  coverage: number;
  /** Question stems, found in those passages, that are characteristic of our subject. */
  domainTerms: string[];
  /** Share (0..1) of the question's information carried by those domain terms. */
  domainShare: number;
  onTopic: boolean;
}

/**
 * Below this share of the question's information the coach declines rather than stretch a
 * passage to fit ("tune Kubernetes pod autoscaling" shares only "kubernetes" with us).
 */
export const MIN_COVERAGE = 0.5;
/**
 * How much more often (as a natural log ratio) a word must occur in our articles than in
 * everyday English to count as our subject: "rota", "deploy", "incident" do; "night",
 * "capital", "today" do not, so "capital of Australia" is not mistaken for a question for us.
 */
export const MIN_KEYNESS = 2.5;
/**
 * At least this share of the question's information must be our subject's own vocabulary:
 * "What are the side effects of ibuprofen?" matches "effects", but that is not enough.
 */
export const MIN_DOMAIN_SHARE = 0.25;
const CONSIDERED = 3;

/** Judges whether the best passages answer the question at all, or the coach should say it does not know. */
export class RelevanceJudge {
  private readonly passageStems = new WeakMap<Passage, ReadonlySet<string>>();

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly english: GeneralEnglish,
  ) {}

  /** Log ratio of a stem's frequency here to its frequency in everyday English. */
  keyness(stem: string): number {
    return Math.log(this.vocabulary.probability(stem) / this.english.probability(stem));
  }

  judge(query: SearchQuery, ranked: readonly ScoredPassage[]): Relevance {
    // Numbers ("3 teams", "99") rarely carry the topic; they still help ranking.
    const stems = query.stems.filter((s) => !/^\d/.test(s));
    if (stems.length === 0 || ranked.length === 0)
      return { coverage: 0, domainTerms: [], domainShare: 0, onTopic: false };
    const covered = new Set<string>();
    for (const { passage } of ranked.slice(0, CONSIDERED)) for (const s of this.stemsOf(passage)) covered.add(s);
    // A glossary term counts as answered when the passages use its long form ("MTTR" -> "time to restore").
    const expansionMatched = query.expansions.some((s) => covered.has(s));
    const isCovered = (s: string) => covered.has(s) || (expansionMatched && query.glossaryStems.has(s));
    let total = 0;
    let matched = 0;
    let domain = 0;
    const domainTerms: string[] = [];
    for (const s of stems) {
      const weight = this.english.surprisal(s);
      total += weight;
      if (!isCovered(s)) continue;
      matched += weight;
      if (this.vocabulary.knowsStem(s) && this.keyness(s) >= MIN_KEYNESS) {
        domainTerms.push(s);
        domain += weight;
      }
    }
    const coverage = total === 0 ? 0 : matched / total;
    const domainShare = total === 0 ? 0 : domain / total;
    const onTopic = coverage >= MIN_COVERAGE && domainShare >= MIN_DOMAIN_SHARE;
    return { coverage, domainTerms, domainShare, onTopic };
  }

  private stemsOf(passage: Passage): ReadonlySet<string> {
    let stems = this.passageStems.get(passage);
    if (!stems) {
      const a = passage.article;
      stems = new Set(
        analyze(`${a.title} ${a.aliases.join(' ')} ${a.tags.join(' ')} ${passage.heading} ${passage.text}`),
      );
      this.passageStems.set(passage, stems);
    }
    return stems;
  }
}
