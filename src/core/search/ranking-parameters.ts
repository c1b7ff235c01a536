/**
 * The numbers behind ranking, in one place. They were chosen on the development questions
 * (our tuning set and the external development sets) and checked on the frozen set nobody
 * tunes against; see eval/ and docs/architecture.md.
 */
export const RANKING = {
  /** Words only in the story around the question count at this share of the asking sentence's words. */
  contextWeight: 0.5,
  /** Glossary expansions ("MTTR" -> "time to restore") count at this share of the term that triggered them. */
  expansionWeight: 0.6,
  /** Related wording from the lexicon counts at this share of the words that triggered it. */
  relatedWeight: 0.5,
  /**
   * How much a word's everyday informativeness tempers its rarity in our articles: at 0 a word
   * counts by rarity here alone ("uk" is rare in our articles, so it would outweigh "on-call");
   * higher values let everyday words ("shut", "play", "uk") count for less.
   */
  everydayPower: 0,
  /** Glossary entries step back for "how do we" questions (they are short and term-dense, which BM25 loves). */
  glossaryDamping: 0.5,
  /** How much naming an article lifts it: the question is its title or alias, or contains an alias. */
  namedBoost: { title: 3, alias: 2.2 },
  /** Containing an alias lifts an article by 1 + this × the share of the question the alias accounts for. */
  containsGain: 2,
  /** An article the glossary points to for a term the person asked about. */
  glossaryPointerBoost: 1.25,
  /** BM25 saturation and length normalisation. */
  k1: 1.2,
  b: 0.75,
  /** BM25F field weights. */
  fields: { title: 3, heading: 2, body: 1, keywords: 2 },
  /** An article's standing: its best passage plus this share of its second best. */
  secondPassageShare: 0.25,
};
export type RankingParameters = typeof RANKING;
