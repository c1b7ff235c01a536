import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { analyze, words } from './analyzer.ts';
import type { SpellingCorrector } from './spelling.ts';

/** A question turned into what the index understands. */
export interface SearchQuery {
  /** Content stems of the question (typos repaired), unique, in order. */
  stems: string[];
  /** Stems added because the question used a glossary term or one of its aliases ("MTTR" -> "time to restore"). */
  expansions: string[];
  /** Words repaired on the way in, so the reply can say how it read them. */
  corrections: { from: string; to: string }[];
  /**
   * Articles the question names: it contains one of their aliases or titles in full ("who gets
   * paged at 3am"), or is nothing but one ("ops run it?"). Value: how strongly.
   */
  namedArticles: ReadonlyMap<string, NamedHow>;
  /** Question stems that are glossary terms, understood even when a passage uses the long form. */
  glossaryStems: ReadonlySet<string>;
  /** Asks what something means ("what does CAB stand for", "MTTR?"), which the glossary answers best. */
  definitional: boolean;
}

const DEFINITIONAL =
  /\b(what(?:'s|’s| is| are| does| do)|whats|define|definition|meaning|means?|stands? for|acronym|jargon|vs|versus|difference between)\b/i;

/** How a question names an article: it is the title, it is an alias, or it contains an alias. */
export type NamedHow = 'title' | 'alias' | 'contains';
const STRENGTH: Record<NamedHow, number> = { title: 3, alias: 2, contains: 1 };

interface Rule {
  trigger: string[];
  expansion: string[];
}

/** Turns free text into a SearchQuery: spelling repair, glossary expansion, alias detection. */
export class QueryParser {
  private readonly glossaryRules: Rule[];
  private readonly aliasRules: { stems: string[]; articleId: string; isTitle: boolean }[];

  constructor(
    knowledge: KnowledgeBase,
    private readonly speller: SpellingCorrector,
  ) {
    this.glossaryRules = knowledge.glossary.flatMap((entry) => {
      const forms = [entry.term, ...entry.aliases].map((f) => unique(analyze(f))).filter((f) => f.length > 0);
      const expansion = unique(forms.flat());
      return forms.map((trigger) => ({ trigger, expansion }));
    });
    this.aliasRules = knowledge.articles.flatMap((article) =>
      [article.title, ...article.aliases]
        .map((alias, i) => ({ stems: unique(analyze(alias)), articleId: article.id, isTitle: i === 0 }))
        .filter((rule) => rule.stems.length >= 1),
    );
  }

  parse(text: string): SearchQuery {
    const corrections: { from: string; to: string }[] = [];
    const repaired = words(text).map((word) => {
      const fixed = this.speller.correct(word);
      if (!fixed) return word;
      corrections.push({ from: word, to: fixed });
      return fixed;
    });
    const stems = unique(analyze(repaired.join(' ')));
    const present = new Set(stems);
    const expansions = new Set<string>();
    const glossaryStems = new Set<string>();
    for (const rule of this.glossaryRules) {
      if (!rule.trigger.every((s) => present.has(s))) continue;
      for (const s of rule.trigger) glossaryStems.add(s);
      for (const s of rule.expansion) expansions.add(s);
    }
    for (const s of stems) expansions.delete(s);
    const namedArticles = new Map<string, NamedHow>();
    for (const rule of this.aliasRules) {
      if (!rule.stems.every((s) => present.has(s))) continue;
      const exact = rule.stems.length === present.size;
      const how = exact ? (rule.isTitle ? 'title' : 'alias') : rule.stems.length >= 2 ? 'contains' : undefined;
      const before = namedArticles.get(rule.articleId);
      if (how && (!before || STRENGTH[how] > STRENGTH[before])) namedArticles.set(rule.articleId, how);
    }
    const definitional = stems.length <= 2 || (stems.length <= 5 && DEFINITIONAL.test(text));
    return { stems, expansions: [...expansions], corrections, namedArticles, glossaryStems, definitional };
  }
}

/** The FTS5 expression for a query: every stem quoted (so no user text is FTS syntax), ORed. */
export function toFtsExpression(query: SearchQuery): string | undefined {
  const terms = unique([...query.stems, ...query.expansions]).filter((s) => s.length > 0);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, '')}"`).join(' OR ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
