import { DefaultDeserializer, serialize } from 'node:v8';
import type { Db } from './database.ts';

/** Something derived once and kept between starts, keyed by a fingerprint of its inputs. */
export interface DerivedCache {
  /**
   * The value stored under `name` when it was derived from the same inputs (`fingerprint`);
   * otherwise `derive()`'s, which is stored for next time.
   */
  remember<T>(name: string, fingerprint: string, derive: () => T): T;
}

/**
 * The derived_cache table. Values are structured-cloned with v8.serialize (plain objects,
 * arrays, Maps, typed arrays; no class instances). A value that cannot be read back, or
 * stored (a read-only database), is simply derived again: it is a cache, never the truth.
 */
export class DerivedCacheStore implements DerivedCache {
  constructor(private readonly db: Db) {}

  remember<T>(name: string, fingerprint: string, derive: () => T): T {
    try {
      const row = this.db
        .prepare<[string], { fingerprint: string; data: Buffer }>(
          'SELECT fingerprint, data FROM derived_cache WHERE name = ?',
        )
        .get(name);
      if (row?.fingerprint === fingerprint) return readValue(row.data) as T;
    } catch {
      // Written by another Node version, damaged, or the database is closed: derive it again.
    }
    const value = derive();
    try {
      this.db
        .prepare(
          `INSERT INTO derived_cache (name, fingerprint, data) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, data = excluded.data`,
        )
        .run(name, fingerprint, serialize(value));
    } catch {
      // A database that cannot be written to still runs; the next start derives it again.
    }
    return value;
  }
}

/**
 * v8.deserialize hands back typed arrays as views into the bytes it read, so one kept array (a
 * word list's offsets) would keep the whole stored value in memory, every string and Map of it
 * read out long ago. These copy each one out instead.
 */
class CopyingDeserializer extends DefaultDeserializer {
  // Node's documented hook for reading typed arrays (missing from its type definitions).
  _readHostObject(): unknown {
    const view = readHostObject.call(this) as ArrayBufferView;
    if (!ArrayBuffer.isView(view)) return view;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
    if (Buffer.isBuffer(view)) return Buffer.from(bytes.buffer);
    const View = view.constructor as new (buffer: ArrayBuffer) => ArrayBufferView;
    return new View(bytes.buffer);
  }
}

const readHostObject = (DefaultDeserializer.prototype as unknown as { _readHostObject(this: unknown): unknown })
  ._readHostObject;

function readValue(data: Buffer): unknown {
  const reader = new CopyingDeserializer(data);
  reader.readHeader();
  return reader.readValue();
}

/** For code that runs without a database (tests of one module, tools): derives every time. */
export const NO_CACHE: DerivedCache = { remember: (_name, _fingerprint, derive) => derive() };
