// Series sources: what each sample emits, in which order, without rescans.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prepareManifest } from '../../models/api/manifests.js';
import type { Deployment } from '../../models/api/types.js';
import type { ClusterModel } from '../../models/cluster.js';
import { runText } from '../rollouts/harness.js';
import { clusterYaml } from '../helpers.js';

function deployment(ns: string, name: string): Deployment {
  return prepareManifest({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  } as never) as unknown as Deployment;
}

function sampleNames(model: ClusterModel, scope: string): string[] {
  const names: string[] = [];
  for (const r of model.metrics.series) {
    if (r.scope !== scope) continue;
    r.source.sample(model.sim.now, (name, metric) => { if (metric === 'desired_replicas') names.push(name); });
  }
  return names;
}

test('deployment rows: sorted by namespace/name, a re-created Deployment after its old entry', () => {
  const h = runText(clusterYaml({ duration: '1s' }) + `---
apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: v1
kind: Namespace
metadata: {name: a}
`);
  const m = h.model;
  for (const [ns, name] of [['default', 'c'], ['x', 'a'], ['default', 'a'], ['a', 'z'], ['default', 'b']] as const) m.create(deployment(ns, name));
  m.runUntil(2_000);
  assert.equal(sampleNames(m, 'deployment'), ['a/z', 'default/a', 'default/b', 'default/c', 'x/a']);
  const b = m.store.get<Deployment>('Deployment', 'default', 'b')!;
  m.api.delete(b);
  m.runUntil(3_000);
  m.create(deployment('default', 'b'));
  m.create(deployment('default', 'aa'));
  m.runUntil(4_000);
  // Deleted Deployments keep their rows (as before: every Deployment seen during the run).
  assert.equal(sampleNames(m, 'deployment'), ['a/z', 'default/a', 'default/aa', 'default/b', 'default/b', 'default/c', 'x/a']);
});

test.run();
