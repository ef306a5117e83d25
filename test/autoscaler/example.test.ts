// The bundled chapter-7 example: nodes follow a day of load, scale-down after 10 minutes of low
// utilisation, and the day's cost; plus load-time checks of Cluster.spec.autoscaler.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { packageRoot, tempDir } from '../helpers.js';

const EXAMPLE = () => join(packageRoot(), 'scenarios', 'examples', 'ch7-autoscaled-web.yaml');

test('ch7 example: nodes follow the diurnal load up to the peak and back to the minimum; cost is reported', () => {
  const out = tempDir();
  const r = runFiles([EXAMPLE()], { out });
  const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n').filter((l) => l.includes(',pool,web,nodes,'));
  const at = (h: number) => Number(rows.find((l) => Number(l.split(',')[0]) === h * 3600)!.split(',')[4]);
  assert.is(at(5), 3, 'night: the pool minimum');
  assert.ok(at(13) >= 10, `midday: ${at(13)} nodes`);
  assert.is(at(23.5), 3, 'back to the minimum after the evening');
  assert.ok(at(7) > at(5) && at(11) > at(7) && at(15) < at(13) && at(20) < at(15), 'up with the load, down after it');
  const s = r.summary;
  assert.ok((s.ca_nodes_added as number) > 0 && s.ca_nodes_removed === s.ca_nodes_added);
  assert.ok((s.node_hours as number) > 72 && (s.node_hours as number) < 12 * 24);
  assert.ok(Math.abs((s.cost as number) - (s.node_hours as number) * 0.192) < 1e-6);
  const csv = readFileSync(join(out, 'timeseries.csv'), 'utf8');
  assert.ok(csv.includes(',pool,web,cost_cumulative,'));
  assert.ok(csv.includes(',pool,web,node_hours_cumulative,'));
});

const cluster = (autoscaler: string, pool = 'minCount: 1\n      maxCount: 5') => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - name: web
      count: 1
      cpu: "2"
      memory: 4Gi
      ${pool}
  autoscaler:
${autoscaler}
`;

test('Cluster.spec.autoscaler: fields are checked; durations and priorities are parsed', () => {
  const built = buildScenario(loadScenarioText('a.yaml', cluster(`    expander: [priority, least-waste]
    scanInterval: 30s
    scaleDownUnneededTime: 5m
    priorities:
      "10": ["^web$"]`)));
  const a = built.cluster.autoscaler!;
  assert.equal(a.expander, ['priority', 'least-waste']);
  assert.is(a.scanInterval, 30_000);
  assert.is(a.scaleDownUnneededTime, 300_000);
  assert.ok(a.priorities!.get(10)![0]!.test('web'));
  const bad = (yaml: string, re: RegExp) => {
    try { buildScenario(loadScenarioText('a.yaml', yaml)); assert.unreachable('should fail'); } catch (e) { assert.match(String((e as Error).message), re); }
  };
  bad(cluster('    scaleDownUnneededTim: 5m'), /scaleDownUnneededTim/);
  bad(cluster('    expander: price'), /expander/);
  bad(cluster('    balanceSimilarNodeGroups: true'), /not modelled/);
  bad(cluster('    expander: priority'), /needs `priorities`/);
  bad(cluster('    enabled: true', 'minCount: 1'), /no node pool has maxCount/);
});

test.run();
