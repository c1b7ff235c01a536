import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.ts';

/**
 * One analyser for both the index and the question, so they always agree: lowercase words,
 * diacritics folded, stopwords dropped, Porter stems. Decimals survive as one token
 * ("99.9" -> "99p9") so availability targets stay searchable.
 */
const WORD = /\p{N}+(?:\.\p{N}+)+%?|[\p{L}\p{N}]+/gu;

/** Spelling variants and irregular forms people type for the same idea, folded before stemming. */
const VARIANTS: Record<string, string[]> = {
  paid: ['pay'],
  payment: ['pay'],
  // Porter stems "embed" to "emb" but "embedded" to "embed".
  embed: ['embedded'],
  embeds: ['embedded'],
  // Porter folds "operability" into "oper", the stem of "operations": keep the idea apart.
  operability: ['operabl'],
  operable: ['operabl'],
  // Porter folds "production" and "productivity" into "product": "in production" is not about product teams.
  production: ['produc'],
  productive: ['productiv'],
  productivity: ['productiv'],
  easier: ['easy'],
  easiest: ['easy'],
  cheaper: ['cheap'],
  cheapest: ['cheap'],
  incentivise: ['incentive'],
  incentivised: ['incentive'],
  incentivize: ['incentive'],
  incentivized: ['incentive'],
  incentives: ['incentive'],
  owner: ['own'],
  owners: ['own'],
  ownership: ['own'],
  payments: ['pay'],
  built: ['build'],
  ran: ['run'],
  wrote: ['write'],
  written: ['write'],
  spent: ['spend'],
  broke: ['break'],
  broken: ['break'],
  chose: ['choose'],
  chosen: ['choose'],
  led: ['lead'],
  bought: ['buy'],
  sold: ['sell'],
  took: ['take'],
  taken: ['take'],
  fell: ['fall'],
  fallen: ['fall'],
  postmortems: ['postmortem'],
  // Questions spell "ops" out as "operations" (lexicon shorthand); the articles' "ops team" must meet them.
  ops: ['operations'],
  '2am': ['night'],
  '3am': ['night'],
  '4am': ['night'],
  overnight: ['overnight', 'night'],
};

/**
 * Multi-word names of our core ideas become one token, so "on call" is not just "call" and
 * "you build it you run it" is not just "build" and "run".
 */
const PHRASES: [RegExp, string][] = [
  [/\byou build it,? (?:and )?you run it\b/g, ' ybiyri '],
  // "Who coined 'you build it'?" means the whole phrase.
  [/\byou build it\b/g, ' ybiyri '],
  [/\bops run it\b/g, ' opsrunit '],
  [/\bon[\s-]?call\b/g, ' oncall '],
  // "paid only when they get called out" is callout pay.
  [/\bcall(?:ed|ing|s)?[\s-]outs?\b/g, ' callout '],
  [/\bpost[\s-]?mortems?\b/g, ' postmortem '],
  // "How often do we deploy?" asks about frequency, a word the articles use.
  [/\bhow often\b/g, ' frequency '],
  // "What does CAB stand for?" asks for a definition; "stand" is not the subject.
  [/\bstands? for\b/g, ' '],
];

/** English contractions: "we've" is "we", "what's" is "what", "don't" is "do". */
const CONTRACTION = /(?:n['’]t|['’](?:s|ve|re|ll|d|m|t))\b/gi;

export function words(text: string): string[] {
  let folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(CONTRACTION, '');
  for (const [pattern, token] of PHRASES) folded = folded.replace(pattern, token);
  return (folded.match(WORD) ?? []).map((w) => w.replace(/%$/, '').replace(/\./g, 'p'));
}

/** A Porter stem with one repair: "deploys" stems to "deploi" but "deployment" to "deploy". */
export function stem(word: string): string {
  const s = stemmer(word);
  return s.length > 3 && s.endsWith('i') ? `${s.slice(0, -1)}y` : s;
}

export function isVariant(word: string): boolean {
  return Object.hasOwn(VARIANTS, word);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Content words of a text as stems (variants expanded), in order, duplicates kept. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (isStopword(word)) continue;
    // Own keys only: a question saying "constructor" must not find Object.prototype's member.
    for (const part of (isVariant(word) ? VARIANTS[word] : undefined) ?? [word]) out.push(stem(part));
  }
  return out;
}
