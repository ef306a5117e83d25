// Real public manifests (test/fixtures/corpus, sources in SOURCES.md) load and run unchanged
// with one k8sim Cluster document beside them: every pod reaches Running and Ready, and the
// kinds k8sim does not simulate are named once on the console. Also: `run DIR`, `-R`, `--strict`
// and what `run` says without --out, through the CLI as a user types them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { CLI, packageRoot, scenarioFile } from '../helpers.js';

const CORPUS = () => join(packageRoot(), 'test', 'fixtures', 'corpus');
const CLUSTER = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: corpus}
spec:
  nodePools:
    - {name: pool, count: 3, cpu: "4", memory: 16Gi, labels: {kubernetes.io/os: linux}}
`;

function k8sim(...args: string[]) {
  return spawnSync(process.execPath, [CLI(), ...args], { encoding: 'utf8', cwd: packageRoot() });
}

test('the whole corpus runs unchanged: every pod Running and Ready', () => {
  const r = runFiles([scenarioFile(CLUSTER), CORPUS()], { recursive: true, seed: 1 });
  // guestbook 3 + 1 + 2, metrics-server 1, microservices-demo 2, prometheus example 3
  assert.is(r.summary.pods_created, 12);
  assert.is(r.summary.pods_running, 12);
  assert.is(r.summary.pods_ready, 12);
  assert.equal(r.warnings, []);
  assert.equal(r.built.notSimulated.map((k) => `${k.count} ${k.name}`), [
    '2 ClusterRole', '2 ClusterRoleBinding', '1 APIService', '1 Ingress', '1 NetworkPolicy',
    '1 Prometheus.monitoring.coreos.com', '1 RoleBinding', '1 ServiceAccount', '1 ServiceMonitor.monitoring.coreos.com',
  ]);
});

test('each project alone, as `kubectl apply -f DIR` would take it', () => {
  for (const [dir, pods] of [['guestbook', 6], ['metrics-server', 1], ['microservices-demo', 2], ['prometheus-operator', 3], ['k8s-website-networking', 0]] as const) {
    const r = runFiles([scenarioFile(CLUSTER), join(CORPUS(), dir)], { seed: 1 });
    assert.is(r.summary.pods_ready, pods, dir);
  }
});

test('CLI: run DIR without -R reads no subfolders; -R does; the summary names what is not simulated', () => {
  const cluster = scenarioFile(CLUSTER);
  const flat = k8sim('run', cluster, 'test/fixtures/corpus');
  assert.is(flat.status, 2);
  assert.match(flat.stderr, /^error: test\/fixtures\/corpus:1:1: no manifest files in this folder: recognized file extensions are \.json \.yaml \.yml \(subfolders are read with -R\)\n$/);
  const deep = k8sim('run', cluster, '-R', 'test/fixtures/corpus');
  assert.is(deep.status, 0, deep.stderr);
  assert.match(deep.stdout, /\naccepted, not simulated: 2 ClusterRole, 2 ClusterRoleBinding, 1 APIService, 1 Ingress, /);
  assert.match(deep.stdout, /\nno reports written \(give --out DIR to write them\)\n/);
});

test('CLI: --strict refuses them, one line per kind, exit 2', () => {
  const r = k8sim('run', scenarioFile(CLUSTER), '--strict', 'test/fixtures/corpus/metrics-server');
  assert.is(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 5, r.stderr);
  assert.is(lines[0], 'error: test/fixtures/corpus/metrics-server/apiservice.yaml:3:7: kind: APIService is accepted but not simulated (--strict)');
  assert.ok(lines.includes('test/fixtures/corpus/metrics-server/rbac.yaml:3:7: kind: 2 ClusterRole documents are accepted but not simulated (--strict); also at test/fixtures/corpus/metrics-server/rbac.yaml:49:7'), r.stderr);
});

test('generateName at t=0: a seeded suffix, the same for the same seed, unique across documents', () => {
  const jobs = ['a', 'b'].map(() => `---
apiVersion: batch/v1
kind: Job
metadata: {generateName: migrate-}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: busybox, command: [sh, -c, "sleep 1"]}]
`).join('');
  const names = (seed: number): string[] => {
    const lines: string[] = [];
    runFiles([scenarioFile(CLUSTER + jobs)], { seed, watch: 'events', print: (l) => lines.push(l) });
    return [...new Set(lines.flatMap((l) => /job\/(migrate-[a-z0-9]{5}) /.exec(l)?.[1] ?? []))];
  };
  const first = names(3);
  assert.is(first.length, 2, 'two Jobs, two names');
  assert.equal(names(3), first, 'same seed, same names');
});

test.run();
