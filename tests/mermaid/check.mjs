// Parses every Mermaid file named on the command line with Mermaid's own
// parser (`mermaid.parse`), in Node with jsdom standing in for the browser
// DOM that Mermaid's sanitiser needs. Prints `FAIL file: message` for each
// file that does not parse and exits 1 if any did not; run by tests/mermaid.rs.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;

const mermaid = (await import('mermaid')).default;
mermaid.initialize({ startOnLoad: false });
const version = JSON.parse(
  readFileSync(new URL('./node_modules/mermaid/package.json', import.meta.url), 'utf8'),
).version;

const files = process.argv.slice(2);
let failed = 0;
for (const file of files) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    failed++;
    const message = String(e?.message ?? e).split('\n').slice(0, 4).join(' | ');
    console.log(`FAIL ${file}: ${message}`);
  }
}
console.log(`mermaid ${version}: ${files.length - failed} of ${files.length} files parse`);
process.exit(failed === 0 && files.length > 0 ? 0 : 1);
