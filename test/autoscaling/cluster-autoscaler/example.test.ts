// The bundled chapter-7 example: nodes follow a day of load, scale-down after 10 minutes of low
// utilisation, and the day's cost; plus load-time checks of Cluster.spec.autoscaler.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../../runner/simulate.js';
import { buildScenario } from '../../../scenarios/build.js';
import { loadScenarioText } from '../../../scenarios/load.js';
import { packageRoot, tempDir } from '../../helpers.js';

const EXAMPLE = () => join(packageRoot(), 'scenarios', 'examples', 'ch7-autoscaled-web.yaml');

test('ch7 example: the HPA follows the diurnal traffic, nodes follow the pods, the zone outage and the cost', () => {
  const out = tempDir();
  const r = runFiles([EXAMPLE()], { out });
  const series = readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n');
  const value = (prefix: string) => (h: number) =>
    Number(series.find((l) => l.includes(prefix) && Number(l.split(',')[0]) === h * 3600)!.split(',')[4]);
  const nodes = value(',pool,web,nodes,');
  const replicas = value(',hpa,default/web,current_replicas,');
  // The HPA: few pods at night, many at the 13:00 peak, few again late in the evening.
  assert.ok(replicas(2) <= 4 && replicas(13) >= 30 && replicas(23) <= 6, `replicas ${replicas(2)} / ${replicas(13)} / ${replicas(23)}`);
  // Nodes follow the pods: the pool minimum at night, more at midday, the minimum again at night.
  assert.is(nodes(5), 3, 'night: the pool minimum');
  assert.ok(nodes(13) >= 6, `midday: ${nodes(13)} nodes`);
  assert.ok(nodes(7) > nodes(5) && nodes(11) > nodes(7), 'up with the load');
  assert.ok(nodes(20) < nodes(13), 'down after it');
  assert.is(nodes(23.5), 3, 'back to the minimum after the evening');
  // The outage at 15:00: eu-west-1b's nodes go NotReady, their pods are evicted and replaced,
  // and the autoscaler adds nodes for the replacements while the zone is down.
  const events = readFileSync(join(out, 'events.csv'), 'utf8');
  assert.match(events, /^54050,default,Node,web-1,NodeNotReady,/m);
  assert.match(events, /TaintManagerEviction/);
  assert.ok(nodes(16) > nodes(14.5), `outage: ${nodes(14.5)} → ${nodes(16)} nodes`);
  const s = r.summary;
  assert.ok((s.ca_nodes_added as number) > 0 && s.ca_nodes_removed === s.ca_nodes_added);
  assert.ok((s.node_hours as number) > 72 && (s.node_hours as number) < 12 * 24);
  assert.ok(Math.abs((s.cost as number) - (s.node_hours as number) * 0.192) < 1e-6);
  assert.ok((s.requests_total as number) > 0);
  assert.ok(Math.abs((s.cost_per_million_requests as number) - ((s.cost as number) / (s.requests_total as number)) * 1e6) < 1e-6);
  assert.ok(series.some((l) => l.includes(',pool,web,cost_cumulative,')));
  assert.ok(series.some((l) => l.includes(',pool,web,node_hours_cumulative,')));
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
