import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import type matter from 'gray-matter';
import { parseYaml } from '../prompts/yaml.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';
import { type FrontMatter, frontMatterSchema } from './article-schema.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { parseGlossaryHeading } from './glossary.ts';
import { markdownLinks, type Section, splitSections } from './markdown.ts';
import { KNOWN_PUBLIC_SOURCES, resolveSourceRef } from './public-sources.ts';
import { readSectionMarker } from './section-origin.ts';

export interface Article extends FrontMatter {
  /** Where the file lives, for error messages and curators. */
  path: string;
  /** Shipped with Opscoach (true) or from an organisation's KNOWLEDGE_DIRS (false). */
  builtIn: boolean;
  sections: ArticleSection[];
  /** The page a citation links to: the first source. */
  url: string;
}

/** A section as loaded: its text without the marker line, and what a passage quoting it cites. */
export interface ArticleSection extends Section {
  origin: SectionOrigin;
}

/**
 * article: the article's own default (its first source; a glossary entry, the page behind the
 * article it links to); pages: the pages named in the section's {sources: ...} line;
 * suggestion: Opscoach's own advice, which cites no page.
 */
export type SectionOrigin = { kind: 'article' } | { kind: 'pages'; urls: string[] } | { kind: 'suggestion' };

export interface LoadedArticles {
  articles: Article[];
  /** Changes whenever any article's text changes; the search index is rebuilt only then. */
  contentHash: string;
}

/** Every problem found in the knowledge folders, one line each, so a curator can fix them in one pass. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
  constructor(readonly problems: string[]) {
    super(`The knowledge base has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface KnowledgeDir {
  path: string;
  builtIn: boolean;
}

const require = createRequire(import.meta.url);

/** Bumped when the way articles become passages changes, so old indexes are rebuilt. */
const INDEX_FORMAT = '7';

/**
 * Reads, validates and cross-checks every article in the given folders. Throws KnowledgeError.
 * Articles read and checked before, byte for byte in the same folders by the same code, come
 * from the cache instead of being parsed again.
 */
export function loadArticles(dirs: KnowledgeDir[], cache: DerivedCache = NO_CACHE): LoadedArticles {
  const problems: string[] = [];
  const files: { path: string; source: string; builtIn: boolean }[] = [];
  const hash = createHash('sha256').update(`format:${INDEX_FORMAT}\n`);

  for (const dir of dirs) {
    let paths: string[];
    try {
      paths = markdownFiles(dir.path);
    } catch {
      problems.push(`${dir.path}: folder not found or not readable`);
      continue;
    }
    if (paths.length === 0) problems.push(`${dir.path}: no .md articles in this folder`);
    for (const path of paths) {
      const source = readFileSync(path, 'utf8');
      hash.update(`${relative(dir.path, path)}\n${source}\n`);
      files.push({ path, source, builtIn: dir.builtIn });
    }
  }
  const contentHash = hash.digest('hex');
  const parse = () => {
    const articles = files.flatMap((f) => parseArticle(f.path, f.source, f.builtIn, problems) ?? []);
    crossCheck(articles, problems);
    if (problems.length > 0) throw new KnowledgeError(problems);
    return articles.sort((a, b) => a.id.localeCompare(b.id));
  };
  if (problems.length > 0) return { articles: parse(), contentHash };
  // Where the folders are (articles carry their paths) and which are built in belong to the key too.
  const fingerprint = createHash('sha256')
    .update(contentHash)
    .update(JSON.stringify(dirs))
    .update(codeFingerprint([new URL('./', import.meta.url)], ['gray-matter', 'yaml', 'zod']))
    .digest('hex');
  return { articles: cache.remember('articles', fingerprint, parse), contentHash };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return markdownFiles(path);
      return name.endsWith('.md') && name.toLowerCase() !== 'readme.md' ? [path] : [];
    });
}

