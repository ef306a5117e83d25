// bench/ab-scale.ts: the HOUR lines it reads, the A B / B A order, the medians and the hour-by-hour
// pairs of its summary, and one real alternation of this build against itself on a tiny scale day.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, parseHourLines, roundOrder, runAb, summarizeAb, type AbRun } from '../../bench/ab-scale.js';
import { generateScaleScenario, scaleParams } from '../../bench/scale-scenario.js';

test('parseHourLines reads scale-run’s hourly lines and nothing else', () => {
  const text = 'loading…\nHOUR 1 cpu_s 34.64 events 959178 rss_mib 1421 mono_us 7\nwarn: x\nHOUR 2 cpu_s 2.70 events 92257 rss_mib 1436 mono_us 9\n';
  assert.equal(parseHourLines(text), [
    { hour: 1, cpuS: 34.64, events: 959178 },
    { hour: 2, cpuS: 2.7, events: 92257 },
  ]);
  assert.equal(parseHourLines('SCALE-RESULT {}'), []);
});

test('rounds alternate A B, B A; medians of odd and even counts', () => {
  assert.equal([0, 1, 2, 3].map(roundOrder), [['A', 'B'], ['B', 'A'], ['A', 'B'], ['B', 'A']]);
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('summarizeAb: per-build medians, and steady hours paired within each round only', () => {
  const run = (build: 'A' | 'B', round: number, cpu: number[], wallS: number): AbRun => ({ build, round, wallS, hours: cpu.map((cpuS, i) => ({ hour: i + 1, cpuS, events: 1 })) });
  const s = summarizeAb([
    run('A', 0, [30, 3.0, 3.2], 40),
    run('B', 0, [31, 2.8, 3.2], 39),
    run('B', 1, [29, 2.5, 2.9], 36),
    run('A', 1, [32, 2.4, 3.1], 41),
    run('A', 2, [33, 9, 9], 50), // no B in round 2: not paired
  ]);
  assert.equal(s.a, { runs: 3, firstHourMedianS: 32, steadyHourMedianS: (3.1 + 3.2) / 2, wallMedianS: 41 });
  assert.equal(s.b, { runs: 2, firstHourMedianS: 30, steadyHourMedianS: (2.8 + 2.9) / 2, wallMedianS: 37.5 });
  assert.is(s.pairs, 4);
  assert.is(s.bLower, 2); // 2.8 < 3.0, 2.9 < 3.1
  assert.is(s.bHigher, 1); // 2.5 > 2.4 (3.2 = 3.2 is neither)
  assert.is(s.steadyRatio, (2.8 + 2.9) / 2 / ((3.1 + 3.2) / 2));
});

test('runAb alternates two real builds (this one twice) and leaves no output behind', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-ab-test-'));
  try {
    const scenario = path.join(dir, 'scenario.yaml');
    fs.writeFileSync(scenario, generateScaleScenario(scaleParams(10, 2)));
    const tmpRoot = path.join(dir, 'tmp');
    fs.mkdirSync(tmpRoot);
    const lines: string[] = [];
    const runs = runAb(root, root, scenario, 2, 1, (l) => lines.push(l), tmpRoot);
    assert.equal(runs.map((r) => `${r.round}${r.build}`), ['0A', '0B', '1B', '1A']);
    for (const r of runs) assert.equal(r.hours.map((h) => h.hour), [1, 2]);
    // Same build, same seed: the same kernel events every hour.
    assert.equal(runs[1]!.hours.map((h) => h.events), runs[0]!.hours.map((h) => h.events));
    assert.is(lines.length, 4);
    assert.is(summarizeAb(runs).pairs, 2);
    // The runs' outputs went to a folder of their own under tmpRoot, removed at the end.
    assert.equal(fs.readdirSync(tmpRoot), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
