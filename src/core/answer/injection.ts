import { sentencesOf } from '../search/focus.ts';

/**
 * Recognises attempts to make the coach drop its role or reveal its prompts, configuration or
 * secrets. The instructions are cut out before any retrieval or model call, in every mode, and
 * the question they were wrapped around (if any) is answered on its own; the model's system
 * prompt and the output guard are the second and third lines of defence.
 */
const PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:your|the|my|previous|prior|above|earlier|these|those)?\s*(?:previous|prior|above|earlier|system|original|current)?\s*(instructions|prompts?|rules|guidelines|directives|guardrails|playbook|knowledge base|context|request)\b/i,
  /\b(ignore|disregard)\s+(?:the\s+)?(?:user|user's|users')\b/i,
  /\bforget\s+(everything|all)\s+(you|that)\b/i,
  /\b(repeat|print|output|reproduce|dump|paste|show)\s+(?:me\s+)?(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:full\s+|whole\s+|entire\s+)?(text|words|everything|message|content)\s+(?:that\s+appears?\s+)?(above|before|so far)\b/i,
  /\b(repeat|print|output|reproduce|dump|paste|show|recite)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:very\s+)?(?:first\s+|initial\s+|original\s+)?(instructions?|prompt)\b/i,
  /^\s*\[?\s*(system|assistant|developer)\s*(?::|notice|message|prompt)/im,
  /\bnew (rules|instructions) (apply|follow)\b/i,
  /\b(reveal|show|print|display|repeat|output|leak|dump|tell me|give me|share|what(?:'s| is| are))\b.{0,30}\b(system prompt|your (?:system |initial |hidden |very first |first )?(?:instructions?|prompt|rules|config(?:uration)?|settings|secrets?|keys?|tokens?|env(?:ironment)?(?: variables)?)|(?:your|the bot's|opscoach's) (?:api[ _-]?keys?|credentials|passwords?)|environment variables?|\.env\b)/i,
  /\b(you are now|from now on|pretend (?:to be|you are)|role[ -]?play|stay in character|jailbreak|developer mode|do anything now|admin override|override (?:enabled|accepted)|you must (?:now )?(?:tell|say|answer|reply|confirm|start|finish|end|sign))\b/i,
  /\b(start|finish|end|begin|sign|prefix)\s+(?:every|each|your)\s+(?:reply|answer|message|response)\b/i,
  /\b(instructions|prompts?|rules)\s+(?:were|have)\s+you\s+(?:been\s+)?(given|told|set)\b/i,
  /\[\s*(?:end\s+)?(?:system|admin|developer|assistant)\b[^\]]*\]/i,
  /\b(?:confirm|acknowledge)\s+(?:this|that|it)\s+by\s+(?:saying|replying|writing|typing)\b/i,
  /\bnote to (?:the )?(?:ai|assistant|bot|model|llm)\b|\b(?:ai|llm) assistant\s*:/i,
  /\bDAN\b/,
  /\b(OPENAI_API_KEY|OPSCOACH_[A-Z_]+|SLACK_(?:BOT|APP)_TOKEN|SLACK_SIGNING_SECRET|MicrosoftAppPassword)\b/i,
  /\bprocess\.env\b|\bcat\s+\.env\b|\bprintenv\b|\benv\s*\|/i,
];

export function looksLikePromptInjection(text: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(text));
}

/** Text fenced off as a block (a bracketed notice, an HTML comment, a `---` pasted section) that carries an instruction. */
const BLOCKS: RegExp[] = [
  /<!--[\s\S]*?-->/g,
  /\[[^\][]{0,2000}\]/g,
  /\{[^{}]{0,2000}\}/g,
  /<[a-z]+>[\s\S]{0,2000}?<\/[a-z]+>/gi,
];

/** Clauses joined to an instruction inside one sentence ("paste the output, then explain X"). */
const CLAUSE_BREAK =
  /,?\s+(?:[Tt]hen|[Aa]nd then|[Aa]fter that|[Aa]fterwards|[Aa]nyway)\b[,:]?\s+|;\s+|\s+--+\s+|:\s+(?=\p{Lu})/gu;

export interface Cleaned {
  /** The message without the instructions in it (empty when nothing else was asked). */
  text: string;
  /** Whether anything was cut. */
  removed: boolean;
}

/**
 * The message without the instructions someone wrapped around (or into) a question: blocks that
 * carry one are dropped whole, then sentences and clauses that carry one. What is left is an
 * ordinary question, answered like any other; the instruction never reaches the model.
 */
export function withoutInjection(text: string): Cleaned {
  if (!looksLikePromptInjection(text)) return { text, removed: false };
  let rest = text;
  for (const block of BLOCKS) rest = rest.replace(block, (m) => (looksLikePromptInjection(m) ? ' ' : m));
  const kept: string[] = [];
  let cut = rest !== text;
  for (const sentence of sentencesOf(rest)) {
    if (!looksLikePromptInjection(sentence)) {
      kept.push(sentence);
      continue;
    }
    cut = true;
    const clauses = sentence.split(CLAUSE_BREAK).filter((c) => c && !looksLikePromptInjection(c));
    // A label left in front of an instruction ("URGENT:", "As the admin,") is not a question.
    kept.push(...clauses.filter((c) => /\p{L}{2}/u.test(c) && (c.trim().split(/\s+/).length > 2 || /\?\s*$/.test(c))));
  }
  // The instruction only shows in the whole ("cat .env" split at its dot): nothing else was asked.
  if (!cut) return { text: '', removed: true };
  const cleaned = kept
    .join(' ')
    .replace(/\s*-{3,}\s*/g, ' ')
    .replace(
      /^(?:\s*(?:anyway|now|ok|okay|so|question|my actual question|the actual question|actual question|now answer|answer)\b[\s,:.!-]*)+/i,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return { text: cleaned, removed: true };
}
