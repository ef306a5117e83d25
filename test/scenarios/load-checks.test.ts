// Issue 18: input that used to run (exit 0, a hang, or a crash mid-run) is refused at load with
// one located error per problem; timeline writes are type-checked as the server decodes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { distributionIssues } from '../../scenarios/distributions.js';
import { containerResourceNameProblem } from '../../models/api/policy/validation.js';
import { runFiles } from '../../runner/simulate.js';
import { clusterYaml, scenarioFile, tempDir } from '../helpers.js';

function errorsOf(text: string): string[] {
  try {
    buildScenario(loadScenarioText('s.yaml', text));
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

const deployment = (replicas: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: w}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {a: b}}
  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
`;

test('integer fields are int32: 1e308 or 2^32 replicas are refused, not run', () => {
  assert.equal(errorsOf(clusterYaml() + deployment('1e308')), ['s.yaml:21:13: spec.replicas: must be <= 2147483647, not 1e+308']);
  assert.equal(errorsOf(clusterYaml() + deployment('4294967296')), ['s.yaml:21:13: spec.replicas: must be <= 2147483647, not 4294967296']);
  assert.equal(errorsOf(clusterYaml() + deployment('-1')), ['s.yaml:21:13: spec.replicas: must be >= 0, not -1']);
  // int32's own bound still loads.
  buildScenario(loadScenarioText('s.yaml', clusterYaml() + deployment('2147483647')));
});

test('a node pool is at most 50,000 nodes; capacity and reservations are never negative', () => {
  const pool = (fields: string) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools: [{name: a, ${fields}}]
`;
  assert.equal(errorsOf(pool('count: 4294967296, cpu: "4", memory: 8Gi')), ['s.yaml:5:32: spec.nodePools[0].count: must be <= 50000, not 4294967296']);
  assert.equal(errorsOf(pool('count: 1, cpu: "-4", memory: -8Gi, resources: {nvidia.com/gpu: -1}, reserved: {cpu: -1m}')), [
    's.yaml:5:40: spec.nodePools[0].cpu: must not be negative',
    's.yaml:5:54: spec.nodePools[0].memory: must not be negative',
    's.yaml:5:88: spec.nodePools[0].resources["nvidia.com/gpu"]: must not be negative',
    's.yaml:5:109: spec.nodePools[0].reserved.cpu: must not be negative',
  ]);
});

test('node pool labels, taints and zones are checked at load (they crashed creating the first Node)', () => {
  const msgs = errorsOf(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools:
    - name: a
      count: 1
      cpu: "4"
      memory: 8Gi
      labels: {tier: "g\u0000eneral", "bad key!": x}
      taints: [{key: "k y", effect: NoSchedule}]
      zones: ["eu west"]
`);
  assert.equal(msgs, [
    's.yaml:10:22: spec.nodePools[0].labels.tier: invalid label value "g\\u0000eneral": must be 63 characters or less, alphanumeric, \'-\', \'_\' or \'.\', starting and ending alphanumeric',
    msgs[1]!,
    msgs[2]!,
    msgs[3]!,
  ]);
  assert.match(msgs[1]!, /^s\.yaml:10:\d+: spec\.nodePools\[0\]\.labels\["bad key!"\]: invalid label key "bad key!"/);
  assert.match(msgs[2]!, /^s\.yaml:11:\d+: spec\.nodePools\[0\]\.taints\[0\]: invalid taint key "k y"/);
  assert.match(msgs[3]!, /^s\.yaml:12:\d+: spec\.nodePools\[0\]\.zones\[0\]: invalid zone \(a label value\) "eu west"/);
});

test('a uniform distribution with min > max is refused at load (it failed at its first draw)', () => {
  const behavior = `---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b}
spec:
  selector: {matchLabels: {a: b}}
  startup: {start: {uniform: [8s, 1s]}, imagePull: {uniform: [1s, 1s]}}
`;
  assert.equal(errorsOf(clusterYaml() + behavior), ['s.yaml:22:30: spec.startup.start.uniform: min 8s is greater than max 1s; write [min, max]']);
  assert.equal(distributionIssues({ cpuPerRequest: { uniform: [5, 2] }, ok: { uniform: ['1s', '2s'] } }), [
    { path: ['cpuPerRequest', 'uniform'], message: 'min 5 is greater than max 2; write [min, max]' },
  ]);
});

test('a run whose samples would not fit in memory is refused at load (100000d at 15s used to exhaust the heap)', () => {
  const [m, ...rest] = errorsOf(clusterYaml({ duration: '100000d' }));
  assert.is(rest.length, 0);
  assert.is(m, 's.yaml:15:3: spec.sampleInterval: 100000d at one sample every 15s is 576000001 samples; at most 10000000 (sample less often, or shorten spec.duration)');
  buildScenario(loadScenarioText('s.yaml', clusterYaml({ duration: '365d' }).replace('duration: 365d', 'duration: 365d\n  sampleInterval: 5s')));
});

test('an action after the end of the run is reported; one at the end is kept', () => {
  const timeline = `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
  - {at: 2m, run: "kubectl cordon test-0"}
  - {at: 5m, run: "kubectl uncordon test-0"}
`;
  assert.equal(errorsOf(clusterYaml({ duration: '2m' }) + timeline), [
    's.yaml:22:10: spec.actions[1].at: 5m is after the end of the run (2m, Simulation.spec.duration); it would never run',
  ]);
});

test('timeline manifests get the scenario file\'s checks at load, located in the file', () => {
  const timeline = `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
  - at: 10s
    manifest: {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: eighty}]}}
  - at: 11s
    manifest: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {}}
  - at: 12s
    manifest: {apiVersion: v1, kind: Pod, metadata: {name: q}, spec: {containers: [{name: a, image: b, resources: {requests: {toString: 1}}}]}}
  - at: 13s
    manifest: {apiVersion: v1, kind: Podd, metadata: {name: r}}
  - at: 14s
    manifest: {apiVersion: k8sim/v1, kind: Cluster, metadata: {name: r}}
