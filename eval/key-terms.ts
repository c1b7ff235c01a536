// Key terms of each playbook page, and the check that a passage citing a page talks about what
// that page talks about. The terms are single stemmed words picked from each page by TF-IDF (what
// the page says often and the other pages rarely say), so they carry facts, never sentences.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stemmer } from 'stemmer';
import { PLAYBOOK_BASE } from '../src/core/knowledge/public-sources.ts';

/**
 * How many terms each page keeps, and how a citation is judged. Every page a passage cites must
 * share a few of its key terms with the passage (a section at least 3, a summary of a sentence or
 * two at least 2). A section that cites a single page, so draws everything from it, must also share
 * more of that page's key terms than three quarters of the playbook's pages do. The pages share much
 * of their vocabulary, so this catches a passage pointed at the wrong page most of the time, not
 * always; reading the page is still the real check.
 */
export const TERMS_PER_PAGE = 100;
export const MIN_SHARED_TERMS = { section: 3, summary: 2 } as const;
export const SINGLE_PAGE_PERCENTILE = 0.75;

export interface CitingPassage {
  key: string;
  /** 0 for an article's summary. */
  ordinal: number;
  heading: string;
  text: string;
}

/** Why a passage's citation of these pages looks wrong, one line per page; empty when it looks right. */
export function citationProblems(
  passage: CitingPassage,
  urls: readonly string[],
  keyTerms: Readonly<Record<string, readonly string[]>>,
): string[] {
  const text = `${passage.heading} ${passage.text}`;
  const minimum = passage.ordinal === 0 ? MIN_SHARED_TERMS.summary : MIN_SHARED_TERMS.section;
  const scores = Object.values(keyTerms)
    .map((terms) => sharedKeyTerms(text, terms).length)
    .sort((a, b) => a - b);
  const bar = scores[Math.floor(SINGLE_PAGE_PERCENTILE * (scores.length - 1))] ?? 0;
  const problems: string[] = [];
  for (const url of urls) {
    const shared = sharedKeyTerms(text, keyTerms[url] ?? []);
    if (shared.length < minimum) {
      problems.push(`${passage.key} cites ${url} but shares only [${shared.join(', ')}] of its key terms`);
    } else if (passage.ordinal > 0 && urls.length === 1 && shared.length < bar) {
      problems.push(
        `${passage.key} draws only on ${url} but shares fewer of its key terms (${shared.length}) than most pages do (${bar})`,
      );
    }
  }
  return problems;
}

/** Words too common in any English text to say what a page is about. */
const FUNCTION_WORDS = new Set(
  `about above after again against all also although among and any are because been before being below between
both but can cannot could did does doing don down during each either even ever every few for from further had has
have having her here hers him his how however into its itself just may might more most much must neither nor not
now off once only other others our ours out over own same shall she should since some such than that the their
theirs them then there these they this those though through too under until upon very was were what when where
whether which while who whom whose why will with within without would yet you your yours png gitbook asset assets`
    .split(/\s+/)
    .filter(Boolean),
);

/** Stemmed words of a text, without Markdown links' targets, image paths, HTML or numbers' clutter. */
export function termsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 2 && !/^\d+$/.test(word) && !FUNCTION_WORDS.has(word))
    .map((word) => stemmer(word));
}

/** Every page of the reference copy of the playbook by its public URL (SOURCE.md gives the mapping). */
export function readPlaybookPages(referenceDir: string): Map<string, string> {
  const pages = new Map<string, string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.md') ? [path] : [];
    });
  for (const file of walk(referenceDir)) {
    const path = relative(referenceDir, file).split('\\').join('/');
    if (path === 'SUMMARY.md' || path === 'SOURCE.md') continue;
    const page = path.replace(/(^|\/)README\.md$/, '').replace(/\.md$/, '');
    pages.set(page ? `${PLAYBOOK_BASE}/${page}` : PLAYBOOK_BASE, readFileSync(file, 'utf8'));
  }
  return pages;
}

/** The TERMS_PER_PAGE most distinctive terms of each page, best first, keyed by URL. */
export function deriveKeyTerms(pages: ReadonlyMap<string, string>): Record<string, string[]> {
  const counts = new Map<string, Map<string, number>>();
  const pagesWith = new Map<string, number>();
  for (const [url, text] of pages) {
    const tf = new Map<string, number>();
    for (const term of termsOf(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
    counts.set(url, tf);
    for (const term of tf.keys()) pagesWith.set(term, (pagesWith.get(term) ?? 0) + 1);
  }
  const result: Record<string, string[]> = {};
  for (const url of [...counts.keys()].sort()) {
    const tf = counts.get(url) ?? new Map<string, number>();
    const scored = [...tf.entries()]
      // A term every page uses says nothing about this one.
      .filter(([term]) => (pagesWith.get(term) ?? 0) < pages.size)
      .map(([term, n]) => ({ term, score: n * Math.log(pages.size / (pagesWith.get(term) ?? 1)) }))
      .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
    result[url] = scored.slice(0, TERMS_PER_PAGE).map((s) => s.term);
  }
  return result;
}

/** The key terms of a page that a passage also uses. */
export function sharedKeyTerms(passageText: string, pageTerms: readonly string[]): string[] {
  const words = new Set(termsOf(passageText));
  return pageTerms.filter((term) => words.has(term));
}

export const KEY_TERMS_FILE = new URL('./page-key-terms.json', import.meta.url);

export function loadKeyTerms(): Record<string, string[]> {
  return JSON.parse(readFileSync(KEY_TERMS_FILE, 'utf8')) as Record<string, string[]>;
}

/** Where the reference copy of the playbook lives next to this checkout, when it does. */
export const DEFAULT_REFERENCE_DIR = new URL('../../shared/reference/ybiyri-playbook/', import.meta.url);
