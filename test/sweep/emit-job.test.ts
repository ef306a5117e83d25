// --emit-job: manifests that run as they are on a real cluster — checked against the Kubernetes
// JSON schemas of kubernetes-models, loaded into k8sim itself, and read for what a cluster needs:
// every file the sweep reads in the ConfigMap, a ReadWriteMany claim, the merge Job, names
// within 63 characters, requests set, a pinned non-root image.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { runSweepCommand, type SweepCommandOptions } from '../../sweep/command.js';
import { configMapFiles, defaultImage, jobManifests, packageVersion } from '../../sweep/job.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { runScenario } from '../../runner/simulate.js';
import { capture, read, repoRoot, tempDir } from './helpers.js';

async function sweep(file: string, out: string, extra: Partial<SweepCommandOptions> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 1, quiet: true, handleSigint: false, stdout, stderr, ...extra });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A sweep in one folder, its scenario in another, reading a CSV beside the scenario. */
function layout(name = 'zone-outage-recovery'): { dir: string; file: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'scenarios', 'data'), { recursive: true });
  mkdirSync(join(dir, 'sweeps'));
  writeFileSync(join(dir, 'scenarios', 'data', 'rates.csv'), 'time_s,rate\n0,5\n60,20\n');
  writeFileSync(join(dir, 'scenarios', 'web.yaml'), `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: n, count: 2, cpu: "4", memory: 8Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: k8sim/v1
kind: Traffic
spec:
  services:
    - {service: web, rate: {csv: data/rates.csv}, cpuPerRequest: 10}
`);
  const file = join(dir, 'sweeps', 'sweep.yaml');
  writeFileSync(file, `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: ${name}}
spec:
  scenario: ../scenarios/web.yaml
  replications: 4
  parameters:
    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", values: [2, 3]}
`);
  return { dir, file };
}

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

async function emitted(extra: Partial<SweepCommandOptions> = {}, name?: string): Promise<{ objs: Obj[]; text: string; dir: string; stdout: string }> {
  const { dir, file } = layout(name);
  const out = join(dir, 'job');
  const r = await sweep(file, out, { emitJob: true, jobShards: 3, ...extra });
  assert.is(r.code, 0, r.stderr);
  const text = read(out, 'job.yaml');
  return { objs: parseAllDocuments(text).map((d) => d.toJSON() as Obj), text, dir, stdout: r.stdout };
}

test('the emitted objects pass the Kubernetes schemas (kubernetes-models validators)', async () => {
  const { objs } = await emitted();
  assert.equal(objs.map((o) => o.kind), ['ConfigMap', 'PersistentVolumeClaim', 'Job', 'Job']);
  for (const o of objs) {
    const model = o.kind === 'ConfigMap' ? new ConfigMap(o as never) : o.kind === 'PersistentVolumeClaim' ? new PersistentVolumeClaim(o as never) : new Job(o as never);
    model.validate(); // throws on any schema violation
  }
  // The validators do reject a broken object (so passing means something).
  const bad = structuredClone(objs[2]!) as unknown as { spec: { completions: unknown } };
  bad.spec.completions = 'three';
  assert.throws(() => new Job(bad as never).validate());
});