`;
  const msgs = errorsOf(clusterYaml() + timeline);
  assert.equal(msgs, [
    's.yaml:22:90: spec.actions[0].manifest.spec.ports[0].port: must be an integer, not string "eighty"',
    's.yaml:24:70: spec.actions[1].manifest.spec.containers: required field is missing',
    's.yaml:26:137: spec.actions[2].manifest.spec.containers[0].resources.requests.toString: Invalid value: "toString": must be a standard resource for containers',
    msgs[3]!,
    's.yaml:30:44: spec.actions[4].manifest.kind: a timeline manifest is a Kubernetes object; Cluster is a k8sim kind of the scenario file',
  ]);
  assert.match(msgs[3]!, /^s\.yaml:28:38: spec\.actions\[3\]\.manifest\.kind: unknown kind "Podd" \(did you mean "Pod"\?\)/);
});

test('documents with a part missing: a Service without spec or ports, a claim template or PVC without spec (they crashed controllers)', () => {
  const msgs = errorsOf(`${clusterYaml()}---
apiVersion: v1
kind: Service
metadata: {name: s}
---
apiVersion: v1
kind: Service
metadata: {name: headless}
spec: {clusterIP: None, selector: {a: b}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: headless
  selector: {matchLabels: {a: b}}
  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
  volumeClaimTemplates: [{metadata: {name: data}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: p}
spec: {accessModes: [ReadWriteOnce]}
`);
  assert.equal(msgs, [
    's.yaml:17:1: spec.ports: Required value',
    's.yaml:33:26: spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
    's.yaml:33:26: spec.volumeClaimTemplates[0].spec.resources.storage: Required value',
    's.yaml:38:7: spec.resources.storage: Required value',
  ]);
});

test('container resource names as upstream validateContainerResourceName', () => {
  for (const ok of ['cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi', 'nvidia.com/gpu', 'example.com/foo_bar', 'kubernetes.io/anything']) {
    assert.is(containerResourceNameProblem(ok), undefined, ok);
  }
  for (const bad of ['toString', 'constructor', '__proto__', 'pods', 'storage']) assert.is(containerResourceNameProblem(bad), 'must be a standard resource for containers', bad);
  for (const bad of ['requests.example.com/x', 'Example.com/x', 'a/b/c', 'example.com/']) assert.is(containerResourceNameProblem(bad), "doesn't follow extended resource name standard", bad);
});

test('timeline patches are type-checked as the server decodes them; each refusal is in timeline.csv and the run goes on', () => {
  const file = scenarioFile(`${clusterYaml({ duration: '1m' })}${deployment('1')}---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
  - at: 10s
    run: >-
      kubectl patch deployment w -p '{"spec":{"replicas":"lots"}}'
  - at: 20s
    run: >-
      kubectl patch deployment w --type=json -p '[{"op":"remove","path":"/spec/template"}]'
  - at: 30s
    run: >-
      kubectl patch deployment w -p '{"spec":{"replicas":4294967296}}'
  - at: 40s
    run: >-
      kubectl patch deployment w -p '{"spec":{"template":{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"1.5.5"}}}]}}}}'
  - at: 50s
    run: kubectl scale deployment/w --replicas=2
`);
  const out = join(tempDir(), 'out');
  const r = runFiles([file], { seed: 1, out });
  const rows = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n').slice(1);
  assert.is(rows.length, 5);
  assert.match(rows[0]!, /,error,"Error from server \(BadRequest\): Deployment ""w"" is invalid: spec\.replicas: must be an integer, not string ""lots"""$/);
  // Decodes fine; the server's validation refuses it, in upstream's words.
  assert.match(rows[1]!, /,error,"The Deployment ""w"" is invalid: spec\.template: Required value"$/);
  assert.match(rows[2]!, /spec\.replicas: must be <= 2147483647, not 4294967296"$/);
  assert.match(rows[3]!, /spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: invalid quantity ""1\.5\.5""/);
  assert.match(rows[4]!, /^50,kubectl scale deployment\/w --replicas=2,ok,/);
  assert.is(r.summary.pods_running, 2, 'the refused patches changed nothing; the scale ran');
});

test.run();
