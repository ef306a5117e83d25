// Issue 18's "keep it so": a seeded mutation fuzzer over bundled scenarios. Each case mutates one
// scenario (a field deleted, a value replaced by a bad number, quantity, duration or type, a key
// misspelt, the YAML text cut or spliced, a timeline command mangled) and runs it as `k8sim run`
// does, in-process for speed. Every case must end as the CLI promises:
//   - a run with every report written, or
//   - a user error (what the CLI prints and exits 2 for) whose every line is `file:line:col: …`
//     (budget and output-folder errors are one plain sentence);
// never another exception (the CLI's "internal error" and stack trace), never a leftover folder.
// fast-check drives the choices with a fixed seed and a bounded count, so `npm test` stays fast
// and a failure replays exactly (the seed and path are in the failure message).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { ScenarioError, ScenarioErrors } from '../../scenarios/errors.js';
import { OutputDirError } from '../../reports/output-dir.js';
import { BudgetExceeded, runBuilt } from '../../runner/simulate.js';
import { packageRoot, tempDir } from '../helpers.js';

/** Small bundled scenarios: a Deployment with a rollout, a Job, quota admission, the default mix. */
const SEEDS = ['default.yaml', 'ch5-deployment.yaml', 'ch8-1-say-something.yaml', 'ch7-namespace-quota.yaml'];
const seedTexts = SEEDS.map((f) => readFileSync(join(packageRoot(), 'scenarios', 'examples', f), 'utf8'));

/** Values a fuzzer (or a user) puts where they do not belong. */
const BAD_VALUES: unknown[] = [
  '', -1, 0, 0.5, 1e308, -1e308, 4294967296, 2147483648, 'abc', '1.5.5', '-4', '4x', null, true, [], {}, [[]],
  '-.inf', '.nan', '100000d', '8s', '1e3', '0x10', 'a'.repeat(2000), { toString: 1 }, { __proto__: 1 }, 'Infinity', '-1s',
  { uniform: ['8s', '1s'] }, '${HOME}', '日本', 'kubectl rnu', 'kubectl scale deployment/nope --replicas=3',
];

type Doc = Record<string, unknown>;
type Path = (string | number)[];

