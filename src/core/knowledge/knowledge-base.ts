import { fileURLToPath } from 'node:url';
import { BUILT_IN_TOPICS } from './article-schema.ts';
import { type GlossaryTerm, parseGlossaryHeading } from './glossary.ts';
import { EMPTY_LEXICON, type Lexicon, loadLexicon } from './lexicon.ts';
import { type Article, type KnowledgeDir, KnowledgeError, loadArticles } from './load-articles.ts';
import { markdownLinks, type Section, toPlainText } from './markdown.ts';

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
  /** What an answer quoting this passage cites: its article, or for a glossary entry the entry itself. */
  citation: Citation;
}

export interface Citation {
  /** Passages with the same key share one citation number. */
  key: string;
  id: string;
  title: string;
  url: string;
}

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
  static load(extraDirs: readonly string[] = [], builtInDir: string = BUILT_IN_KNOWLEDGE_DIR): KnowledgeBase {
    const dirs: KnowledgeDir[] = [
      { path: builtInDir, builtIn: true },
      ...extraDirs.map((path) => ({ path, builtIn: false })),
    ];
    const { articles, contentHash } = loadArticles(dirs);
    const problems: string[] = [];
    const { lexicon } = loadLexicon(
      dirs.map((d) => d.path),
      problems,
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
  const articleCitation: Citation = { key: article.id, id: article.id, title: article.title, url: article.url };
  const summary: Passage = {
    key: `${article.id}#0`,
    article,
    ordinal: 0,
    heading: article.title,
    markdown: article.summary,
    text: article.summary,
    citation: articleCitation,
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
      citation: article.kind === 'glossary' ? glossaryCitation(article, section, byId) : articleCitation,
    })),
  ];
}

/**
 * A glossary entry is cited as itself ("Glossary: CAB") and links to the page behind the article
 * it points to, which says more about the term than the glossary's own first source.
 */
function glossaryCitation(glossary: Article, section: Section, byId: ReadonlyMap<string, Article>): Citation {
  const term = parseGlossaryHeading(section.heading)?.term ?? section.heading;
  const linked = markdownLinks(section.markdown)
    .map((link) => /^(?:\.\/)?([a-z0-9-]+)\.md/.exec(link.target)?.[1])
    .map((id) => (id ? byId.get(id) : undefined))
    .find((a) => a !== undefined);
  return {
    key: `${glossary.id}#${term}`,
    id: glossary.id,
    title: `Glossary: ${term}`,
    url: linked?.url ?? glossary.url,
  };
}
