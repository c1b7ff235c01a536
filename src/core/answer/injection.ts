/**
 * Recognises attempts to make the coach drop its role or reveal its prompts, configuration or
 * secrets. These are refused before any retrieval or model call, in every mode; the model's
 * system prompt and the output guard are the second and third lines of defence.
 */
const PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:your|the|my|previous|prior|above|earlier|these|those)?\s*(?:previous|prior|above|earlier|system|original|current)?\s*(instructions|prompts?|rules|guidelines|directives|guardrails)\b/i,
  /\bforget\s+(everything|all)\s+(you|that)\b/i,
  /\b(repeat|print|output|reproduce)\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+)?(text|words|everything|message|content)\s+(above|before|so far)\b/i,
  /^\s*(system|assistant|developer)\s*:/im,
  /\bnew (rules|instructions) (apply|follow)\b/i,
  /\b(reveal|show|print|display|repeat|output|leak|dump|tell me|give me|share|what(?:'s| is| are))\b.{0,30}\b(system prompt|your (?:system |initial |hidden )?(?:instructions|prompt|rules|config(?:uration)?|settings|secrets?|keys?|tokens?|env(?:ironment)?(?: variables)?)|(?:your|the bot's|opscoach's) (?:api[ _-]?keys?|credentials|passwords?)|environment variables?|\.env\b)/i,
  /\b(you are now|from now on,? you (?:are|will)|pretend (?:to be|you are)|roleplay as|jailbreak|developer mode|do anything now)\b/i,
  /\b(instructions|prompts?|rules)\s+(?:were|have)\s+you\s+(?:been\s+)?(given|told|set)\b/i,
  /\bDAN\b/,
  /\b(OPENAI_API_KEY|OPSCOACH_[A-Z_]+|SLACK_(?:BOT|APP)_TOKEN|SLACK_SIGNING_SECRET|MicrosoftAppPassword)\b/i,
  /\bprocess\.env\b|\bcat\s+\.env\b/i,
];

export function looksLikePromptInjection(text: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(text));
}
