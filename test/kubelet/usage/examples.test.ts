// The bundled chapter-7 examples behave as the book and upstream say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../../runner/simulate.js';
import { MEMORY_PRESSURE_TAINT } from '../../../models/kubelet/eviction-manager.js';
import { packageRoot, tempDir } from '../../helpers.js';
import { example } from './harness.js';

test('ch7-magalix-oom: the leaking database is OOMKilled (137) and restarts after 0, 10 (at the next sync), 20, 40, 80 s back-off', () => {
  const h = example('ch7-magalix-oom.yaml');
  h.model.runUntil(300_000);
  const kills = h.reasons('OOMKilled').map((e) => e.time);
  const starts = h.events.filter((e) => e.reason === 'Started' && e.message.endsWith('database')).map((e) => e.time);
  assert.ok(kills.length >= 5, `kills at ${kills}`);
  // every run lasts (500Mi − 300Mi) / 10Mi/s = 20 s
  for (let i = 0; i < kills.length; i++) assert.is(kills[i]! - starts[i]!, 20_000);
  const gaps = kills.slice(0, 5).map((k, i) => starts[i + 1]! - k);
  // The 10 s back-off is restarted by the pod worker's next sync, 10–15 s after the exit (the
  // sync that saw the exit failed on the back-off); the longer ones when they end.
  assert.is(gaps[0], 0);
  assert.ok(gaps[1]! >= 10_000 && gaps[1]! < 15_000, `${gaps[1]}`);
  assert.equal(gaps.slice(2), [20_000, 40_000, 80_000]);
  const pod = h.pod('magalix-agent');
  const db = pod.status.containerStatuses[0]!;
  const last = db.state.terminated ?? db.lastState.terminated;
  assert.is(last?.reason, 'OOMKilled');
  assert.is(last?.exitCode, 137);
  assert.is(db.restartCount, starts.length - 1, 'one restart per start after the first');
  assert.is(pod.status.containerStatuses[1]!.restartCount, 0, 'the agent container is not affected');
  assert.is(h.model.usage.record(pod)!.oomKills, kills.length);
  assert.is(pod.status.qosClass, 'Burstable');
});

test('ch7-cpu-throttling: demand 800m over a 500m limit gets 500m, every period throttled, 37.5% of the time', () => {
  const h = example('ch7-cpu-throttling.yaml');
  h.model.runUntil(300_000);
  const pods = [...h.model.store.list<import('../../../models/api/types.js').Pod>('Pod')];
  assert.is(pods.length, 2);
  for (const p of pods) {
    assert.is(h.model.usage.grantedCpu(p), 500);
    assert.is(h.model.usage.cpuCapacity(p), 500);
    const r = h.model.usage.record(p)!;
    h.model.usage.settlePod(r);
    const running = 300_000 - r.slots[0]!.start;
    assert.ok(Math.abs(r.throttledMs / running - (800 - 500) / 800) < 0.001, `${r.throttledMs / running}`);
    assert.is(r.throttledPeriods, r.periods);
  }
});

test('ch7-cpu-throttling: pods.csv and timeseries.csv carry the resource columns', () => {
  const out = join(tempDir(), 'out');
  runFiles([join(packageRoot(), 'scenarios', 'examples', 'ch7-cpu-throttling.yaml')], { out });
  const pods = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  const head = pods[0]!.split(',');
  for (const c of ['qos', 'cpu_request_m', 'cpu_limit_m', 'memory_request_bytes', 'memory_limit_bytes', 'cpu_used_mean_m', 'throttled_s', 'throttled_period_ratio', 'oom_kills', 'oom_score_adj', 'evicted']) {
    assert.ok(head.includes(c), c);
  }
  const row = pods[1]!.split(',');
  const col = (c: string) => row[head.indexOf(c)];
  assert.is(col('qos'), 'Burstable');
  assert.is(col('cpu_limit_m'), '500');
  assert.is(col('throttled_period_ratio'), '1');
  const ts = readFileSync(join(out, 'timeseries.csv'), 'utf8');
  assert.ok(ts.includes('60,workload,default/Deployment/hungry,throttled_ratio,1\n'), 'workload throttled ratio');
  assert.ok(ts.includes('60,workload,default/Deployment/hungry,cpu_used_m,1000\n'), 'two pods × 500m');
  assert.ok(ts.includes('60,pool,pool,cpu_used_m,1000\n'));
  const summary = readFileSync(join(out, 'summary.csv'), 'utf8');
  assert.match(summary, /throttled_s_total,\d/);
  assert.match(summary, /cpu_used_core_hours,\d/);
});

test('ch7-overcommit-eviction: the pod furthest over its request is evicted, MemoryPressure + taint for 5 minutes, then replaced', () => {
  const h = example('ch7-overcommit-eviction.yaml');
  h.model.runUntil(300_000);
  const evicted = h.reasons('Evicted');
  assert.is(evicted.length, 1);
  assert.match(evicted[0]!.name, /^cache-/);
  const victim = h.pod(evicted[0]!.name);
  assert.is(victim.status.phase, 'Failed');
  assert.is(victim.status.reason, 'Evicted');
  assert.ok(victim.status.message!.startsWith('The node was low on resource: memory. Threshold quantity: 100Mi, available: '), victim.status.message);
  assert.is(evicted[0]!.time % 10_000, 0, 'on the 10 s monitoring grid');
  const node = h.node('pool-0');
  assert.is(node.status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'True');
  assert.ok(node.spec.taints?.some((t) => t.key === MEMORY_PRESSURE_TAINT && t.effect === 'NoSchedule'));
  assert.is(h.pod('db').status.phase, 'Running', 'the Guaranteed pod within its request stays');
  assert.is(h.pod('batch-besteffort').status.phase, 'Running');
  const replacement = [...h.model.store.list<import('../../../models/api/types.js').Pod>('Pod')].find((p) => p.metadata.name.startsWith('cache-') && p !== victim)!;
  assert.is(replacement.spec.nodeName, undefined, 'the taint keeps the replacement pending');
  // After the eviction the manager waits for the pod's cleanup (first 1 s poll) and synchronizes
  // at once, so its rounds fall 1 s past the old grid: the condition, last seen at the eviction
  // round, is dropped at the first round 5 minutes on — 301 s after it.
  h.model.runUntil(evicted[0]!.time + 300_999);
  assert.is(node.status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'True', 'kept for the whole transition period');
  h.model.runUntil(evicted[0]!.time + 301_000);
  assert.is(node.status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'False');
  assert.is(node.spec.taints, undefined);
  // The scheduler retries it once its back-off (2 s after two failed attempts) is over.
  h.model.runUntil(evicted[0]!.time + 305_000);
  assert.is(replacement.spec.nodeName, 'pool-0');
});

test.run();
