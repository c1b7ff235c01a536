import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  citationProblems,
  DEFAULT_REFERENCE_DIR,
  deriveKeyTerms,
  loadKeyTerms,
  readPlaybookPages,
} from '../../eval/key-terms.ts';
import { KnowledgeBase, type Passage } from '../../src/core/knowledge/knowledge-base.ts';
import { KNOWN_PUBLIC_SOURCES, PLAYBOOK_BASE } from '../../src/core/knowledge/public-sources.ts';

// Every passage of the built-in knowledge base cites the pages it draws on. This checks each
// citation against key terms derived from the page itself (eval/page-key-terms.json, derived from
// the reference copy of the playbook by `npm run key-terms`), so it runs without that copy.

const kb = KnowledgeBase.load();
const terms = loadKeyTerms();
const page = (path: string) => `${PLAYBOOK_BASE}/${path}`;
const cited = (p: Passage) => (p.citation.kind === 'pages' ? p.citation.pages.map((c) => c.url) : []);

describe('citations in the built-in knowledge base', () => {
  it('has key terms for every public playbook page', () => {
    expect(Object.keys(terms).sort()).toEqual([...KNOWN_PUBLIC_SOURCES].sort());
    for (const list of Object.values(terms)) expect(list.length).toBeGreaterThanOrEqual(20);
  });

  it('every passage shares key terms with each page it cites', () => {
    const passages = kb.passages.filter((p) => p.citation.kind === 'pages');
    expect(passages.length).toBeGreaterThan(300);
    expect(passages.flatMap((p) => citationProblems(p, cited(p), terms))).toEqual([]);
  });

  it('flags a passage pointed at a page about something else', () => {
    const section = (id: string, heading: RegExp) => {
      const found = kb.passagesOf(id).find((p) => heading.test(p.heading));
      if (!found) throw new Error(`no section ${heading} in ${id}`);
      return found;
    };
    const miscited: [Passage, string][] = [
      [section('glossary', /^RACI/), page('practices/measurement')],
      [section('on-call-rota', /sustainable on-call rota/), page('practices/selection')],
      [section('glossary', /^Capex/), page('practices/selection')],
      [section('in-incident-financial-loss', /From loss estimate/), page('practices/governance')],
      [section('ybiyri-service-reliability', /costs/), page('contributions/how-to-contribute')],
      [
        section('pre-approved-changes', /pipeline handles change requests/),
        page('what-is-ops-run-it/learning-culture'),
      ],
      [section('post-incident-reviews', /Broadcasting/), page('practices/selection')],
    ];
    for (const [passage, url] of miscited) {
      expect(citationProblems(passage, [url], terms), `${passage.key} -> ${url}`).not.toEqual([]);
    }
  });

  it("would have flagged many sections had each still cited only its article's first page", () => {
    // Before sections named their own pages, every section cited its article's first source.
    const flagged = kb.passages.filter(
      (p) => p.ordinal > 0 && p.citation.kind === 'pages' && citationProblems(p, [p.article.url], terms).length > 0,
    );
    expect(flagged.length).toBeGreaterThanOrEqual(30);
  });

  it("marks Opscoach's suggestions as ours, with no page, and ties every other passage to a page", () => {
    const suggestions = kb.passages.filter((p) => p.citation.kind === 'suggestion');
    expect(suggestions.length).toBeGreaterThanOrEqual(5);
    for (const p of suggestions) expect(p.heading).toMatch(/Opscoach's suggestion|suggested order/i);
    for (const p of kb.passages) if (p.citation.kind === 'pages') expect(cited(p).length, p.key).toBeGreaterThan(0);
  });

  const reference = fileURLToPath(DEFAULT_REFERENCE_DIR);
  it.skipIf(!existsSync(reference))('key terms are current with the reference copy of the playbook', () => {
    expect(deriveKeyTerms(readPlaybookPages(reference))).toEqual(terms);
  });
});
