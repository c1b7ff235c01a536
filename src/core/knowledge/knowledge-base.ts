import { fileURLToPath } from 'node:url';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';
import { BUILT_IN_TOPICS } from './article-schema.ts';
import { type GlossaryTerm, parseGlossaryHeading } from './glossary.ts';
import { EMPTY_LEXICON, type Lexicon, loadLexicon } from './lexicon.ts';
import { type Article, type ArticleSection, type KnowledgeDir, KnowledgeError, loadArticles } from './load-articles.ts';
import { markdownLinks, toPlainText } from './markdown.ts';
import { playbookPageTitle } from './public-sources.ts';

/** A retrievable piece of an article: its summary or one of its sections. */
export interface Passage {
  /** Stable across runs: `<article id>#<ordinal>`. */
  key: string;
  article: Article;
  /** 0 is the summary; 1.. are the sections in order. */
  ordinal: number;
  heading: string;
  markdown: string;
  text: string;
  /**
   * What an answer quoting this passage cites: the pages that say it (under its article's title,
   * or for a glossary entry the entry itself), or Opscoach's own suggestion, which cites no page.
   */
  citation: Citation;
}

/** A page a passage draws on, with a title a reader recognises. */
export interface CitedPage {
  title: string;
  url: string;
}

export type Citation =
  | {
      kind: 'pages';
      /** Passages with the same key share one citation number. */
      key: string;
      id: string;
      title: string;
      pages: CitedPage[];
    }
  | { kind: 'suggestion'; key: string; id: string; title: string };

export interface TopicGroup {
  topic: string;
  articles: Pick<Article, 'id' | 'title' | 'summary' | 'url'>[];
}

export const BUILT_IN_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../knowledge/', import.meta.url));

/** The curated articles in memory, ready to be indexed and cited. */
export class KnowledgeBase {
  readonly byId: ReadonlyMap<string, Article>;
  readonly passages: readonly Passage[];
  readonly glossary: readonly GlossaryTerm[];
  private readonly byArticle = new Map<string, Passage[]>();

  constructor(
    readonly articles: readonly Article[],
    readonly contentHash: string,
    /** How people type about our subject (`lexicon.yaml`), for reading questions. */
    readonly lexicon: Lexicon = EMPTY_LEXICON,
  ) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.passages = articles.flatMap((a) => toPassages(a, this.byId));
    for (const p of this.passages) {
      const list = this.byArticle.get(p.article.id) ?? [];
      list.push(p);
      this.byArticle.set(p.article.id, list);
    }
    this.glossary = articles
      .filter((a) => a.kind === 'glossary')
      .flatMap((a) =>
        a.sections.flatMap((s, i) => {
          const entry = parseGlossaryHeading(s.heading);
          const seeAlso = markdownLinks(s.markdown).flatMap((link) => {
            const id = /^(?:\.\/)?([a-z0-9-]+)\.md/.exec(link.target)?.[1];
            return id ? [id] : [];
          });
          return entry ? [{ ...entry, articleId: a.id, seeAlso, key: `${a.id}#${i + 1}` }] : [];
        }),
      );
  }

  /** Loads the built-in articles plus an organisation's folders; throws KnowledgeError listing every problem. */
  static load(
    extraDirs: readonly string[] = [],
    builtInDir: string = BUILT_IN_KNOWLEDGE_DIR,
    cache: DerivedCache = NO_CACHE,
  ): KnowledgeBase {
    const dirs: KnowledgeDir[] = [
      { path: builtInDir, builtIn: true },
      ...extraDirs.map((path) => ({ path, builtIn: false })),
    ];
    const { articles, contentHash } = loadArticles(dirs, cache);
    const problems: string[] = [];
    const { lexicon } = loadLexicon(
      dirs.map((d) => d.path),
      problems,
      cache,
    );
    if (problems.length > 0) throw new KnowledgeError(problems);
    return new KnowledgeBase(articles, contentHash, lexicon);
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** The summary and sections of one article, in order. */
  passagesOf(id: string): readonly Passage[] {
    return this.byArticle.get(id) ?? [];
  }

  /** Every web page the articles point to: their sources and the links in their text. */
  linkTargets(): string[] {
    return this.articles.flatMap((a) => [
      a.url,
      ...a.sources,
      ...a.sections.flatMap((s) => markdownLinks(s.markdown).map((link) => link.target)),
    ]);
  }

  /** Articles grouped by topic, built-in topics first in their fixed order. */
  topics(): TopicGroup[] {
    const order = (topic: string) => {
      const i = (BUILT_IN_TOPICS as readonly string[]).indexOf(topic);
      return i === -1 ? BUILT_IN_TOPICS.length : i;
    };
    const groups = new Map<string, TopicGroup>();
    for (const a of this.articles) {
      const group = groups.get(a.topic) ?? { topic: a.topic, articles: [] };
      group.articles.push({ id: a.id, title: a.title, summary: a.summary, url: a.url });
      groups.set(a.topic, group);
    }
    return [...groups.values()].sort((x, y) => order(x.topic) - order(y.topic) || x.topic.localeCompare(y.topic));
  }
}

