// The bundled chapter 7 examples: namespace quota and limit range (admission messages as
// upstream), the book's invalid LimitRange refused, and a node failure with replacement.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../models/api/errors.js';
import { ClusterModel } from '../../models/cluster.js';
import { prepareManifest } from '../../models/api/manifests.js';
import { isPodActive } from '../../models/api/policy/podutil.js';
import type { GenericObject, KEvent, Node, Pod } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenario } from '../../scenarios/load.js';
import { packageRoot, scenarioFile } from '../helpers.js';

const example = (name: string) => join(packageRoot(), 'scenarios', 'examples', name);

/** Load, apply at t=0 like `kubectl apply -f`, and run the timeline's node actions. */
function play(file: string) {
  const built = buildScenario(loadScenario([file]));
  const model = new ClusterModel({ ...built.cluster, seed: 1 });
  const events: KEvent[] = [];
  model.events.subscribe((e) => events.push(e));
  const refused: string[] = [];
  for (const m of built.manifests) {
    try { model.create(prepareManifest(m.obj)); } catch (e) { if (e instanceof ApiError) refused.push(e.message); else throw e; }
  }
  return { built, model, events, refused };
}

test('ch7 ResourceQuota: charged usage, exceeded quota → FailedCreate retried, missing resources refused', () => {
  const { model, events, refused } = play(example('ch7-namespace-quota.yaml'));
  model.runUntil(120_000);
  assert.equal(refused, ['pods "no-resources" is forbidden: failed quota: demo: must specify limits.cpu for: app; limits.memory for: app; requests.cpu for: app; requests.memory for: app']);
  const app = [...model.store.list<Pod>('Pod')].filter((p) => p.metadata.name.startsWith('app-'));
  assert.is(app.length, 2);
  const q = model.store.get<GenericObject>('ResourceQuota', 'default', 'demo')!;
  assert.equal((q.status as { used: Record<string, string> }).used, { 'limits.cpu': '600m', 'limits.memory': '200Mi', 'requests.cpu': '400m', 'requests.memory': '80Mi' });
  const failed = events.filter((e) => e.reason === 'FailedCreate');
  assert.ok(failed.length > 3, 'retried with back-off');
  assert.match(failed[0]!.message, /^Error creating: pods "app-[a-z0-9-]+" is forbidden: exceeded quota: demo, requested: limits\.cpu=300m,requests\.cpu=200m,requests\.memory=40Mi, used: limits\.cpu=600m,requests\.cpu=400m,requests\.memory=80Mi, limited: limits\.cpu=700m,requests\.cpu=500m,requests\.memory=100Mi$/);
});

test('ch7 LimitRange (corrected): defaults applied, max refused, invalid defaulted pods → FailedCreate', () => {
  const { model, events, refused } = play(example('ch7-namespace-limitrange.yaml'));
  model.runUntil(60_000);
  assert.equal(refused, ['pods "too-big" is forbidden: maximum cpu usage per Container is 800m, but limit is 1']);
  const p = model.store.get<Pod>('Pod', 'default', 'defaulted')!;
  assert.equal(p.spec.containers[0]!.resources, { limits: { cpu: '600m', memory: '100Mi' }, requests: { cpu: '100m', memory: '50Mi' } });
  assert.is(p.metadata.annotations!['kubernetes.io/limit-ranger'], 'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
  assert.is(p.status.phase, 'Running');
  const failed = events.filter((e) => e.reason === 'FailedCreate' && e.name === 'greedy');
  assert.ok(failed.length >= 2);
  assert.match(failed[0]!.message, /^Error creating: Pod "greedy-[a-z0-9]+" is invalid: spec\.containers\[0\]\.resources\.requests: Invalid value: "300Mi": must be less than or equal to memory limit of 100Mi$/);
});

const BOOK_LIMITRANGE = `apiVersion: v1
kind: limitrange
metadata:
  name: demo
spec:
  limits:
    - default:
        cpu: 600m
        memory: 100Mib
      defaultRequest:
        cpu: 100m
        memory: 50Mib
      max:
        cpu: 100m
        memory: 200Mib
      min:
        cpu: 10m
        memory: 10Mib
    type: Container
`;

const CLUSTER = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 1, cpu: "4", memory: 8Gi}]
---
`;

test("the book's 7.6 LimitRange is refused: as printed (invalid YAML), and with its syntax fixed (upstream's Invalid message)", () => {
  assert.throws(() => runFiles([scenarioFile(CLUSTER + BOOK_LIMITRANGE)]), /invalid YAML/);
  const fixed = BOOK_LIMITRANGE.replace('kind: limitrange', 'kind: LimitRange').replace(/Mib/g, 'Mi')
    .replace('    - default:', '    - type: Container\n      default:').replace('    type: Container\n', '');
  const r = runFiles([scenarioFile(CLUSTER + fixed)]);
  assert.is(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /: Error from server \(Invalid\): error when creating: LimitRange "demo" is invalid: spec\.limits\[0\]\.default\[cpu\]: Invalid value: "100m": default value 600m is greater than max value 100m$/);
});

test('node failure example: pods evicted 50s + 300s after the failure, replaced, node recovers', () => {
  const { built, model, events } = play(example('ch7-node-failure.yaml'));
  assert.equal(built.timeline.map((t) => [t.at, t.run]), [[120_000, 'node fail pool-a-0'], [600_000, 'node recover pool-a-0']]);
  for (const t of built.timeline) {
    model.runUntil(t.at);
    const [, verb, name] = t.run.split(' ');
    if (verb === 'fail') model.nodes.fail(name!);
    else model.nodes.recover(name!);
    if (verb === 'fail') {
      model.runUntil(t.at + 50_000);
      assert.ok(events.some((e) => e.reason === 'NodeNotReady' && e.time === 170_000));
      model.runUntil(480_000);
      const evicted = events.filter((e) => e.reason === 'TaintManagerEviction');
      assert.ok(evicted.length > 0 && evicted.every((e) => e.time === 470_000));
      const active = [...model.store.list<Pod>('Pod')].filter(isPodActive);
      assert.is(active.length, 6);
      assert.ok(active.every((p) => p.spec.nodeName !== 'pool-a-0'));
    }
  }
  model.runUntil(built.duration);
  const node = model.store.get<Node>('Node', undefined, 'pool-a-0')!;
  assert.is(node.status.conditions.find((c) => c.type === 'Ready')!.status, 'True');
  assert.is([...model.store.list<Pod>('Pod')].length, 6, 'terminating pods cleaned up after recovery');
});

test.run();
