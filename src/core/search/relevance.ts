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
    const none: Relevance = { coverage: 0, domainTerms: [], domainShare: 0, onTopic: false };
    if (stems.length === 0 || ranked.length === 0) return none;
    const glossaryUsed = this.glossaryUsed(stems);
    // One article must speak to the question: passages from three articles each matching a
    // different stray word ("write", "loop") do not add up to an answer about Python loops.
    const byArticle = new Map<string, Passage[]>();
    for (const { passage } of ranked.slice(0, CONSIDERED * 2)) {
      byArticle.set(passage.article.id, [...(byArticle.get(passage.article.id) ?? []), passage]);
    }
    let best = none;
    for (const passages of byArticle.values()) {
      const judged = this.judgePassages(passages, stems, query, glossaryUsed);
      if (
        judged.coverage > best.coverage ||
        (judged.coverage === best.coverage && judged.domainShare > best.domainShare)
      ) {
        best = judged;
      }
    }
    // A question that is nothing but one of our titles or aliases ("where do we start?") names its article.
    const top = new Set(ranked.slice(0, CONSIDERED).map((r) => r.passage.article.id));
    const named = [...query.namedArticles].some(([id, how]) => how !== 'contains' && top.has(id));
    const onTopic = named || (best.coverage >= MIN_COVERAGE && best.domainShare >= MIN_DOMAIN_SHARE);
    return { ...best, onTopic };
  }

  private judgePassages(
    passages: readonly Passage[],
    stems: readonly string[],
    query: SearchQuery,
    glossaryUsed: ReadonlySet<string>,
  ): Relevance {
    // A word counts as covered when the passages make something of it: it is in a title,
    // heading, alias or tag, it comes up more than once, or it is one of our subject's own words.
    // A single passing mention of an everyday word ("by phone, pager or laptop") does not make
    // "the best laptop for a developer" a question for us.
    const prominent = new Set<string>();
    const body = new Map<string, number>();
    for (const passage of passages) {
      const stemsOf = this.stemsOf(passage);
      for (const s of stemsOf.prominent) prominent.add(s);
      for (const [s, n] of stemsOf.body) body.set(s, (body.get(s) ?? 0) + n);
    }
    const isCoveredHere = (s: string) =>
      prominent.has(s) || (body.get(s) ?? 0) >= 2 || (body.has(s) && this.isDomainTerm(s, glossaryUsed));
    // A glossary term counts as answered when the passage uses its long form ("MTTR" -> "time to restore").
    const expansionMatched = query.expansions.some(isCoveredHere);
    let total = 0;
    let matched = 0;
    let domain = 0;
    const domainTerms: string[] = [];
    for (const s of stems) {
      const weight = this.english.surprisal(s);
      total += weight;
      if (!isCoveredHere(s) && !(expansionMatched && query.glossaryStems.has(s))) continue;
      matched += weight;
      if (this.isDomainTerm(s, glossaryUsed)) {
        domainTerms.push(s);
        domain += weight;
      }
    }
    return { coverage: matched / total, domainTerms, domainShare: domain / total, onTopic: false };
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