function toPassages(article: Article, byId: ReadonlyMap<string, Article>): Passage[] {
  const summary: Passage = {
    key: `${article.id}#0`,
    article,
    ordinal: 0,
    heading: article.title,
    markdown: article.summary,
    text: article.summary,
    // The summary sums up the whole article, so it cites every page the article lists.
    citation: pagesCitation(article.id, article.title, article.sources),
  };
  return [
    summary,
    ...article.sections.map((section, i) => ({
      key: `${article.id}#${i + 1}`,
      article,
      ordinal: i + 1,
      heading: section.heading,
      markdown: section.markdown,
      text: toPlainText(section.markdown),
      citation: sectionCitation(article, section, byId),
    })),
  ];
}

/**
 * A section cites the pages its {sources: ...} line names, or its article's first source. Opscoach's
 * own suggestions cite no page, so no playbook link is ever attached to them. A glossary entry is
 * cited as itself ("Glossary: CAB"); without a sources line it links to the page behind the article
 * it points to, which says more about the term than the glossary's own first source.
 */
function sectionCitation(article: Article, section: ArticleSection, byId: ReadonlyMap<string, Article>): Citation {
  const term = article.kind === 'glossary' ? (parseGlossaryHeading(section.heading)?.term ?? section.heading) : '';
  const title = term ? `Glossary: ${term}` : article.title;
  if (section.origin.kind === 'suggestion') {
    return {
      kind: 'suggestion',
      key: term ? `${article.id}#${term}` : `${article.id}#suggestion`,
      id: article.id,
      title,
    };
  }
  let urls = section.origin.kind === 'pages' ? section.origin.urls : [article.url];
  if (term && section.origin.kind === 'article') {
    const linked = markdownLinks(section.markdown)
      .map((link) => /^(?:\.\/)?([a-z0-9-]+)\.md/.exec(link.target)?.[1])
      .map((id) => (id ? byId.get(id) : undefined))
      .find((a) => a !== undefined);
    if (linked) urls = [linked.url];
  }
  const citation = pagesCitation(article.id, title, urls);
  return term ? { ...citation, key: `${article.id}#${term}` } : citation;
}

/** Passages of one article that cite the same pages, in whatever order, share one citation (and so one number). */
function pagesCitation(id: string, title: string, urls: readonly string[]): Citation {
  return {
    kind: 'pages',
    key: `${id}|${[...urls].sort().join('|')}`,
    id,
    title,
    pages: urls.map((url) => ({ url, title: playbookPageTitle(url) ?? pageLabel(url) })),
  };
}

/** A readable label for a page that is not one of the playbook's: its host and path. */
function pageLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/$/, '')}`;
  } catch {
    return url;
  }
}
