// npm run key-terms [-- --reference DIR]: re-derives eval/page-key-terms.json from the reference copy
// of the playbook, so the citation check in the test suite runs without that copy.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REFERENCE_DIR, deriveKeyTerms, KEY_TERMS_FILE, readPlaybookPages } from './key-terms.ts';

const i = process.argv.indexOf('--reference');
const referenceDir = i === -1 ? fileURLToPath(DEFAULT_REFERENCE_DIR) : (process.argv[i + 1] ?? '');
const terms = deriveKeyTerms(readPlaybookPages(referenceDir));
writeFileSync(KEY_TERMS_FILE, `${JSON.stringify(terms, null, 2)}\n`);
console.log(`Wrote key terms for ${Object.keys(terms).length} pages to ${fileURLToPath(KEY_TERMS_FILE)}`);
