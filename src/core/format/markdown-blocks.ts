/**
 * Markdown reduced to what chat platforms can show. Neither Slack's mrkdwn nor a Teams
 * TextBlock has headings, tables or rules, and a model (or an article) may write all three:
 * headings become bold lines, a table becomes a list with one item per row, and a rule becomes
 * a blank line. Code blocks are left alone here; each renderer shows them its own way.
 */

/** A run of Markdown, or the text of a fenced code block. */
export type MarkdownSegment = { kind: 'markdown'; text: string } | { kind: 'code'; text: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits Markdown into prose and fenced code blocks (an unclosed fence runs to the end). */
export function splitCodeBlocks(markdown: string): MarkdownSegment[] {
  const segments: MarkdownSegment[] = [];
  let prose: string[] = [];
  let code: string[] | undefined;
  let fence = '';
  const flushProse = () => {
    const text = prose.join('\n').trim();
    if (text) segments.push({ kind: 'markdown', text });
    prose = [];
  };
  for (const line of markdown.split('\n')) {
    const opening = FENCE.exec(line)?.[1];
    if (code === undefined) {
      if (opening) {
        flushProse();
        code = [];
        fence = opening;
      } else prose.push(line);
      continue;
    }
    if (opening && opening[0] === fence[0] && opening.length >= fence.length && line.trim() === opening) {
      segments.push({ kind: 'code', text: code.join('\n') });
      code = undefined;
    } else code.push(line);
  }
  if (code !== undefined) segments.push({ kind: 'code', text: code.join('\n') });
  flushProse();
  return segments;
}

/** Headings, tables and rules rewritten as what every platform shows; code blocks untouched. */
export function simplifyMarkdown(markdown: string): string {
  return splitCodeBlocks(markdown)
    .map((segment) => (segment.kind === 'code' ? `\`\`\`\n${segment.text}\n\`\`\`` : simplifyProse(segment.text)))
    .join('\n\n');
}

const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const RULE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function simplifyProse(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1];
    // A table: a row of cells, then a delimiter row with as many cells.
    if (line.includes('|') && next !== undefined && TABLE_DELIMITER.test(next) && next.includes('-')) {
      const header = cells(line);
      if (header.length === cells(next).length) {
        const rows: string[][] = [];
        let j = i + 2;
        for (; j < lines.length && (lines[j] ?? '').includes('|') && (lines[j] ?? '').trim(); j++) {
          rows.push(cells(lines[j] ?? ''));
        }
        out.push('', ...rows.map((row) => tableRow(header, row)), '');
        i = j - 1;
        continue;
      }
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      out.push('', bold(heading[1] ?? ''), '');
      continue;
    }
    // "Title" over "===" or "---" is a heading; "---" after a blank line is a rule.
    if (next !== undefined && SETEXT_UNDERLINE.test(next) && line.trim() && !isListOrQuote(line)) {
      out.push('', bold(line.trim()), '');
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('');
      continue;
    }
    out.push(line);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function isListOrQuote(line: string): boolean {
  return /^\s*(?:[-*+>]|\d+[.)])\s/.test(line);
}

/** A heading's words in bold, unless they already carry emphasis of their own. */
function bold(words: string): string {
  const text = words.trim();
  if (!text) return '';
  return /\*\*|__/.test(text) ? text : `**${text}**`;
}

/** The cells of a table row: split on unescaped pipes, outer pipes dropped. */
function cells(row: string): string[] {
  const parts = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
  return parts;
}

/** One table row as a list item: the first cell leads, the others follow with their column's name. */
function tableRow(header: readonly string[], row: readonly string[]): string {
  const [first = '', ...others] = row;
  const rest = others
    .map((value, i) => {
      const name = header[i + 1]?.trim();
      if (!value) return '';
      return name ? `${name}: ${value}` : value;
    })
    .filter(Boolean);
  const lead = first ? bold(first) : '';
  if (!rest.length) return `- ${lead || '—'}`;
  return lead ? `- ${lead}: ${rest.join('; ')}` : `- ${rest.join('; ')}`;
}
