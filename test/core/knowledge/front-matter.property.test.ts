import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KnowledgeError, type LoadedArticles, loadArticles } from '../../../src/core/knowledge/load-articles.ts';
import { anyJson } from '../../helpers/arbitraries.ts';
import { tempDir } from '../../helpers/runtime.ts';

// An organisation's own articles (KNOWLEDGE_DIRS) are edited by curators, not developers. Whatever
// they put between the --- lines, start-up must stop with the loader's own error naming the file,
// never a stack trace from a parser, and never run anything.

const work = tempDir();
// The YAML parser also writes warnings to standard error for tags and keys it cannot resolve;
// the loader's KnowledgeError is what a curator acts on, so that noise is muted here.
const emitWarning = process.emitWarning;
beforeAll(() => {
  process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
    const yamlNoise =
      warning instanceof Error ? warning.name === 'YAMLWarning' : /JS Object restrictions/.test(String(warning));
    if (!yamlNoise) emitWarning.call(process, warning, ...rest);
  }) as typeof process.emitWarning;
});
afterAll(() => {
  process.emitWarning = emitWarning;
  work.cleanup();
});

const BODY = '## One\n\nSome words about our own practices.\n';
let cases = 0;

/** Writes one article into a folder of its own and loads that folder as an organisation's. */
function load(source: string, name = 'our-article') {
  const folder = join(work.path, `case-${++cases}`);
  mkdirSync(folder);
  const file = join(folder, `${name}.md`);
  writeFileSync(file, source);
  try {
    return { file, loaded: loadArticles([{ path: folder, builtIn: false }]) as LoadedArticles | undefined };
  } catch (error) {
    return { file, error };
  }
}

/** The loader's clear error: a KnowledgeError, every problem one line that starts with the file. */
function expectClearError(result: ReturnType<typeof load>): string[] {
  expect(result.loaded).toBeUndefined();
  expect(result.error).toBeInstanceOf(KnowledgeError);
  const problems = (result.error as KnowledgeError).problems;
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(problem.startsWith(`${result.file}: `), problem).toBe(true);
  }
  expect((result.error as Error).message).toContain(result.file);
  return problems;
}

const kebab = fc
  .array(
    fc.noBias(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 8 }),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((parts) => parts.join('-'));
const text = (min: number, max: number) =>
  fc
    .string({ unit: 'grapheme-ascii', minLength: min, maxLength: max })
    .filter((s) => s.trim().length >= min && s.trim().length <= max);

/** Front-matter that follows docs/knowledge-authoring.md (ids, tags and links included). */
const validFrontMatter = fc.record({
  id: fc.constant('our-article'),
  title: text(3, 80),
  summary: text(20, 300),
  topic: text(3, 60),
  kind: fc.constant('article'),
  tags: fc.array(kebab, { minLength: 1, maxLength: 8 }),
  aliases: fc.array(text(2, 80), { minLength: 1, maxLength: 12 }),
  sources: fc.array(
    kebab.map((p) => `https://wiki.example.com/${p}`),
    { minLength: 1, maxLength: 12 },
  ),
  related: fc.constant([] as string[]),
});

const SAMPLE = {
  id: 'our-article' as const,
  title: 'Our article',
  summary: 'A summary long enough to pass the check.',
  topic: 'Our own practices',
  kind: 'article' as const,
  tags: ['ours'],
  aliases: ['our thing'],
  sources: ['https://wiki.example.com/ours'],
  related: [] as string[],
};

const REQUIRED = ['id', 'title', 'summary', 'topic', 'tags', 'aliases', 'sources'] as const;
/** Values of the wrong type for each field: never a string where a string is wanted, and so on. */
const wrongFor = (field: string) =>
  ['tags', 'aliases', 'sources', 'related'].includes(field)
    ? fc.oneof(fc.integer(), fc.boolean(), fc.dictionary(fc.string(), fc.string(), { minKeys: 1 }))
    : fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.dictionary(fc.string(), fc.string()));

const article = (frontMatter: string, delimiter = '---') => `${delimiter}\n${frontMatter}\n---\n${BODY}`;

