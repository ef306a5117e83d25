/**
 * Which objects of a finished run V8 keeps in dictionary ("slow") mode: a `delete` of a key that
 * is not the last one added, or an object used as a hash map, turns an object's hidden class
 * into a dictionary, and every later property read of it is a hash lookup (issue 12). Walks every
 * object reachable from the ClusterModel (properties, arrays, Maps' keys and values, Sets) and
 * asks V8 (`%HasFastProperties`, natives syntax switched on for this process only), grouped by
 * the path they were reached by (Map keys as `<k>`/`<v>`, odd property names as `*`).
 *
 *   node dist/bench/fast-properties.js SCENARIO.yaml [SEED]
 *
 * prints `slow / seen  path` per path with any dictionary-mode object, most first; exit 0.
 */
import * as v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { runScenario } from '../runner/simulate.js';
import { loadScenario } from '../scenarios/load.js';

v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
v8.setFlagsFromString('--no-allow-natives-syntax');

export interface SlowPath {
  path: string;
  slow: number;
  seen: number;
}

/** Dictionary-mode objects reachable from `root`, by path, most first (ties by path). */
export function dictionaryObjects(root: object, rootName = 'model'): SlowPath[] {
  const seen = new Set<object>();
  const total = new Map<string, number>();
  const slow = new Map<string, number>();
  const stack: Array<[unknown, string]> = [[root, rootName]];
  while (stack.length) {
    const [o, path] = stack.pop()!;
    if (o === null || typeof o !== 'object' || seen.has(o)) continue;
    seen.add(o);
    if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) continue;
    if (Array.isArray(o)) {
      for (const x of o) stack.push([x, path + '[]']);
      continue;
    }
    if (o instanceof Map) {
      for (const [k, v] of o) stack.push([k, path + '<k>'], [v, path + '<v>']);
      continue;
    }
    if (o instanceof Set) {
      for (const v of o) stack.push([v, path + '<s>']);
      continue;
    }
    // Paths through cycles grow without end: keep their last 200 characters.
    const p = path.length > 200 ? path.slice(-200) : path;
    total.set(p, (total.get(p) ?? 0) + 1);
    if (!hasFastProperties(o)) slow.set(p, (slow.get(p) ?? 0) + 1);
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') stack.push([v, `${p}.${/^[A-Za-z_$][\w$]{0,29}$/.test(k) ? k : '*'}`]);
    }
  }
  return [...slow]
    .map(([path, n]) => ({ path, slow: n, seen: total.get(path)! }))
    .sort((a, b) => b.slow - a.slow || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Run a scenario to its end (no reports) and list its model's dictionary-mode objects. */
export function runAndProbe(scenarioFile: string, seed: number): SlowPath[] {
  let found: SlowPath[] = [];
  runScenario(loadScenario([scenarioFile]), { seed, afterRun: (model) => (found = dictionaryObjects(model)) });
  return found;
}

const [, script, scenarioFile, seedArg] = process.argv;
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  if (scenarioFile === undefined) {
    console.error('usage: node dist/bench/fast-properties.js SCENARIO.yaml [SEED]');
    process.exit(2);
  }
  const rows = runAndProbe(scenarioFile, Number(seedArg ?? 1));
  if (!rows.length) console.log('no dictionary-mode objects');
  for (const r of rows) console.log(`${r.slow} / ${r.seen}  ${r.path}`);
}
