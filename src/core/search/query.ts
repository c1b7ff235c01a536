import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { analyze, words } from './analyzer.ts';
import { focusOf } from './focus.ts';
import { type Intent, intentOf } from './intent.ts';
import { RANKING } from './ranking-parameters.ts';
import type { SpellingCorrector } from './spelling.ts';

/** A question turned into what the index understands. */
export interface SearchQuery {
  /** Content stems of the question (typos repaired, shorthand spelled out), unique, in order. */
  stems: string[];
  /** The asking sentences, as typed; the rest of a long message is context. */
  focus: string;
  /** Stems of the asking sentences. */
  focusStems: ReadonlySet<string>;
  /**
   * How much each searched stem counts: the question's own words in full where it asks and
   * less in the story around it, glossary expansions and related wording less again.
   */
  weights: ReadonlyMap<string, number>;
  /** Stems added because the question used a glossary term or one of its aliases ("MTTR" -> "time to restore"). */
  expansions: string[];
  /** Stems of the words our articles use for the question's own wording (the lexicon's related words). */
  related: string[];
  /** Which added stems (glossary expansions, related words) each of the question's own stems brought in. */
  links: ReadonlyMap<string, ReadonlySet<string>>;
  /** Words repaired on the way in, so the reply can say how it read them. */
  corrections: { from: string; to: string }[];
  /**
   * Articles the question names: it contains one of their aliases or titles in full ("who gets
   * paged at 3am"), or is nothing but one ("ops run it?"). Value: how strongly.
   */
  namedArticles: ReadonlyMap<string, NamedHow>;
  /** For an article whose alias the question contains: the share of the question that alias accounts for. */
  namedShare: ReadonlyMap<string, number>;
  /** Glossary entries (passage keys) the question is nothing but the term of ("what is a CAB?"). */
  namedEntries: ReadonlySet<string>;
  /** Question stems that are glossary terms, understood even when a passage uses the long form. */
  glossaryStems: ReadonlySet<string>;
  /** Articles the glossary points to for the terms the person asked about: they are about those terms. */
  glossaryArticles: ReadonlySet<string>;
  /** Asks what something means ("what does CAB stand for", "MTTR?"), which the glossary answers best. */
  definitional: boolean;
  /** What kind of answer the question wants: a definition, a date, a figure, a recommendation... */
  intent: Intent;
}

