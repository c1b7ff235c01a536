import type { GlossaryTerm } from '../knowledge/glossary.ts';
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

interface PassageStems {
  prominent: ReadonlySet<string>;
  body: ReadonlyMap<string, number>;
}

/** Judges whether the best passages answer the question at all, or the coach should say it does not know. */
export class RelevanceJudge {
  private readonly passageStems = new WeakMap<Passage, PassageStems>();

  /** Glossary terms and aliases as stem lists: curated vocabulary of our subject, whatever their frequency. */
  private readonly glossaryPhrases: readonly string[][];

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly english: GeneralEnglish,
    glossary: readonly GlossaryTerm[] = [],
  ) {
    this.glossaryPhrases = glossary
      .flatMap((g) => [g.term, ...g.aliases].map((form) => [...new Set(analyze(form))]))
      .filter((stems) => stems.length > 0);
  }

  /** Log ratio of a stem's frequency here to its frequency in everyday English. */
  keyness(stem: string): number {
    return Math.log(this.vocabulary.probability(stem) / this.english.probability(stem));
  }

  /** A word of our subject: far commoner here than in everyday English, or part of a glossary term the question uses whole. */
  isDomainTerm(stem: string, glossaryUsed: ReadonlySet<string> = new Set()): boolean {
    return this.vocabulary.knowsStem(stem) && (this.keyness(stem) >= MIN_KEYNESS || glossaryUsed.has(stem));
  }

  /** Stems of every glossary term or alias that appears whole in the question ("eyes on glass", not just "glass"). */
  private glossaryUsed(stems: readonly string[]): Set<string> {
    const present = new Set(stems);
    return new Set(this.glossaryPhrases.filter((phrase) => phrase.every((s) => present.has(s))).flat());
  }

  judge(query: SearchQuery, ranked: readonly ScoredPassage[]): Relevance {
    // Numbers ("3 teams", "99") rarely carry the topic; they still help ranking.
    const stems = query.stems.filter((s) => !/^\d/.test(s));
    if (stems.length === 0 || ranked.length === 0)
      return { coverage: 0, domainTerms: [], domainShare: 0, onTopic: false };
    // A word counts as covered when the best passages make something of it: it is in a title,
    // heading, alias or tag, it comes up more than once, or it is one of our subject's own words.
    // A single passing mention of an everyday word ("by phone, pager or laptop") does not make
    // "the best laptop for a developer" a question for us.
    const mentions = new Map<string, number>();
    for (const { passage } of ranked.slice(0, CONSIDERED)) {
      const { prominent, body } = this.stemsOf(passage);
      for (const s of prominent) mentions.set(s, 2);
      for (const [s, n] of body) mentions.set(s, Math.min(2, (mentions.get(s) ?? 0) + n));
    }
    const glossaryUsed = this.glossaryUsed(stems);
    const covered = new Set(
      [...mentions].filter(([s, n]) => n >= 2 || this.isDomainTerm(s, glossaryUsed)).map(([s]) => s),
    );
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
      if (this.isDomainTerm(s, glossaryUsed)) {
        domainTerms.push(s);
        domain += weight;
      }
    }
    const coverage = total === 0 ? 0 : matched / total;
    const domainShare = total === 0 ? 0 : domain / total;
    // A question that is nothing but one of our titles or aliases ("where do we start?") names its article.
    const top = new Set(ranked.slice(0, CONSIDERED).map((r) => r.passage.article.id));
    const named = [...query.namedArticles].some(([id, how]) => how !== 'contains' && top.has(id));
    const onTopic = named || (coverage >= MIN_COVERAGE && domainShare >= MIN_DOMAIN_SHARE);
    return { coverage, domainTerms, domainShare, onTopic };
  }

  private stemsOf(passage: Passage): PassageStems {
    let stems = this.passageStems.get(passage);
    if (!stems) {
      const a = passage.article;
      const prominent = new Set(analyze(`${a.title} ${a.aliases.join(' ')} ${a.tags.join(' ')} ${passage.heading}`));
      const body = new Map<string, number>();
      for (const s of analyze(passage.text)) body.set(s, (body.get(s) ?? 0) + 1);
      stems = { prominent, body };
      this.passageStems.set(passage, stems);
    }
    return stems;
  }
}
