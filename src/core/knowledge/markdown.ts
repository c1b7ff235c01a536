/** Small, format-specific helpers for the Markdown our articles are allowed to contain. */

export interface Section {
  heading: string;
  markdown: string;
}

/** Splits an article body into its `## ` sections; text before the first heading is rejected by the loader. */
export function splitSections(body: string): { preamble: string; sections: Section[] } {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const sections: Section[] = [];
  const preamble: string[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1]) {
      if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
      current = { heading: heading[1], lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else {
      preamble.push(line);
    }
  }
  if (current) sections.push({ heading: current.heading, markdown: current.lines.join('\n').trim() });
  return { preamble: preamble.join('\n').trim(), sections };
}

/** Links written as `[words](target)`, excluding images. */
export function markdownLinks(markdown: string): { text: string; target: string }[] {
  return [...markdown.matchAll(/(?<!!)\[([^\]]+)\]\(([^)\s]+)\)/g)].map((m) => ({
    text: m[1] ?? '',
    target: m[2] ?? '',
  }));
}

/** The words a reader sees, without Markdown syntax, for indexing and sentence picking. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__|\*|_)(?=\S)([^*_]+?)(?<=\S)\1/g, '$2')
    .replace(/^\s{0,3}(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^#+\s+/gm, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []).length;
}