const DEFINITIONAL =
  /\b(what(?:'s|’s| is| are| does| do)|whats|define|definition|meaning|means?|stands? for|acronym|jargon|vs|versus|difference between)\b/i;

/** How a question names an article: it is the title, it is an alias, or it contains an alias. */
export type NamedHow = 'title' | 'alias' | 'contains';
const STRENGTH: Record<NamedHow, number> = { title: 3, alias: 2, contains: 1 };

/**
 * Words that ask about a subject without being part of it ("what does X actually mean as an
 * operating model", "X in one sentence"): left out when checking whether a question names an
 * article's title or alias.
 */
/** An alias found word for word counts as if it were this much longer. */
const VERBATIM_GAIN = 1.5;

const ASKING_WORDS = new Set(
  analyze(
    'meaning actually operating model models playbook sentence short simple simply plain terms words explain explained concept idea basically definition describe overview summary summarise summarize tldr quick brief nutshell exactly really real approach means mean stand',
  ),
);

interface Rule {
  trigger: string[];
  expansion: string[];
  /** The articles the glossary entry points to. */
  seeAlso: string[];
  /** The entry's passage. */
  key: string;
}

/** Turns free text into a SearchQuery: shorthand, spelling repair, focus, glossary and lexicon expansion, alias detection. */
export class QueryParser {
  private readonly glossaryRules: Rule[];
  private readonly relatedRules: { phrase: string[]; stems: string[] }[];
  private readonly aliasRules: { stems: string[]; words: string[]; articleId: string; isTitle: boolean }[];
  private readonly shorthand: ReadonlyMap<string, string>;

  constructor(
    knowledge: KnowledgeBase,
    private readonly speller: SpellingCorrector,
  ) {
    this.shorthand = knowledge.lexicon.shorthand;
    this.glossaryRules = knowledge.glossary.flatMap((entry) => {
      const forms = [entry.term, ...entry.aliases].map((f) => unique(analyze(f))).filter((f) => f.length > 0);
      const expansion = unique(forms.flat());
      return forms.map((trigger) => ({ trigger, expansion, seeAlso: entry.seeAlso, key: entry.key }));
    });
    this.relatedRules = knowledge.lexicon.related
      .map(({ phrase, words: to }) => ({ phrase: words(phrase), stems: unique(to.flatMap((w) => analyze(w))) }))
      .filter((r) => r.phrase.length > 0 && r.stems.length > 0);
    this.aliasRules = knowledge.articles.flatMap((article) =>
      [article.title, ...article.aliases]
        .map((alias, i) => ({
          stems: unique(analyze(alias)),
          words: words(alias),
          articleId: article.id,
          isTitle: i === 0,
        }))
        .filter((rule) => rule.stems.length >= 1),
    );
  }

  parse(text: string): SearchQuery {
    const corrections: { from: string; to: string }[] = [];
    const read = (part: string) => this.read(part, corrections);
    const { focus, context } = focusOf(text);
    const focusWords = read(focus);
    const contextWords = read(context);
    const focusStems = new Set(analyze(focusWords.join(' ')));
    const stems = unique([...analyze(focusWords.join(' ')), ...analyze(contextWords.join(' '))]);
    const weights = new Map<string, number>();
    const raise = (stem: string, weight: number) => {
      if (weight > (weights.get(stem) ?? 0)) weights.set(stem, weight);
    };
    for (const s of stems) raise(s, focusStems.has(s) ? 1 : RANKING.contextWeight);

    const present = new Set(stems);
    const expansions = new Set<string>();
    const glossaryStems = new Set<string>();
    const glossaryArticles = new Set<string>();
    const links = new Map<string, Set<string>>();
    const link = (from: readonly string[], to: readonly string[]) => {
      for (const f of from) {
        const set = links.get(f) ?? new Set<string>();
        for (const t of to) if (t !== f) set.add(t);
        links.set(f, set);
      }
    };
    for (const rule of this.glossaryRules) {
      if (!rule.trigger.every((s) => present.has(s))) continue;
      const weight = Math.min(...rule.trigger.map((s) => weights.get(s) ?? 0)) * RANKING.expansionWeight;
      for (const s of rule.trigger) glossaryStems.add(s);
      if (rule.trigger.every((s) => focusStems.has(s))) for (const id of rule.seeAlso) glossaryArticles.add(id);
      for (const s of rule.expansion) {
        expansions.add(s);
        raise(s, weight);
      }
      link(rule.trigger, rule.expansion);
    }
    const related = new Set<string>();
    for (const [part, weight] of [
      [focusWords, 1],
      [contextWords, RANKING.contextWeight],
    ] as const) {
      for (const rule of this.relatedRules) {
        if (!containsRun(part, rule.phrase)) continue;
        for (const s of rule.stems) {
          related.add(s);
          raise(s, weight * RANKING.relatedWeight);
        }
        link(
          analyze(rule.phrase.join(' ')).filter((s) => present.has(s)),
          rule.stems,
        );
      }
    }
    for (const s of stems) {
      expansions.delete(s);
      related.delete(s);
    }

    const namedArticles = new Map<string, NamedHow>();
    const namedShare = new Map<string, number>();
    const subject = new Set([...present].filter((s) => !ASKING_WORDS.has(s)));
    const allWords = [...focusWords, ...contextWords];
    const typedWeight = stems.reduce((sum, s) => sum + (weights.get(s) ?? 0), 0);
    // The question is nothing but the phrase (give or take words that only ask about it).
    const isWhole = (phrase: readonly string[]) =>
      phrase.every((s) => present.has(s)) &&
      (phrase.length === present.size || (phrase.every((s) => subject.has(s)) && phrase.length === subject.size));
    for (const rule of this.aliasRules) {
      if (!rule.stems.every((s) => present.has(s))) continue;
      const how = isWhole(rule.stems)
        ? rule.isTitle
          ? 'title'
          : 'alias'
        : rule.stems.length >= 2
          ? 'contains'
          : undefined;
      if (!how) continue;
      // Word for word ("who gets paged at 3am") says more than the same stems scattered about.
      const verbatim = rule.words.length >= 3 && containsRun(allWords, rule.words);
      const share = verbatim
        ? Math.min(1, (VERBATIM_GAIN * rule.words.length) / Math.max(allWords.length, 1))
        : rule.stems.reduce((sum, s) => sum + (weights.get(s) ?? 0), 0) / Math.max(typedWeight, 1e-9);
      namedShare.set(rule.articleId, Math.max(namedShare.get(rule.articleId) ?? 0, share));
      const before = namedArticles.get(rule.articleId);
      if (!before || STRENGTH[how] > STRENGTH[before]) namedArticles.set(rule.articleId, how);
    }
    const namedEntries = new Set(
      this.glossaryRules.filter((rule) => rule.trigger.length > 0 && isWhole(rule.trigger)).map((rule) => rule.key),
    );
    const definitional = stems.length <= 2 || (stems.length <= 5 && DEFINITIONAL.test(text));
    return {
      stems,
      focus,
      focusStems,
      weights,
      expansions: [...expansions],
      related: [...related],
      links,
      corrections,
      namedArticles,
      namedShare,
      namedEntries,
      glossaryStems,
      glossaryArticles,
      definitional,
      intent: intentOf(focus),
    };
  }

  /** The words of a text with shorthand spelled out and typos repaired. */
  private read(text: string, corrections: { from: string; to: string }[]): string[] {
    if (!text) return [];
    return words(text).flatMap((word) => {
      const spelled = this.shorthand.get(word);
      if (spelled !== undefined) return spelled ? words(spelled) : [];
      const fixed = this.speller.correct(word);
      if (!fixed) return [word];
      corrections.push({ from: word, to: fixed });
      return [fixed];
    });
  }
}

/** Whether `run` occurs in `list` as consecutive items. */
function containsRun(list: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= list.length; i++) {
    for (let j = 0; j < run.length; j++) if (list[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** The FTS5 expression for a query: every stem quoted (so no user text is FTS syntax), ORed. */
export function toFtsExpression(query: SearchQuery): string | undefined {
  const terms = [...query.weights.keys()].filter((s) => s.length > 0);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, '')}"`).join(' OR ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
