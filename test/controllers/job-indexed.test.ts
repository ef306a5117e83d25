// Indexed Jobs in the running model: long names cut as upstream's podGenerateNameWithIndex, and a
// second pod of an index removed (the one ActivePods ranks first), the other kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JOB_COMPLETION_INDEX } from '../../models/controllers/job.js';
import type { Job, Pod } from '../../models/api/types.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';

const indexedJob = (name: string, completions: number, parallelism: number) => `${clusterYaml({ duration: '10m' })}---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  completions: ${completions}
  parallelism: ${parallelism}
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: ["sleep", "300"], env: [{name: JOB_COMPLETION_INDEX, value: "mine"}]}]
`;

test('a long Indexed Job name is cut so that -<index>- survives; a container setting JOB_COMPLETION_INDEX keeps its value', () => {
  const name = 'a'.repeat(60);
  const h = load([scenarioFile(indexedJob(name, 2, 2))]);
  h.model.runUntil(5_000);
  const pods = [...h.model.store.list<Pod>('Pod')].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  assert.equal(pods.map((p) => p.metadata.name.slice(0, -5)), [`${'a'.repeat(55)}-0-`, `${'a'.repeat(55)}-1-`]);
  assert.ok(pods.every((p) => p.metadata.name.length === 63));
  assert.equal(pods[0]!.spec.containers[0]!.env, [{ name: 'JOB_COMPLETION_INDEX', value: 'mine' }]);
});

test('a duplicated index: the pod ActivePods ranks first (here the Pending newcomer) is deleted, the running one kept', () => {
  const h = load([scenarioFile(indexedJob('idx', 2, 2))]);
  h.model.runUntil(10_000);
  const job = h.model.store.get<Job>('Job', 'default', 'idx')!;
  const original = [...h.model.store.list<Pod>('Pod')].find((p) => p.metadata.annotations?.[JOB_COMPLETION_INDEX] === '0')!;
  assert.is(original.status.phase, 'Running');
  // A second pod of index 0, owned by the Job (as a lost create that landed late would be).
  const dup = structuredClone(original);
  dup.metadata = { name: 'idx-0-dupli', namespace: 'default', labels: original.metadata.labels!, annotations: original.metadata.annotations!, ownerReferences: original.metadata.ownerReferences! };
  delete dup.spec.nodeName;
  dup.status = { phase: 'Pending', conditions: [], containerStatuses: [] };
  h.model.api.create(dup);
  h.model.runUntil(11_000);
  const deletes = h.events.filter((e) => e.kind === 'Job' && e.reason === 'SuccessfulDelete').map((e) => e.message);
  assert.equal(deletes, ['Deleted pod: idx-0-dupli']);
  assert.is(h.model.store.get<Pod>('Pod', 'default', original.metadata.name)!.metadata.deletionTimestamp, undefined);
  assert.is(job.status.active, 2);
});

test.run();
