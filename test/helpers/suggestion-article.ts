import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An organisation's article with one section that cites a page and one marked {suggestion}, on a
 * made-up subject, so a question about it finds it whatever the ranking of the built-in articles.
 */
export const SUGGESTION_SOURCE_PAGE = 'https://wiki.example.com/zebrafish-rota';
export const SUGGESTION_ARTICLE_TITLE = 'Swapping zebrafish rota shifts';
export const SUGGESTION_QUESTION = 'how should I ask for a zebrafish rota swap a week ahead';

const ARTICLE = `---
id: zebrafish-rota-swaps
title: ${SUGGESTION_ARTICLE_TITLE}
summary: How zebrafish teams swap on-call rota shifts at Example Ltd, and how to ask for a swap.
topic: Our own practices
tags: [ours]
aliases: [zebrafish rota swap]
sources: [${SUGGESTION_SOURCE_PAGE}]
---
## How zebrafish rota swaps are recorded
{sources: ${SUGGESTION_SOURCE_PAGE}}

Zebrafish teams record every swap of an on-call rota shift in the team calendar before the shift
starts, so whoever is paged is the person the calendar names.

## Asking for a zebrafish rota swap
{suggestion}

Ask for a swap of a zebrafish rota shift at least a week ahead, offer a shift back in return, and
say why you need it, so teammates can plan around the swap.
`;

/** Writes the article into a folder, for KNOWLEDGE_DIRS. */
export function writeSuggestionArticle(folder: string): void {
  writeFileSync(join(folder, 'zebrafish-rota-swaps.md'), ARTICLE);
}
