import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/teams/package/build-package.ts';
import { manifestSchema } from '../../src/teams/package/manifest.ts';
import { tempDir } from '../helpers/runtime.ts';

/** Width and height from a PNG's IHDR chunk. */
function size(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('npm run teams:package', () => {
  it('zips a valid manifest for the configured app id with both icons', () => {
    const dir = tempDir();
    try {
      const appId = '11111111-2222-3333-4444-555555555555';
      const { path, placeholders } = buildPackage({ appId, out: join(dir.path, 'teams.zip') });
      expect(placeholders).toBe(true);
      const files = unzipSync(readFileSync(path));
      expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(files['manifest.json'])));
      expect(manifest.id).toBe(appId);
      expect(manifest.bots[0]?.botId).toBe(appId);
      expect(manifest.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
      expect(manifest.bots[0]?.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
      const titles = manifest.bots[0]?.commandLists[0]?.commands.map((c) => c.title);
      expect(titles).toEqual(expect.arrayContaining(['help', 'ask', 'diagnose', 'report', 'digest', 'privacy']));
      expect(size(files['color.png'] as Uint8Array)).toEqual([192, 192]);
      expect(size(files['outline.png'] as Uint8Array)).toEqual([32, 32]);
    } finally {
      dir.cleanup();
    }
  });
});
