// Cluster.spec.nodeLists: one node per row, names kept, pools by shape or by a pool column, and
// every bad row reported at node-file:line:column before the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildScenario } from '../../../scenarios/build.js';
import { loadScenario } from '../../../scenarios/load.js';
import { CLI, scenarioFile } from '../../helpers.js';

const cluster = (columns: string) => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodeLists:
    - file: nodes.csv
      name: rack
      columns: {${columns}}
      units: {cpu: m, memory: Mi}
`;

function withNodes(yaml: string, csv: string): string {
  const file = scenarioFile(yaml);
  writeFileSync(join(dirname(file), 'nodes.csv'), csv);
  return file;
}

const CSV = 'id,cpu,mem,gpus,model\nn_a,32000,65536,0,\nn-b,32000,65536,8,V100\nn-c,32000,65536,8,V100\nn-d,32000,65536,0,\n';

test('pools by shape, in order of first row; node names kept (made valid: n_a → n-a)', () => {
  const file = withNodes(cluster('name: id, cpu: cpu, memory: mem, resources: {nvidia.com/gpu: gpus}, labels: {gpu-model: model}'), CSV);
  const pools = buildScenario(loadScenario([file])).cluster.nodePools;
  assert.equal(pools.map((p) => [p.name, p.count, p.nodeNames]), [['rack-0', 2, ['n-a', 'n-d']], ['rack-1', 2, ['n-b', 'n-c']]]);
  assert.equal(pools[1]!.resources, { 'nvidia.com/gpu': 8 });
  assert.equal(pools[1]!.labels, { 'gpu-model': 'V100' });
  assert.equal(pools[0]!.labels, {});
  assert.is(pools[0]!.cpu, 32000);
  assert.is(pools[0]!.memory, 65536 * 1024 ** 2);
});

test('a pool column groups rows; a pool whose nodes differ is an error at the row', () => {
  const csv = 'id,cpu,mem,rack\na,1000,1024,r1\nb,1000,1024,r1\nc,2000,1024,r1\n';
  const file = withNodes(cluster('name: id, cpu: cpu, memory: mem, pool: rack'), csv);
  const r = spawnSync(process.execPath, [CLI(), 'run', file], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /nodes\.csv:4:\d+: rack: node c differs in shape from the first node of pool r1/);
});

test('bad rows and duplicate names: one error each, exit 2', () => {
  const csv = 'id,cpu,mem\na,1000,1024\na,1000,1024\nb,lots,1024\n';
  const file = withNodes(cluster('name: id, cpu: cpu, memory: mem'), csv);
  const r = spawnSync(process.execPath, [CLI(), 'run', file], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /nodes\.csv:3:1: id: duplicate node name "a"/);
  assert.match(r.stderr, /nodes\.csv:4:3: cpu: "lots" is not a number of millicores/);
});

test('a column the node file lacks: the error points at the mapping', () => {
  const file = withNodes(cluster('name: id, cpu: cores, memory: mem'), CSV);
  const r = spawnSync(process.execPath, [CLI(), 'run', file], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /:7:\d+: spec\.nodeLists\[0\]\.columns\.cpu: the file has no column "cores"/);
});

test('a cluster with neither pools nor lists is refused', () => {
  const file = scenarioFile('apiVersion: k8sim/v1\nkind: Cluster\nspec: {}\n');
  const r = spawnSync(process.execPath, [CLI(), 'run', file], { encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /a cluster needs at least one node pool or node list/);
});

test.run();