test('k8sim itself loads the emitted manifests and runs them: every shard pod and the merge pod start', async () => {
  const { text } = await emitted();
  const cluster = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools: [{name: n, count: 2, cpu: "4", memory: 16Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
`;
  const scenario = loadScenarioText('job.yaml', cluster + text);
  assert.is(buildScenario(scenario).manifests.length, 4);
  const r = runScenario(scenario, { seed: 1 });
  assert.equal(r.warnings, []);
  assert.is(r.summary['pods_created'], 4);
  assert.is(r.summary['pods_unscheduled'], 0);
});

test('ConfigMap: the sweep and every file it reads, in their relative layout; the pods run /sweep/<sweep>', async () => {
  const { objs, dir } = await emitted();
  const cm = objs[0] as Obj & { data: Record<string, string> };
  const job = objs[2] as any;
  const volume = job.spec.template.spec.volumes.find((v: any) => v.configMap);
  assert.is(volume.configMap.name, cm.metadata.name);
  const layoutInPod = Object.fromEntries(volume.configMap.items.map((i: { key: string; path: string }) => [i.path, cm.data[i.key]]));
  assert.equal(Object.keys(layoutInPod).sort(), ['scenarios/data/rates.csv', 'scenarios/web.yaml', 'sweeps/sweep.yaml']);
  assert.is(layoutInPod['scenarios/data/rates.csv'], readFileSync(join(dir, 'scenarios', 'data', 'rates.csv'), 'utf8'));
  const cmd = job.spec.template.spec.containers[0].command[2] as string;
  assert.match(cmd, /^k8sim sweep \/sweep\/sweeps\/sweep\.yaml --shard \$\(\(JOB_COMPLETION_INDEX\+1\)\)\/3 --out \/results\/shard-\$\{JOB_COMPLETION_INDEX\} --workers 1 --quiet --resume$/);
});

test('results claim ReadWriteMany (or the given one), merge Job waiting for every shard, requests, non-root, pinned image', async () => {
  const { objs, stdout } = await emitted();
  const pvc = objs[1] as any;
  assert.equal(pvc.spec.accessModes, ['ReadWriteMany']);
  assert.is(pvc.spec.resources.requests.storage, '1Gi');
  const [shards, merge] = [objs[2] as any, objs[3] as any];
  assert.is(shards.spec.completionMode, 'Indexed');
  assert.is(shards.spec.completions, 3);
  for (const j of [shards, merge]) {
    const pod = j.spec.template.spec;
    assert.is(pod.securityContext.runAsNonRoot, true);
    assert.is(pod.securityContext.runAsUser, 1000);
    assert.ok(pod.volumes.some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
    const c = pod.containers[0];
    assert.is(c.image, `k8sim:${packageVersion()}`);
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory, 'requests set');
  }
  const mergeCmd = merge.spec.template.spec.containers[0].command[2] as string;
  assert.match(mergeCmd, /summary\.shard-\*-of-3\.txt .* -ge 3 \]/);
  assert.match(mergeCmd, /k8sim merge \/results\/shard-\* --out \/results\/merged$/);
  assert.match(stdout, /docker build -t k8sim:\d+\.\d+\.\d+ \./);
  assert.match(stdout, /kubectl logs job\/k8sim-zone-outage-recovery-merge /);
  const given = await emitted({ jobPvc: 'shared-results', jobImage: 'ghcr.io/acme/k8sim:1.0' });
  assert.equal(given.objs.map((o) => o.kind), ['ConfigMap', 'Job', 'Job']);
  assert.is((given.objs[1] as any).spec.template.spec.volumes[1].persistentVolumeClaim.claimName, 'shared-results');
  assert.is((given.objs[1] as any).spec.template.spec.containers[0].image, 'ghcr.io/acme/k8sim:1.0');
});

test('names stay within 63 characters, pod hostnames included; a :latest image and a bad name are refused', async () => {
  const { objs } = await emitted({}, 'a-very-long-sweep-name-that-goes-on-and-on-well-past-any-dns-label-limit-of-kubernetes');
  for (const o of objs) assert.ok(o.metadata.name.length <= 63, o.metadata.name);
  const job = objs[2]!;
  assert.ok(`${job.metadata.name}-99`.length <= 63);
  const opts = { sweepFile: join(repoRoot, 'package.json'), sweepName: 'x', files: [join(repoRoot, 'package.json')], shards: 2 };
  assert.throws(() => jobManifests({ ...opts, image: 'k8sim:latest' }), /pinned tag/);
  assert.throws(() => jobManifests({ ...opts, image: 'k8sim' }), /pinned tag/);
  assert.throws(() => jobManifests({ ...opts, name: 'Has_Caps' }), /DNS label/);
  assert.is(defaultImage(), `k8sim:${packageVersion()}`);
});

test('ConfigMap keys are valid and distinct for same-named files in different folders', () => {
  const files = configMapFiles(['/a/x/s.yaml', '/a/y/s.yaml', '/a/sweep.yaml']);
  assert.equal(files.map((f) => f.path), ['x/s.yaml', 'y/s.yaml', 'sweep.yaml']);
  assert.is(new Set(files.map((f) => f.key)).size, 3);
  for (const f of files) assert.match(f.key, /^[-._a-zA-Z0-9]+$/);
});

test('the repository Dockerfile: pinned base, non-root user', () => {
  const text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
  assert.ok(froms.length > 0);
  for (const f of froms) assert.match(f, /^node:\d+\.\d+\.\d+-[a-z-]+$/, f);
  assert.match(text, /^USER 1000:1000$/m);
});

test.run();
