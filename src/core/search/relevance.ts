import type { GlossaryTerm } from '../knowledge/glossary.ts';
import type { Passage } from '../knowledge/knowledge-base.ts';
import { analyze } from './analyzer.ts';
import type { GeneralEnglish } from './general-english.ts';
import type { ScoredPassage } from './lexical-index.ts';
import type { SearchQuery } from './query.ts';
import { packTerms, TermLookup, type TermTable } from './term-table.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface Relevance {
  /** Share (0..1) of the question's information that the best article speaks to. */
  coverage: number;
  /** Question stems, found in that article, that are characteristic of our subject. */
  domainTerms: string[];
  /** Share (0..1) of the question's information carried by those domain terms. */
  domainShare: number;
  /** The article the judgement is about (the best one), when there is one. */
  articleId?: string;
  onTopic: boolean;
  /** The figures behind the judgement, for tuning and tests. */
  debug?: Record<string, unknown>;
}

/**
 * How much more often (as a natural log ratio) a word must occur in our articles than in
 * everyday English to count as our subject: "rota", "deploy", "incident" do; "night",
 * "capital", "today" do not, so "capital of Australia" is not mistaken for a question for us.
 */
export const MIN_KEYNESS = 2.5;
const CONSIDERED = 3;
/**
 * The decision, in nats of information: the best article must speak to a good part of the
 * question (MIN_COVERAGE), or to a smaller part that still holds several of our subject's
 * words (MIN_DOMAIN_INFO at MIN_LONG_COVERAGE: a long, messy message about on-call pay is
 * about on-call pay even when half its words tell the story around it); at least a quarter
 * of the question must be our subject's vocabulary; and words we have never seen
 * ("ibuprofen", "nginx") must not outweigh the words of ours it uses.
 */
export const MIN_COVERAGE = 0.45;
export const MIN_LONG_COVERAGE = 0.3;
export const MIN_DOMAIN_INFO = 30;
export const MIN_DOMAIN_SHARE = 0.25;

/**
 * Every passage's stems, worked out once (and cached between starts with the other passage
 * statistics): those of its title, aliases, tags and heading, and how often each stem comes up
 * in its text. In the order of knowledge.passages.
 */
export interface PassageStemTables {
  prominent: TermTable;
  body: TermTable;
}

interface PassageStems {
  prominent: Iterable<string>;
  body: Iterable<[string, number]>;
}

/** Judges whether the best passages answer the question at all, or the coach should say it does not know. */
export class RelevanceJudge {
  private readonly rowOf: ReadonlyMap<Passage, number>;
  private readonly prominent: TermLookup;
  private readonly body: TermLookup;

