// Property tests over random valid scenarios (issue 18, DESIGN.md "Property tests for
// invariants"), checked at every change of a Pod or Node, synchronously, as it happens:
//   - a node's bound pods never request more CPU, memory or pod slots than it has allocatable;
//   - every pod is in exactly one known phase, and a pod past Pending is bound to a node;
//   - replicas converge: with room for every pod, each Deployment ends with spec.replicas pods
//     ready and no other active pod of its own;
//   - no object is counted twice in the reports: pods.csv has one row per pod created.
// The rollout surge/unavailable bounds are test/rollouts/rolling-invariant.test.ts.
// fast-check generates the scenarios from a fixed seed, a bounded number, so `npm test` stays fast.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podResources } from '../../models/api/policy/pod-resources.js';
import { isPodActive } from '../../models/api/policy/podutil.js';
import type { Deployment, Node, Pod } from '../../models/api/types.js';
import { runBuilt } from '../../runner/simulate.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { runText, podsOf, rsOf } from '../rollouts/harness.js';
import { tempDir } from '../helpers.js';

interface App {
  replicas: number;
  cpuMilli: number;
  memMi: number;
  scaleTo: number;
  scaleAtS: number;
  maxSurge: number;
  maxUnavailable: number;
}

interface Case {
  nodes: number;
  nodeCpu: number;
  apps: App[];
  imageChangeAtS: number;
}

const app: fc.Arbitrary<App> = fc.record({
  replicas: fc.integer({ min: 0, max: 6 }),
  cpuMilli: fc.integer({ min: 50, max: 900 }),
  memMi: fc.integer({ min: 32, max: 900 }),
  scaleTo: fc.integer({ min: 0, max: 6 }),
  scaleAtS: fc.integer({ min: 1, max: 90 }),
  maxSurge: fc.integer({ min: 0, max: 2 }),
  maxUnavailable: fc.integer({ min: 1, max: 2 }),
});

const scenarioCase: fc.Arbitrary<Case> = fc.record({
  nodes: fc.integer({ min: 1, max: 4 }),
  nodeCpu: fc.integer({ min: 2, max: 8 }),
  apps: fc.array(app, { minLength: 1, maxLength: 3 }),
  imageChangeAtS: fc.integer({ min: 1, max: 100 }),
});

