import { distance } from 'fastest-levenshtein';
import { isStopword, isVariant, stem } from './analyzer.ts';
import { GeneralEnglish } from './general-english.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Repairs typos ("deploymnet", "incidnet") towards the knowledge base's own words, so a slip
 * of the keyboard does not turn a good question into "I don't know". Only words that are
 * neither ours nor English are touched ("football" stays "football"), within one edit (two for
 * long words), preferring the commoner word.
 */
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();

  constructor(private readonly vocabulary: Vocabulary) {
    for (const word of vocabulary.wordCounts.keys()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** The repaired word, or undefined when the word is fine or nothing close enough exists. */
  correct(word: string): string | undefined {
    if (word.length < 5 || /\d/.test(word) || isStopword(word) || isVariant(word)) return undefined;
    if (this.vocabulary.wordCounts.has(word) || this.vocabulary.knowsStem(stem(word))) return undefined;
    if (GeneralEnglish.get().isWord(word)) return undefined;
    const maxEdits = word.length >= 8 ? 2 : 1;
    let best: { word: string; edits: number; count: number } | undefined;
    for (let len = word.length - maxEdits; len <= word.length + maxEdits; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        // Two letters swapped ("domian", "incdient") is one slip of the keyboard, not two.
        const edits = isTransposition(word, candidate) ? 1 : distance(word, candidate);
        if (edits > maxEdits) continue;
        const count = this.vocabulary.wordCounts.get(candidate) ?? 0;
        if (!best || edits < best.edits || (edits === best.edits && count > best.count)) {
          best = { word: candidate, edits, count };
        }
      }
    }
    return best?.word;
  }
}

/** Whether b is a with one pair of neighbouring letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
