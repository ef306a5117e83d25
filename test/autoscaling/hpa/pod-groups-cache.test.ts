// PodGroupsCache (models/autoscaling/hpa/policy/pod-groups-cache.ts): over random sequences of
// pod views (kept, replaced with another phase, readiness or start time, added, dropped), sample
// sets (a pod's series published or dropped, values and timestamps moving without a bump) and a
// clock that crosses pods' CPU initialisation windows, what it returns is what groupPods computes
// on the same call — the same members in the same order — and it does serve from the cache.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { PodGroupsCache } from '../../../models/autoscaling/hpa/policy/pod-groups-cache.js';
import { DEFAULT_REPLICA_CALC_CONFIG, groupPods, type HpaPod, type PodGroups, type PodMetricsInfo } from '../../../models/autoscaling/hpa/policy/replica-calculator.js';

type ViewSpec = { phase: 'Running' | 'Pending' | 'Failed'; ready: 'True' | 'False' | 'none'; started: number | undefined; transition: number; deleting: boolean };
type Op =
  | { t: 'time'; ms: number }
  | { t: 'replace'; i: number; v: ViewSpec }
  | { t: 'add'; v: ViewSpec }
  | { t: 'drop'; i: number }
  | { t: 'sample'; i: number }
  | { t: 'unsample'; i: number }
  | { t: 'value'; i: number; value: number };

const viewArb: fc.Arbitrary<ViewSpec> = fc.record({
  phase: fc.constantFrom('Running' as const, 'Running' as const, 'Pending' as const, 'Failed' as const),
  ready: fc.constantFrom('True' as const, 'True' as const, 'False' as const, 'none' as const),
  started: fc.option(fc.integer({ min: 0, max: 900_000 }), { nil: undefined }),
  transition: fc.integer({ min: 0, max: 900_000 }),
  deleting: fc.boolean().map((b) => b && Math.random() < 0.3),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replace' as const), i: fc.nat(9), v: viewArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('add' as const), v: viewArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), i: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sample' as const), i: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unsample' as const), i: fc.nat(9) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('value' as const), i: fc.nat(9), value: fc.integer({ min: 0, max: 2000 }) }) },
);

let serial = 0;
const view = (v: ViewSpec): HpaPod => ({
  name: `p-${serial++}`,
  phase: v.phase,
  containers: [{ name: 'app', requests: { cpu: 100 } }],
  ...(v.deleting ? { deleting: true } : {}),
  ...(v.started !== undefined ? { startTime: v.started } : {}),
  ...(v.ready !== 'none' ? { ready: { status: v.ready, lastTransitionTime: v.transition } } : {}),
});

const shown = (g: PodGroups): string => JSON.stringify([g.readyPodCount, [...g.unready], [...g.missing], [...g.ignored]]);

test('the cache gives what groupPods gives, as the views, the sample set and the clock move', () => {
  let served = 0;
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 50 }), (ops) => {
      const cache = new PodGroupsCache();
      let now = 0;
      let pods: HpaPod[] = [view({ phase: 'Running', ready: 'True', started: 0, transition: 1000, deleting: false })];
      const cpu: PodMetricsInfo = new Map();
      const memory: PodMetricsInfo = new Map();
      const sample = (p: HpaPod, value: number) => {
        for (const m of [cpu, memory]) m.set(p.name, { value, timestamp: now, window: 30_000 });
      };
      sample(pods[0]!, 50);
      for (const op of ops) {
        const at = (i: number) => pods[i % pods.length];
        if (op.t === 'time') now += op.ms;
        else if (op.t === 'replace' && pods.length > 0) pods = pods.map((p, i) => (i === op.i % pods.length ? view(op.v) : p));
        else if (op.t === 'add') pods = [...pods, view(op.v)];
        else if (op.t === 'drop' && pods.length > 0) pods = pods.filter((_, i) => i !== op.i % pods.length);
        else if (op.t === 'sample' && pods.length > 0 && !cpu.has(at(op.i)!.name)) {
          sample(at(op.i)!, 10);
          cache.sampled++;
        } else if (op.t === 'unsample' && pods.length > 0 && cpu.has(at(op.i)!.name)) {
          cpu.delete(at(op.i)!.name);
          memory.delete(at(op.i)!.name);
          cache.sampled++;
        } else if (op.t === 'value' && pods.length > 0) {
          // A value and its timestamp move in place (a scrape): no bump.
          const s = cpu.get(at(op.i)!.name);
          if (s !== undefined) {
            s.value = op.value;
            s.timestamp = now;
          }
        }
        for (const [metrics, resource] of [[cpu, 'cpu'], [memory, 'memory'], [cpu, '']] as const) {
          assert.is(shown(cache.of(pods, metrics, resource, now, DEFAULT_REPLICA_CALC_CONFIG)), shown(groupPods(pods, metrics, resource, now, DEFAULT_REPLICA_CALC_CONFIG)));
        }
      }
      served += cache.served;
    }),
    { numRuns: 300, seed: 5 },
  );
  assert.ok(served > 0, `served ${served}`);
});

test('inside a pod’s CPU initialisation window nothing is kept: the clock and timestamps decide', () => {
  const cache = new PodGroupsCache();
  // Started at 0, ready since 10 s: its sample is ignored until a window after the transition.
  const pods: HpaPod[] = [{ name: 'a', phase: 'Running', containers: [], startTime: 0, ready: { status: 'True', lastTransitionTime: 10_000 } }];
  const cpu: PodMetricsInfo = new Map([['a', { value: 5, timestamp: 20_000, window: 30_000 }]]);
  assert.is(cache.of(pods, cpu, 'cpu', 20_000, undefined).unready.size, 1);
  cpu.get('a')!.timestamp = 45_000;
  assert.is(cache.of(pods, cpu, 'cpu', 45_000, undefined).readyPodCount, 1);
  assert.is(cache.served, 0);
  // Past the 5 min window: kept, and served while nothing moves.
  cache.of(pods, cpu, 'cpu', 300_000, undefined);
  cache.of(pods, cpu, 'cpu', 400_000, undefined);
  assert.is(cache.served, 1);
});

test.run();