function parseArticle(path: string, source: string, builtIn: boolean, problems: string[]): Article | undefined {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Loaded on the first article parsed: a start whose articles are all cached never needs it.
    const frontMatter = require('gray-matter') as typeof matter;
    // gray-matter finds the front-matter block; the maintained `yaml` package parses it.
    // Articles are data: gray-matter would otherwise eval a "---js" block.
    parsed = frontMatter(source, {
      engines: { yaml: (text: string) => parseYaml(text) as object, javascript: refuseCode },
    });
  } catch (error) {
    problems.push(`${path}: front-matter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const result = frontMatterSchema.safeParse(parsed.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${path}: front-matter ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return undefined;
  }
  const front = result.data;
  const expectedId = basename(path, '.md');
  if (front.id !== expectedId) problems.push(`${path}: id "${front.id}" must match the file name "${expectedId}"`);

  const split = splitSections(parsed.content);
  if (split.preamble)
    problems.push(`${path}: text before the first "## " heading (the title comes from the front-matter)`);
  if (split.sections.length === 0) problems.push(`${path}: needs at least one "## " section`);
  const sections = split.sections.map((section) => readSection(path, section, builtIn, problems));
  for (const section of sections) {
    if (!section.markdown) problems.push(`${path}: section "${section.heading}" is empty`);
    if (front.kind === 'glossary' && !parseGlossaryHeading(section.heading)) {
      problems.push(`${path}: glossary heading "${section.heading}" must read "TERM (alias; alias)"`);
    }
  }
  if (builtIn && front.kind === 'article' && front.sources.length > 5) {
    problems.push(`${path}: an article cites at most 5 sources`);
  }
  if (builtIn) {
    for (const url of front.sources) {
      if (!KNOWN_PUBLIC_SOURCES.has(url)) problems.push(`${path}: source ${url} is not a known public playbook page`);
    }
  }
  return { ...front, path, builtIn, sections, url: front.sources[0] ?? '' };
}

/** Takes a section's marker line out of its text and checks the pages it names. */
function readSection(path: string, section: Section, builtIn: boolean, problems: string[]): ArticleSection {
  const { marker, markdown, problem } = readSectionMarker(section.markdown);
  const where = `${path}: section "${section.heading}"`;
  if (problem) problems.push(`${where}: ${problem}`);
  if (marker.kind === 'suggestion') return { heading: section.heading, markdown, origin: { kind: 'suggestion' } };
  if (marker.kind === 'none') return { heading: section.heading, markdown, origin: { kind: 'article' } };
  const urls = marker.refs.map(resolveSourceRef);
  for (const [i, url] of urls.entries()) {
    // Built-in articles cite the playbook's public pages; an organisation's may cite any web page.
    const known = KNOWN_PUBLIC_SOURCES.has(url);
    const ownPage = !builtIn && /^https?:\/\//i.test(marker.refs[i] ?? '') && URL.canParse(url);
    if (!known && !ownPage) problems.push(`${where}: source "${marker.refs[i]}" is not a known public playbook page`);
  }
  return { heading: section.heading, markdown, origin: { kind: 'pages', urls } };
}

function refuseCode(): never {
  throw new Error('front-matter must be YAML: open it with a plain "---" line, not "---js"');
}

function crossCheck(articles: Article[], problems: string[]): void {
  const byId = new Map<string, Article>();
  for (const article of articles) {
    const twin = byId.get(article.id);
    if (twin) problems.push(`${article.path}: id "${article.id}" is already used by ${twin.path}`);
    else byId.set(article.id, article);
  }
  for (const article of articles) {
    for (const id of article.related) {
      if (!byId.has(id)) problems.push(`${article.path}: related article "${id}" does not exist`);
      if (id === article.id) problems.push(`${article.path}: an article cannot be related to itself`);
    }
    for (const section of article.sections) {
      for (const link of markdownLinks(section.markdown)) {
        if (/^https?:\/\//.test(link.target)) continue;
        const id = /^(?:\.\/)?([a-z0-9-]+)\.md(?:#[\w-]+)?$/.exec(link.target)?.[1];
        if (!id) problems.push(`${article.path}: link "${link.target}" should be another-article.md or an http(s) URL`);
        else if (!byId.has(id)) problems.push(`${article.path}: link to "${link.target}" does not resolve`);
      }
    }
  }
}
