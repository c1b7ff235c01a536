/**
 * Where a section's content comes from, read from an optional first line in braces under its
 * heading (see docs/knowledge-authoring.md):
 *
 *   {sources: practices/governance, what-is-ops-run-it/drawbacks}   the pages this section draws on
 *   {suggestion}                                                     Opscoach's own advice, no page
 *
 * A section without the line draws on its article's first source (a glossary entry: on the page
 * behind the article it links to). The line is data, so it is taken out of the section's text.
 */
export type SectionMarker = { kind: 'none' } | { kind: 'sources'; refs: string[] } | { kind: 'suggestion' };

const MARKER_LINE = /^\{([^{}]*)\}\s*$/;

/** Splits a section's Markdown into its marker and the text a reader sees; `problem` explains a bad marker. */
export function readSectionMarker(markdown: string): { marker: SectionMarker; markdown: string; problem?: string } {
  const [first = '', ...rest] = markdown.split('\n');
  const line = MARKER_LINE.exec(first.trim());
  if (!line) return { marker: { kind: 'none' }, markdown };
  const body = rest.join('\n').trim();
  const content = (line[1] ?? '').trim();
  if (/^suggestion$/i.test(content)) return { marker: { kind: 'suggestion' }, markdown: body };
  const sources = /^sources\s*:(.*)$/is.exec(content);
  if (sources) {
    const refs = (sources[1] ?? '')
      .split(/[,\s]+/)
      .map((ref) => ref.trim())
      .filter(Boolean);
    if (refs.length === 0) {
      return { marker: { kind: 'none' }, markdown: body, problem: '{sources: ...} lists no pages' };
    }
    if (new Set(refs).size !== refs.length) {
      return { marker: { kind: 'none' }, markdown: body, problem: '{sources: ...} lists a page twice' };
    }
    return { marker: { kind: 'sources', refs }, markdown: body };
  }
  return {
    marker: { kind: 'none' },
    markdown: body,
    problem: `unknown marker "{${content}}"; use {sources: page, page} or {suggestion}`,
  };
}
