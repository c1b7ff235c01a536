import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectStartUpGarbage } from '../../src/server/start-up-garbage.ts';

describe('collecting start-up garbage', () => {
  it('frees what start-up threw away, and leaves gc exposed to no other code', () => {
    let garbage: { i: number }[] | undefined = Array.from({ length: 500_000 }, (_, i) => ({ i }));
    expect(garbage.length).toBe(500_000);
    garbage = undefined;
    const before = process.memoryUsage().heapUsed;
    collectStartUpGarbage();
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(10_000_000);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
