import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_TOPICS } from '../../../src/core/knowledge/article-schema.ts';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { KnowledgeError } from '../../../src/core/knowledge/load-articles.ts';
import { markdownLinks, toPlainText, wordCount } from '../../../src/core/knowledge/markdown.ts';
import { KNOWN_PUBLIC_SOURCES } from '../../../src/core/knowledge/public-sources.ts';
import { tempDir } from '../../helpers/runtime.ts';

const kb = KnowledgeBase.load();

describe('the built-in knowledge base', () => {
  it('has at least 30 articles with unique ids, each matching its file name', () => {
    const articles = kb.articles.filter((a) => a.kind === 'article');
    expect(articles.length).toBeGreaterThanOrEqual(30);
    expect(new Set(kb.articles.map((a) => a.id)).size).toBe(kb.articles.length);
    for (const a of kb.articles) expect(a.path.endsWith(`/${a.id}.md`)).toBe(true);
  });

  it('cites only known public playbook pages', () => {
    for (const a of kb.articles) {
      for (const url of a.sources) expect(KNOWN_PUBLIC_SOURCES.has(url), `${a.id}: ${url}`).toBe(true);
    }
  });

  it('links only to articles that exist, in the body and in related', () => {
    for (const a of kb.articles) {
      for (const id of a.related) expect(kb.article(id), `${a.id} relates to ${id}`).toBeDefined();
      for (const section of a.sections) {
        for (const link of markdownLinks(section.markdown)) {
          if (/^https?:/.test(link.target)) continue;
          const id = link.target.replace(/^\.\//, '').replace(/\.md(#.*)?$/, '');
          expect(kb.article(id), `${a.id} links to ${link.target}`).toBeDefined();
        }
      }
    }
  });

  it('uses the built-in topics and covers each of them', () => {
    const topics = new Set(kb.articles.map((a) => a.topic));
    for (const topic of topics) expect(BUILT_IN_TOPICS as readonly string[]).toContain(topic);
    for (const topic of BUILT_IN_TOPICS) expect(topics.has(topic), topic).toBe(true);
  });

  it('follows the authoring guide: 3-9 sections of 50-170 words that stand alone, no tables', () => {
    for (const a of kb.articles.filter((x) => x.kind === 'article')) {
      expect(a.sections.length, a.id).toBeGreaterThanOrEqual(3);
      expect(a.sections.length, a.id).toBeLessThanOrEqual(9);
      for (const s of a.sections) {
        const words = wordCount(toPlainText(s.markdown));
        expect(words, `${a.id} / ${s.heading}`).toBeGreaterThanOrEqual(50);
        expect(words, `${a.id} / ${s.heading}`).toBeLessThanOrEqual(170);
        expect(s.markdown, `${a.id} / ${s.heading}`).not.toMatch(/^\s*\|.*\|\s*$/m);
      }
    }
  });

  it('cites every page of the reference playbook from some passage', () => {
    const covered = new Set(
      kb.passages.flatMap((p) => (p.citation.kind === 'pages' ? p.citation.pages : [])).map((p) => p.url),
    );
    for (const page of KNOWN_PUBLIC_SOURCES) expect(covered.has(page), page).toBe(true);
  });

  it('has a glossary whose terms expand queries', () => {
    const terms = kb.glossary.map((g) => g.term.toLowerCase());
    for (const expected of ['mttr', 'cab', 'standard change', 'incident commander']) {
      expect(
        terms.some((t) => t.includes(expected)),
        expected,
      ).toBe(true);
    }
    expect(kb.glossary.length).toBeGreaterThanOrEqual(30);
  });

  it('groups topics in the fixed order', () => {
    const order = kb.topics().map((g) => g.topic);
    expect(order).toEqual([...BUILT_IN_TOPICS].filter((t) => order.includes(t)));
  });
});

describe('loading articles', () => {
  const dirs: { cleanup: () => void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.cleanup();
  });

  function folderWith(files: Record<string, string>): string {
    const dir = tempDir();
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir.path, name, '..'), { recursive: true });
      writeFileSync(join(dir.path, name), text);
    }
    return dir.path;
  }

  const article = (id: string, extra = '', body = '## One\n\nSome words here.\n') =>
    `---\nid: ${id}\ntitle: Title of ${id}\nsummary: A summary long enough to pass the check.\ntopic: Our own practices\ntags: [ours]\naliases: [our thing]\nsources: [https://wiki.example.com/${id}]\n${extra}---\n${body}`;

  it("merges an organisation's own folder with the built-in articles", () => {
    const ours = folderWith({ 'escalation-policy.md': article('escalation-policy') });
    const merged = KnowledgeBase.load([ours]);
    expect(merged.article('escalation-policy')?.builtIn).toBe(false);
    expect(merged.article('ops-run-it')?.builtIn).toBe(true);
    expect(merged.topics().at(-1)?.topic).toBe('Our own practices');
  });

  it('reports every problem with its file, in one pass', () => {
    const ours = folderWith({
      'no-title.md': '---\nid: no-title\n---\n## A\n\ntext\n',
      'wrong-name.md': article('other-name'),
      'bad-link.md': article('bad-link', '', '## One\n\nSee [this](missing-article.md).\n'),
      'bad-related.md': article('bad-related', 'related: [nowhere]\n'),
      'preamble.md': article('preamble', '', 'Text before any heading.\n\n## One\n\nwords\n'),
      'ops-run-it.md': article('ops-run-it'),
    });
    let problems: string[] = [];
    try {
      KnowledgeBase.load([ours]);
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError);
      problems = (error as KnowledgeError).problems;
    }
    const text = problems.join('\n');
    expect(text).toMatch(/no-title\.md: front-matter title/);
    expect(text).toMatch(/wrong-name\.md: id "other-name" must match the file name "wrong-name"/);
    expect(text).toMatch(/bad-link\.md: link to "missing-article\.md" does not resolve/);
    expect(text).toMatch(/bad-related\.md: related article "nowhere" does not exist/);
    expect(text).toMatch(/preamble\.md: text before the first "## " heading/);
    expect(text).toMatch(/ops-run-it\.md: id "ops-run-it" is already used by/);
  });

  it("reads a section's {sources: ...} or {suggestion} line as data: out of the text, into its citation", () => {
    const ours = folderWith({
      'ours.md': article(
        'ours',
        '',
        [
          '## Cited',
          '{sources: practices/governance, https://wiki.example.com/pay}',
          '',
          'Words about pay.',
          '',
          '## Ours',
          '{suggestion}',
          '',
          'Our own advice.',
          '',
          '## Default',
          '',
          'Plain words.',
        ].join('\n'),
      ),
    });
    const kb = KnowledgeBase.load([ours]);
    const [, cited, suggestion, plain] = kb.passagesOf('ours');
    expect(cited?.markdown).toBe('Words about pay.');
    expect(cited?.citation).toMatchObject({
      kind: 'pages',
      pages: [
        { title: 'Governance', url: 'https://playbooks.equalexperts.com/you-build-it-you-run-it/practices/governance' },
        { title: 'wiki.example.com/pay', url: 'https://wiki.example.com/pay' },
      ],
    });
    expect(suggestion?.markdown).toBe('Our own advice.');
    expect(suggestion?.citation).toEqual({
      kind: 'suggestion',
      key: 'ours#suggestion',
      id: 'ours',
      title: 'Title of ours',
    });
    expect(plain?.citation).toMatchObject({ kind: 'pages', pages: [{ url: 'https://wiki.example.com/ours' }] });
  });

  it("reports a bad section marker, and a built-in section citing a page that is not the playbook's", () => {
    const ours = folderWith({
      'odd.md': article('odd', '', '## One\n{sauces: practices}\n\nWords.\n'),
      'empty.md': article('empty', '', '## One\n{sources: }\n\nWords.\n'),
      'twice.md': article('twice', '', '## One\n{sources: principles, principles}\n\nWords.\n'),
      'nowhere.md': article('nowhere', '', '## One\n{sources: practices/nowhere}\n\nWords.\n'),
    });
    const builtIn = folderWith({
      'foreign.md': article('foreign', '', '## One\n{sources: https://wiki.example.com/x}\n\nWords.\n').replace(
        'https://wiki.example.com/foreign',
        'https://playbooks.equalexperts.com/you-build-it-you-run-it',
      ),
    });
    const problems = (() => {
      try {
        KnowledgeBase.load([ours], builtIn);
        return [];
      } catch (error) {
        return (error as KnowledgeError).problems;
      }
    })().join('\n');
    expect(problems).toMatch(/odd\.md: section "One": unknown marker "\{sauces: practices\}"/);
    expect(problems).toMatch(/empty\.md: section "One": \{sources: \.\.\.\} lists no pages/);
    expect(problems).toMatch(/twice\.md: section "One": \{sources: \.\.\.\} lists a page twice/);
    expect(problems).toMatch(
      /nowhere\.md: section "One": source "practices\/nowhere" is not a known public playbook page/,
    );
    expect(problems).toMatch(
      /foreign\.md: section "One": source "https:\/\/wiki\.example\.com\/x" is not a known public/,
    );
  });

  it('reports a folder that does not exist', () => {
    expect(() => KnowledgeBase.load(['/nonexistent/opscoach/articles'])).toThrow(/folder not found/);
  });

  it('changes the content hash when any article changes, and only then', () => {
    const a = folderWith({ 'ours.md': article('ours') });
    const first = KnowledgeBase.load([a]).contentHash;
    expect(KnowledgeBase.load([a]).contentHash).toBe(first);
    writeFileSync(join(a, 'ours.md'), article('ours', '', '## One\n\nDifferent words now.\n'));
    expect(KnowledgeBase.load([a]).contentHash).not.toBe(first);
  });
});
