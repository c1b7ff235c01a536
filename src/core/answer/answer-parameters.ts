/**
 * The numbers behind the offline answer's shape, in one place (as RANKING is for search). They
 * were chosen on the development questions and checked on the frozen set nobody tunes against;
 * see eval/ and docs/architecture.md.
 */
export const ANSWER_SHAPE = {
  /** About what a person reads in a chat bubble without scrolling. */
  wordBudget: 120,
  /** A question asking for steps, measures or examples gets room for the list. */
  listWordBudget: 190,
  maxPoints: 3,
  maxListPoints: 7,
  /** A supporting point must be at least this relevant, relative to the opening sentence. */
  supportRatio: 0.3,
  /** The sentence after the opening counts as this share of the opening's relevance, the next one less again. */
  followShare: 0.6,
  followDecay: 0.8,
  /** Only this many sentences after the opening count as carrying it on. */
  followReach: 3,
  /** Each item of a list the opening introduces counts as this share of the opening's relevance. */
  listShare: 0.7,
  /** An article's summary as a first line, when the question is not about the article's subject as such. */
  summaryOpening: 0.6,
  /**
   * How much a passage's rank among those chosen weighs on its sentences: a sentence counts by
   * (passage score / best passage score) to this power, so a sentence that shares a few more
   * words cannot carry the answer away from the passage that is about the question.
   */
  standingPower: 0.5,
  /**
   * A relevant sentence also counts by how informative its own words are (their mean rarity in
   * the knowledge base, times this, times the passage's standing): of two sentences the question
   * touches equally, the one that states specifics (a figure, a named practice, who does what)
   * beats the one that only sets the scene.
   */
  informativeness: 1.5,
  /** ...in full once the sentence shares this much weight with the question (about one informative word), less below. */
  touchedBy: 2,
  /**
   * When nothing chosen comes from the answering article's summary, its first sentence (the
   * article's point) joins as a last supporting point, if it fits within the budget plus this
   * many words.
   */
  summarySlack: 40,
};