function yamlOf(c: Case): string {
  const docs = [`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: p}
spec:
  nodePools: [{name: n, count: ${c.nodes}, cpu: "${c.nodeCpu}", memory: 8Gi, maxPods: 20}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 4m}`];
  const actions: string[] = [];
  c.apps.forEach((a, i) => {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${a.replicas}
  strategy: {rollingUpdate: {maxSurge: ${a.maxSurge}, maxUnavailable: ${a.maxUnavailable}}}
  selector: {matchLabels: {app: a${i}}}
  template:
    metadata: {labels: {app: a${i}}}
    spec:
      containers: [{name: c, image: "img:1", resources: {requests: {cpu: ${a.cpuMilli}m, memory: ${a.memMi}Mi}}}]`);
    actions.push(`  - {at: ${a.scaleAtS}s, run: "kubectl scale deployment/app-${i} --replicas=${a.scaleTo}"}`);
    actions.push(`  - {at: ${c.imageChangeAtS}s, run: "kubectl set image deployment/app-${i} c=img:2"}`);
  });
  docs.push(`apiVersion: k8sim/v1\nkind: Timeline\nspec:\n  actions:\n${actions.join('\n')}`);
  return docs.join('\n---\n');
}

/** Whether every pod of every final replica count fits with room to spare (then replicas must converge). */
function roomy(c: Case): boolean {
  const allocCpu = c.nodeCpu * 1000;
  const allocMem = 8 * 1024 - 100; // capacity − the 100Mi hard-eviction threshold
  let cpu = 0;
  let mem = 0;
  let pods = 0;
  for (const a of c.apps) {
    // During a rollout up to replicas + maxSurge pods exist.
    const n = Math.max(a.replicas, a.scaleTo) + a.maxSurge;
    cpu += n * a.cpuMilli;
    mem += n * a.memMi;
    pods += n;
  }
  // Bin packing may strand room on each node: one pod's worth per node is kept spare.
  const biggestCpu = Math.max(...c.apps.map((a) => a.cpuMilli));
  const biggestMem = Math.max(...c.apps.map((a) => a.memMi));
  return cpu <= c.nodes * (allocCpu - biggestCpu) && mem <= c.nodes * (allocMem - biggestMem) && pods <= c.nodes * 19;
}

const PHASES = new Set(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);

function checkNodes(pods: Iterable<Pod>, nodes: Iterable<Node>, when: string): void {
  const used = new Map<string, { cpu: number; memory: number; pods: number }>();
  for (const p of pods) {
    assert.ok(PHASES.has(String(p.status?.phase)), `${when}: pod ${p.metadata.name} phase ${String(p.status?.phase)}`);
    if (p.status.phase !== 'Pending' && p.status.phase !== 'Unknown') assert.ok(p.spec.nodeName, `${when}: ${p.status.phase} pod ${p.metadata.name} is bound`);
    const node = p.spec.nodeName;
    if (!node || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
    const r = podResources(p.spec).requests;
    const u = used.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
    u.cpu += r.cpu ?? 0;
    u.memory += r.memory ?? 0;
    u.pods += 1;
    used.set(node, u);
  }
  for (const n of nodes) {
    const u = used.get(n.metadata.name);
    if (!u) continue;
    const a = n.status.allocatable;
    assert.ok(u.cpu <= (a.cpu ?? 0), `${when}: node ${n.metadata.name} cpu requests ${u.cpu} > allocatable ${a.cpu}`);
    assert.ok(u.memory <= (a.memory ?? 0), `${when}: node ${n.metadata.name} memory requests ${u.memory} > allocatable ${a.memory}`);
    assert.ok(u.pods <= (a.pods ?? 0), `${when}: node ${n.metadata.name} ${u.pods} pods > allocatable ${a.pods}`);
  }
}

let checks = 0;
let converged = 0;

test('random valid scenarios keep their invariants at every pod and node change; replicas converge; reports count each pod once', () => {
  fc.assert(
    fc.property(scenarioCase, (c) => {
      const text = yamlOf(c);
      const h = runText(text, {
        seed: 3,
        setup: (model) => {
          const check = (): void => {
            checks++;
            checkNodes(model.store.list<Pod>('Pod'), model.store.list<Node>('Node'), `t=${model.sim.now}ms`);
          };
          model.store.observe('Pod', check);
          model.store.observe('Node', check);
        },
      });
      if (roomy(c)) {
        converged++;
        c.apps.forEach((a, i) => {
          const d = h.model.store.get<Deployment>('Deployment', 'default', `app-${i}`)!;
          assert.is(d.spec.replicas, a.scaleTo, 'the scale took');
          const active = rsOf(h.model, d).flatMap((rs) => podsOf(h.model, rs)).filter(isPodActive);
          assert.is(active.length, a.scaleTo, `app-${i}: active pods converge to ${a.scaleTo}`);
          assert.is(d.status?.readyReplicas ?? 0, a.scaleTo, `app-${i}: ready replicas`);
        });
      }
      // Reports: one pods.csv row per pod the run created.
      const out = join(tempDir('k8sim-prop-'), 'out');
      const r = runBuilt(buildScenario(loadScenarioText('p.yaml', text)), { seed: 3, out });
      const rows = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1);
      const keys = rows.map((l) => l.split(',').slice(0, 2).join('/'));
      assert.is(new Set(keys).size, keys.length, 'no pod twice in pods.csv');
      assert.is(rows.length, r.summary.pods_created, 'pods.csv rows = pods created');
    }),
    { seed: 2026, numRuns: 30, endOnFailure: true },
  );
  assert.ok(checks > 1000, `invariants were checked at ${checks} changes`);
  assert.ok(converged >= 5, `${converged} cases had room to converge`);
});

test.run();