  /** Glossary terms and aliases as stem lists: curated vocabulary of our subject, whatever their frequency. */
  private readonly glossaryPhrases: readonly string[][];

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly english: GeneralEnglish,
    glossary: readonly GlossaryTerm[] = [],
    passages: readonly Passage[] = [],
    stems: PassageStemTables = RelevanceJudge.passageStems(passages),
  ) {
    this.rowOf = new Map(passages.map((p, i) => [p, i]));
    this.prominent = new TermLookup(stems.prominent);
    this.body = new TermLookup(stems.body);
    this.glossaryPhrases = glossary
      .flatMap((g) => [g.term, ...g.aliases].map((form) => [...new Set(analyze(form))]))
      .filter((stems) => stems.length > 0);
  }

  static passageStems(passages: readonly Passage[]): PassageStemTables {
    const analysed = passages.map(analyseStems);
    return {
      prominent: packTerms(analysed.map((p) => new Map([...p.prominent].map((s) => [s, 1])))),
      body: packTerms(analysed.map((p) => p.body)),
    };
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
    let best: Judged | undefined;
    for (const [articleId, passages] of byArticle) {
      const judged = this.judgePassages(articleId, passages, stems, query, glossaryUsed);
      if (!best || judged.score > best.score) best = judged;
    }
    if (!best) return none;
    // A question that is nothing but one of our titles or aliases ("where do we start?") names its article.
    const top = new Set(ranked.slice(0, CONSIDERED).map((r) => r.passage.article.id));
    const named = [...query.namedArticles].some(([id, how]) => how !== 'contains' && top.has(id));
    const onTopic = named || best.onTopic;
    return {
      coverage: best.coverage,
      domainTerms: best.domainTerms,
      domainShare: best.domainShare,
      articleId: best.articleId,
      onTopic,
      debug: best.debug,
    };
  }

  private judgePassages(
    articleId: string,
    passages: readonly Passage[],
    stems: readonly string[],
    query: SearchQuery,
    glossaryUsed: ReadonlySet<string>,
  ): Judged {
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
    // A word counts as answered when the passage uses what it stands for: a glossary term's long
    // form ("MTTR" -> "time to restore"), or the words our articles use for it ("pager" -> "on-call").
    const viaLinks = (s: string, test: (t: string) => boolean) => [...(query.links.get(s) ?? [])].some(test);
    let total = 0;
    let matched = 0;
    let domain = 0;
    let unknown = 0;
    const domainTerms: string[] = [];
    const terms: string[] = [];
    const detail: Record<string, unknown>[] = [];
    for (const s of stems) {
      const weight = (query.weights.get(s) ?? 1) * this.english.surprisal(s);
      total += weight;
      if (!this.vocabulary.knowsStem(s)) unknown += weight;
      const covered = isCoveredHere(s) || viaLinks(s, isCoveredHere);
      // A word is our subject's when it is one of our words, or the lexicon or glossary says it means one.
      const isDomain =
        this.isDomainTerm(s, glossaryUsed) ||
        viaLinks(s, (t) => isCoveredHere(t) && this.isDomainTerm(t, glossaryUsed));
      terms.push(`${s}${covered ? '+' : ''}${isDomain ? '*' : ''}`);
      detail.push({
        s,
        info: this.english.surprisal(s),
        w: query.weights.get(s) ?? 1,
        covered,
        domain: isDomain,
        known: this.vocabulary.knowsStem(s),
        focus: query.focusStems.has(s),
      });
      if (!covered) continue;
      matched += weight;
      if (isDomain) {
        domainTerms.push(s);
        domain += weight;
      }
    }
    const coverage = matched / total;
    const domainShare = domain / total;
    const onTopic =
      unknown <= domain &&
      domainShare >= MIN_DOMAIN_SHARE &&
      (coverage >= MIN_COVERAGE || (domain >= MIN_DOMAIN_INFO && coverage >= MIN_LONG_COVERAGE));
    return {
      articleId,
      coverage,
      domainTerms,
      domainShare,
      onTopic,
      score: coverage + domainShare,
      debug: {
        coverage,
        domain,
        domainShare,
        unknown,
        total,
        score: coverage + domainShare,
        terms: terms.join(' '),
        detail,
      },
    };
  }

  private stemsOf(passage: Passage): PassageStems {
    const row = this.rowOf.get(passage);
    // Every ranked passage is one of the knowledge base's; anything else is worked out on the spot.
    if (row === undefined) return analyseStems(passage);
    return { prominent: [...this.prominent.entries(row)].map(([s]) => s), body: this.body.entries(row) };
  }
}

function analyseStems(passage: Passage): { prominent: Set<string>; body: Map<string, number> } {
  const a = passage.article;
  const prominent = new Set(analyze(`${a.title} ${a.aliases.join(' ')} ${a.tags.join(' ')} ${passage.heading}`));
  const body = new Map<string, number>();
  for (const s of analyze(passage.text)) body.set(s, (body.get(s) ?? 0) + 1);
  return { prominent, body };
}

interface Judged {
  articleId: string;
  coverage: number;
  domainTerms: string[];
  domainShare: number;
  onTopic: boolean;
  score: number;
  debug: Record<string, unknown>;
}
