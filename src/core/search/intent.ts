/**
 * What kind of answer a question wants, read from how it asks. The offline answer opens with a
 * sentence of that kind: a definition for "what is", a year and a name for "when" and "who", a
 * figure for "how many", a recommendation for "should we" or "how do we".
 */
export type Intent = 'definition' | 'when' | 'who' | 'figure' | 'advice' | 'reason' | 'comparison' | 'check' | 'open';

const RULES: [Intent, RegExp][] = [
  ['comparison', /\b(?:vs\.?|versus|differences? between|compared (?:to|with)|comparison|compare)\b/i],
  [
    'when',
    /\b(?:when (?:was|were|did)|what year|which year|how long ago|since when|origin|history|where did .* come from|who coined|coined)\b/i,
  ],
  [
    'who',
    /\b(?:who(?:'s| is| are| was| were| should| does| do| gets| runs| pays| owns| coined)?|whose|which team|which role|what role)\b/i,
  ],
  [
    'figure',
    /\b(?:how (?:many|much|long|often|quick(?:ly)?|fast|big)|what (?:percentage|percent|number|figure)|how many nines|rough (?:nums|numbers|figures))\b/i,
  ],
  ['reason', /\b(?:why|what(?:'s| is) the point|what for|rationale|justif)/i],
  [
    'advice',
    /\b(?:should|shall|how (?:do|can|should|would) (?:we|i|you|they)|how (?:can|could|should) (?:\w+ ){1,3}|what (?:can|could|should|must) (?:\w+ ){1,4}do\b|how to|what (?:do|should|can) (?:we|i)|recommend|advice|advise|best way|what's the best|good idea|bad idea|sensible|worth|can we|could we|do we (?:need|have to)|is it ok)\b/i,
  ],
  [
    'check',
    /\b(?:is it true|true that|myth|legit|really|actually true|is that (?:normal|right|true)|does it (?:really|actually))\b/i,
  ],
  ['definition', /\b(?:what(?:'s| is| are| does)|whats|define|definition|meaning|means?|stand for|stands for)\b/i],
];

export function intentOf(question: string): Intent {
  for (const [intent, pattern] of RULES) if (pattern.test(question)) return intent;
  return 'open';
}