/** Every path to a node of the documents (for deletes and replacements). */
function paths(node: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (node !== null && typeof node === 'object') {
    for (const [k, v] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
      const p = [...prefix, k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function parent(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let n = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) n = n[seg] as Record<string | number, unknown>;
  return n !== null && typeof n === 'object' ? n : undefined;
}

type Mutation =
  | { kind: 'delete-field'; doc: number; pick: number }
  | { kind: 'bad-value'; doc: number; pick: number; value: number }
  | { kind: 'misspell-key'; doc: number; pick: number; at: number }
  | { kind: 'drop-document'; doc: number }
  | { kind: 'cut-text'; at: number }
  | { kind: 'splice-text'; at: number; piece: number }
  | { kind: 'duplicate-line'; at: number };

const TEXT_PIECES = [':', '- ', '[', ']', '{', '}', '&a ', '*a', '*nope', '\t', '"', "'", '---\n', '\n  x: 1\n', '!!binary ', '? ', '|', '%YAML 1.1\n', '<<: *a\n', '\u0000'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-field' as const), doc: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('bad-value' as const), doc: fc.nat(), pick: fc.nat(), value: fc.nat({ max: BAD_VALUES.length - 1 }) }),
  fc.record({ kind: fc.constant('misspell-key' as const), doc: fc.nat(), pick: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop-document' as const), doc: fc.nat() }),
  fc.record({ kind: fc.constant('cut-text' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice-text' as const), at: fc.nat(), piece: fc.nat({ max: TEXT_PIECES.length - 1 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

/** The mutated scenario text. */
function mutate(text: string, m: Mutation): string {
  if (m.kind === 'cut-text') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'splice-text') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + TEXT_PIECES[m.piece]! + text.slice(at);
  }
  if (m.kind === 'duplicate-line') {
    const lines = text.split('\n');
    const i = m.at % lines.length;
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }
  let docs: Doc[];
  try {
    docs = parseAllDocuments(text, { logLevel: 'error' }).map((d) => d.toJS() as Doc).filter((d) => d !== null && typeof d === 'object');
  } catch {
    return text; // an earlier text mutation broke the YAML: that is the case to run
  }
  if (docs.length === 0) return text;
  const d = m.doc % docs.length;
  if (m.kind === 'drop-document') docs.splice(d, 1);
  else {
    const all = paths(docs[d]);
    if (all.length > 0) {
      const path = all[m.pick % all.length]!;
      const p = parent(docs[d], path);
      const key = path[path.length - 1]!;
      if (p) {
        if (m.kind === 'delete-field') {
          if (Array.isArray(p)) p.splice(Number(key), 1);
          else delete p[key];
        } else if (m.kind === 'bad-value') {
          p[key] = structuredClone(BAD_VALUES[m.value]);
        } else if (!Array.isArray(p) && typeof key === 'string' && key.length > 0) {
          const i = m.at % key.length;
          const typo = key.slice(0, i) + key.slice(i + 1) + (i === key.length - 1 ? 'x' : '');
          p[typo] = p[key];
          delete p[key];
        }
      }
    }
  }
  return docs.map((x) => stringify(x)).join('---\n');
}

const LOCATED = /^[^\n:]+:\d+:\d+: /;

/** Runs a case as `k8sim run --out` does; returns the outcome class or throws what the CLI would call an internal error. */
function runCase(text: string, parentDir: string): 'ran' | 'refused' | 'budget' {
  const out = join(parentDir, 'out');
  try {
    const built = buildScenario(loadScenarioText('fuzz.yaml', text));
    // A mutated duration may ask for a long run: the event budget bounds every case.
    runBuilt(built, { seed: 7, out, maxEvents: 30_000 });
    const files = readdirSync(out).sort();
    for (const f of ['events.csv', 'pods.csv', 'rollouts.csv', 'summary.csv', 'timeline.csv', 'timeseries.csv']) {
      assert.ok(files.includes(f), `a successful run wrote ${f}: ${files.join(', ')}`);
    }
    return 'ran';
  } catch (e) {
    if (e instanceof BudgetExceeded) return 'budget';
    if (e instanceof ScenarioErrors || e instanceof ScenarioError) {
      for (const line of e.message.split('\n')) {
        if (/^\.\.\. and \d+ more errors$/.test(line)) continue;
        assert.match(line, LOCATED, `every error line is file:line:col: ${JSON.stringify(line.slice(0, 200))}`);
        assert.ok(line.length < 1000, 'one readable line');
      }
      return 'refused';
    }
    if (e instanceof OutputDirError) return 'refused';
    throw e;
  } finally {
    const left = readdirSync(parentDir).filter((f) => f !== 'out');
    assert.equal(left, [], 'no temporary folder left beside --out');
    rmSync(out, { recursive: true, force: true });
  }
}

/** How many cases the fuzzer ran, by mutation kind and by outcome (printed for the closing note). */
const tally = new Map<string, number>();
const count = (k: string): void => void tally.set(k, (tally.get(k) ?? 0) + 1);

test('mutated bundled scenarios end in a full run or located errors, never a stack trace or a leftover folder', () => {
  const dir = tempDir('k8sim-fuzz-');
  fc.assert(
    fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, ms) => {
      let text = seedTexts[seed]!;
      for (const m of ms) text = mutate(text, m);
      // K8SIM_FUZZ_TRACE=file keeps the case being run, to find one that hangs or exhausts memory.
      if (process.env.K8SIM_FUZZ_TRACE) writeFileSync(process.env.K8SIM_FUZZ_TRACE, text);
      const outcome = runCase(text, dir);
      for (const m of ms) count(`mutation ${m.kind}`);
      count(`outcome ${outcome}`);
    }),
    // Fixed for `npm test`; K8SIM_FUZZ_SEED / K8SIM_FUZZ_RUNS run a longer campaign by hand.
    { seed: Number(process.env.K8SIM_FUZZ_SEED ?? 18), numRuns: Number(process.env.K8SIM_FUZZ_RUNS ?? 250), endOnFailure: true },
  );
  const kinds = [...tally.keys()].filter((k) => k.startsWith('mutation ')).length;
  assert.is(kinds, 7, 'every kind of mutation was tried');
  assert.ok((tally.get('outcome refused') ?? 0) > 0 && (tally.get('outcome ran') ?? 0) > 0, 'both outcomes were reached');
  if (process.env.K8SIM_FUZZ_TALLY) console.log([...tally].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
});

test.run();
