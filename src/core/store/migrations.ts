import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const folder = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Numbered SQL files (`NNN-name.sql`), applied in order; the number is the schema version. */
export function loadMigrations(dir: string = folder): Migration[] {
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => {
      const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(name);
      if (!match) throw new Error(`Migration file ${name} must be named NNN-some-name.sql`);
      return { version: Number(match[1]), name: match[2] ?? name, sql: readFileSync(`${dir}/${name}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 001, 002, ... without gaps (found ${m.version})`);
  });
  return migrations;
}
