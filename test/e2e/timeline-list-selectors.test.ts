// `kubectl … -l` in the timeline is a list selector as the API server parses it (labels.Parse):
// Gt/Lt select by an integer label (issue 15, "Label selectors parse and print as apimachinery
// does … Gt/Lt where the API allows them"), as do get, delete and label on ConfigMaps here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile } from '../helpers.js';

const CLUSTER = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: pool, count: 1, cpu: "4", memory: 16Gi}
`;

const configMaps = [0, 1, 2, 3, 10]
  .map((n) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${n}, labels: {shard: "${n}"}}\n`)
  .join('') + `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-x, labels: {shard: "x"}}\n`;

const timeline = (actions: string[]) => `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.map((a, i) => `    - {at: ${60 + i}s, run: ${JSON.stringify(a)}}`).join('\n')}
`;

function outputs(actions: string[]): string[][] {
  const lines: string[] = [];
  runFiles([scenarioFile(CLUSTER + configMaps + timeline(actions))], { seed: 1, watch: 'events', print: (l) => lines.push(...l.split('\n')) });
  const out: string[][] = [];
  for (const l of lines) {
    if (/^\[[^\]]+\] \$ /.test(l)) out.push([]);
    else if (out.length > 0 && l.trim() !== '') out[out.length - 1]!.push(l);
  }
  return out;
}

test('get -l with > and <: integer labels compared as int64; a non-integer value matches nothing', () => {
  const [gt, lt, both] = outputs(["kubectl get configmaps -l 'shard>1' -o name", "kubectl get cm -l 'shard<2' -o name", "kubectl get cm -l 'shard>0,shard<10' -o name"]);
  assert.equal(gt, ['configmap/cm-10', 'configmap/cm-2', 'configmap/cm-3']);
  assert.equal(lt, ['configmap/cm-0', 'configmap/cm-1']);
  assert.equal(both, ['configmap/cm-1', 'configmap/cm-2', 'configmap/cm-3']);
});

test('delete -l with >: only the matching objects go, in the server\'s list order (by name)', () => {
  const [del, left] = outputs(["kubectl delete cm -l 'shard>2'", 'kubectl get cm -o name']);
  assert.equal(del, ['configmap "cm-10" deleted', 'configmap "cm-3" deleted']);
  assert.equal(left, ['configmap/cm-0', 'configmap/cm-1', 'configmap/cm-2', 'configmap/cm-x']);
});

test.run();