describe('knowledge front-matter', () => {
  it('loads any front-matter that follows the authoring guide (so the properties below are not vacuous)', () => {
    fc.assert(
      fc.property(validFrontMatter, (front) => {
        const result = load(article(stringify(front)));
        expect(result.error).toBeUndefined();
        expect(result.loaded?.articles[0]).toMatchObject({ id: front.id, title: front.title.trim() });
      }),
      { numRuns: 100 },
    );
  });

  it('answers any text between the --- lines with a KnowledgeError naming the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc
            .array(
              fc.constantFrom(
                'id: our-article',
                'title:',
                '  - ',
                '- a',
                ': :',
                '? [a, b]',
                ': c',
                '&a [1, 2]',
                '*a',
                '*nowhere',
                '!!binary aGVsbG8=',
                '!!js/function "function () { return 1 }"',
                '!!python/object:os.system ["echo"]',
                '%YAML 1.2',
                '"unterminated',
                '{ a: [',
                '\t- tab',
                '__proto__: { polluted: true }',
                'constructor: x',
                'sources: [javascript:alert(1)]',
                '...',
              ),
              { maxLength: 12 },
            )
            .map((lines) => lines.join('\n')),
        ),
        (frontMatter) => {
          const result = load(article(frontMatter));
          if (result.error !== undefined) expectClearError(result);
          else expect(result.loaded?.articles).toHaveLength(1);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers YAML of any shape (scalars, lists, maps of anything) with a KnowledgeError naming the file', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, fc.dictionary(fc.string(), anyJson)), (value) => {
        expectClearError(load(article(stringify(value))));
      }),
      { numRuns: 200 },
    );
  });

  it('names the field that is missing, of the wrong type or unknown', () => {
    const fields = [...REQUIRED, 'kind', 'related'];
    const mutation = fc.oneof(
      fc.constantFrom(...REQUIRED).map((field) => ({ kind: 'drop' as const, field, value: undefined as unknown })),
      fc
        .constantFrom(...fields)
        .chain((field) => wrongFor(field).map((value) => ({ kind: 'wrong-type' as const, field, value }))),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((key) => !fields.includes(key))
        .map((field) => ({ kind: 'unknown-key' as const, field, value: 'surprise' as unknown })),
    );
    fc.assert(
      fc.property(validFrontMatter, mutation, (front, { kind, field, value }) => {
        const mutated: Record<string, unknown> = { ...front };
        if (kind === 'drop') delete mutated[field];
        // defineProperty, so that "__proto__" becomes a key of the front-matter, not its prototype.
        else Object.defineProperty(mutated, field, { value, enumerable: true, configurable: true, writable: true });
        const problems = expectClearError(load(article(stringify(mutated)))).join('\n');
        if (kind === 'unknown-key') expect(problems).toContain(`Unrecognized key: "${field}"`);
        else expect(problems).toMatch(new RegExp(`front-matter ${field}\\b`));
      }),
      {
        numRuns: 200,
        // Keys every JavaScript object has, always tried: they must be unknown keys like any other.
        examples: ['__proto__', 'constructor', 'toString'].map(
          (field): [typeof SAMPLE, { kind: 'unknown-key'; field: string; value: unknown }] => [
            SAMPLE,
            { kind: 'unknown-key', field, value: 'surprise' },
          ],
        ),
      },
    );
  });

  it('insists the id matches the file name', () => {
    fc.assert(
      fc.property(validFrontMatter, kebab, (front, id) => {
        fc.pre(id !== 'our-article');
        const problems = expectClearError(load(article(stringify({ ...front, id }))));
        expect(problems.join('\n')).toContain(`id "${id}" must match the file name "our-article"`);
      }),
      { numRuns: 50 },
    );
  });

  it('treats front-matter as data: another language (---js, ---coffee) never runs and is a clear error', () => {
    const marker = '__opscoachFrontMatterRan';
    const js = `({ id: (globalThis.${marker} = true, 'our-article'), title: 'Ours' })`;
    for (const [delimiter, body] of [
      ['---js', js],
      ['---javascript', js],
      ['--- js', js],
      ['---coffee', 'id: "our-article"'],
      ['---toml', 'id = "our-article"'],
    ] as const) {
      const result = load(article(body, delimiter));
      expectClearError(result);
      expect((globalThis as Record<string, unknown>)[marker], delimiter).toBeUndefined();
    }
  });

  it('survives the classic YAML attacks: alias bombs, deep nesting, duplicate keys, an unclosed block', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      laughs.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    for (const source of [
      article(laughs.join('\n')),
      article(`${'['.repeat(5000)}${']'.repeat(5000)}`),
      article('id: our-article\nid: our-article\ntitle: Twice'),
      `---\nid: our-article\ntitle: Never closed\n${BODY}`,
      `\ufeff${article('id: our-article')}`,
      article('id: our-article\r\ntitle: Windows\r\n'),
    ]) {
      const started = Date.now();
      expectClearError(load(source));
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });
});
