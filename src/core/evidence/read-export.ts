import { CsvError, parse } from 'csv-parse/sync';

/** An import that cannot go ahead at all: nothing is stored, and this says why in one line. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

/** One row of an export: where it is in the file (for messages) and its values by column. */
export interface ExportRow {
  where: string;
  values: Record<string, unknown>;
  /** Set when the row cannot even be read as a record (a CSV line with the wrong number of fields). */
  problem?: string;
}

export interface ExportContent {
  kind: 'csv' | 'json';
  /** Column names after normalising and --map, in file order (JSON: every key seen). */
  columns: string[];
  rows: ExportRow[];
}

/** Keys of JSON wrappers around the list of records (PagerDuty's `data`, ServiceNow's `records` or `result`). */
const JSON_LISTS = ['data', 'incidents', 'records', 'result', 'deployments'];

/**
 * Column names as people and tools write them ("Service Name", "service-name", "SERVICE_NAME")
 * all become `service_name`.
 */
export function normaliseColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');
}

/**
 * Reads an export as CSV or JSON (decided by its first character, after any byte-order mark),
 * renaming columns by `renames` (from --map: file column -> our field). Throws ImportRefused
 * when the file is neither.
 */
export function readExport(text: string, renames: ReadonlyMap<string, string> = new Map()): ExportContent {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === undefined) throw new ImportRefused('the file is empty');
  if (body.includes('\u0000'))
    throw new ImportRefused('the file is not text (it contains NUL bytes), so not CSV or JSON');
  const rename = (column: string) => {
    const normal = normaliseColumn(column);
    return renames.get(normal) ?? normal;
  };
  return first === '[' || first === '{' ? readJson(body, rename) : readCsv(body, rename);
}

function readJson(body: string, rename: (c: string) => string): ExportContent {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new ImportRefused(`it starts like JSON but is not valid JSON (${(error as Error).message})`);
  }
  let list: unknown = data;
  if (!Array.isArray(data) && data && typeof data === 'object') {
    const key = JSON_LISTS.find((k) => Array.isArray((data as Record<string, unknown>)[k]));
    if (!key)
      throw new ImportRefused(
        `the JSON holds no list of records (expected an array, or one under ${JSON_LISTS.join(', ')})`,
      );
    list = (data as Record<string, unknown>)[key];
  }
  if (!Array.isArray(list)) throw new ImportRefused('the JSON is not a list of records');
  const columns = new Set<string>();
  const rows: ExportRow[] = list.map((item, i) => {
    const values: Record<string, unknown> = {};
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [key, value] of Object.entries(item)) {
        const name = rename(key);
        values[name] = value;
        columns.add(name);
      }
    }
    return { where: `item ${i + 1}`, values };
  });
  return { kind: 'json', columns: [...columns], rows };
}

function readCsv(body: string, rename: (c: string) => string): ExportContent {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ImportRefused(`it is not valid CSV: ${error.message.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new ImportRefused('the file has no header row');
  const columns = header.record.map(rename);
  if (columns.length < 2) {
    throw new ImportRefused('it has fewer than two columns, so it is not a CSV export (is it the right file?)');
  }
  // csv-parse counts the line a record ends on, and counts a CRLF inside a quoted field as two
  // lines (for the rest of the file too); a quoted field may also span lines. Put both right.
  let overcount = header.record.reduce((n, field) => n + (field.match(/\r\n/g)?.length ?? 0), 0);
  const rows = data.map(({ record, info }): ExportRow => {
    const crlf = record.reduce((n, field) => n + (field.match(/\r\n/g)?.length ?? 0), 0);
    const breaks = record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    overcount += crlf;
    const where = `line ${info.lines - overcount - breaks}`;
    if (record.length !== columns.length) {
      return { where, values: {}, problem: `has ${record.length} fields where the header has ${columns.length}` };
    }
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      values[c] = record[i];
    });
    return { where, values };
  });
  return { kind: 'csv', columns, rows };
}
