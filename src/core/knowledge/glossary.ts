/** A glossary entry, read from a `## TERM (alias; alias)` heading of a glossary article. */
export interface GlossaryTerm {
  term: string;
  aliases: string[];
  articleId: string;
  /** Articles the entry points to for more ("See [...](other-id.md)"). */
  seeAlso: string[];
  /** The entry's passage key. */
  key: string;
}

export function parseGlossaryHeading(heading: string): { term: string; aliases: string[] } | undefined {
  const match = /^([^()]+?)\s*(?:\(([^()]*)\))?$/.exec(heading.trim());
  if (!match?.[1]) return undefined;
  const aliases = (match[2] ?? '')
    .split(';')
    .map((alias) => alias.trim())
    .filter(Boolean);
  return { term: match[1].trim(), aliases };
}
