// Run by bench/scan-phases.js, bundled by esbuild from the scan's own source: one phase of the scan
// over a folder of source files, in this process, timed from after the files are read.
// Usage (after bundling): node harness.cjs <phase> <folder> [<objects.json>]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanSources } from '../src/scan/index.js';
import { parseSource } from '../src/scan/parse.js';
import { summarise } from '../src/scan/summarise.js';
import { walk } from '../src/scan/walk.js';
import type { FileSummary, SourceText } from '../src/scan/types.js';

/** The objects a summary holds (maps, sets, arrays and plain objects; strings and numbers are not counted). */
function objectsIn(summary: FileSummary): number {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const inner = value instanceof Map ? value.values() : value instanceof Set ? [] : Object.values(value);
    for (const v of inner) visit(v);
  };
  visit(summary);
  return seen.size;
}

const [phase, folder, objectsFile] = process.argv.slice(2);
if (!phase || !folder) throw new Error('usage: harness.cjs <phase> <folder> [<objects.json>]');
const sources: SourceText[] = readdirSync(folder)
  .sort()
  .map((name) => ({ path: join(folder, name), text: readFileSync(join(folder, name), 'utf8') }));
const kept: unknown[] = [];
const start = process.hrtime.bigint();
switch (phase) {
  case 'parse':
    for (const s of sources) parseSource(s.path, s.text);
    break;
  case 'walk': {
    // The floor of any analysis of Babel's tree: every node visited, nothing entered or kept.
    let nodes = 0;
    const visitor = {
      enters: new Set<string>(),
      exits: new Set<string>(),
      enter() {},
      exit() {},
      each() {
        nodes++;
      },
      inert: () => false,
    };
    for (const s of sources) walk(parseSource(s.path, s.text), visitor);
    kept.push(nodes);
    break;
  }
  case 'summarise-drop':
    for (const s of sources) summarise(s.path, parseSource(s.path, s.text), s.text);
    break;
  case 'summarise-keep':
    for (const s of sources) kept.push(summarise(s.path, parseSource(s.path, s.text), s.text));
    break;
  case 'parse-keep-objects': {
    // As many plain objects kept for each file as its summary holds, and nothing else done.
    const counts = JSON.parse(readFileSync(objectsFile ?? '', 'utf8')) as number[];
    sources.forEach((s, i) => {
      parseSource(s.path, s.text);
      // A tree, not a chain, as a summary is: a chain would be copied one object at a time.
      const nodes: { left: unknown; right: unknown }[] = [];
      for (let n = counts[i]! - 1; n >= 0; n--) nodes[n] = { left: nodes[2 * n + 1], right: nodes[2 * n + 2] };
      kept.push(nodes[0]);
    });
    break;
  }
  case 'scan':
    kept.push(scanSources(sources));
    break;
  case 'count':
    writeFileSync(
      objectsFile ?? '',
      JSON.stringify(sources.map((s) => objectsIn(summarise(s.path, parseSource(s.path, s.text), s.text)))),
    );
    break;
  default:
    throw new Error(`unknown phase ${phase}`);
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, kept: kept.length, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
