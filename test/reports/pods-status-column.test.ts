// pods.csv `status`: kubectl's STATUS column when the row is written (Terminating aside).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../workloads/helpers.js';
import { scenarioFile, tempDir } from '../helpers.js';
import { PodRecorder } from '../../reports/pod-records.js';
import type { Pod } from '../../models/api/types.js';

const yaml = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "4", memory: 8Gi}
  registry: {missingImages: ["ngnix:1.25"]}
---
apiVersion: v1
kind: Pod
metadata: {name: typo}
spec:
  containers: [{name: c, image: "ngnix:1.25"}]
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "sleep 2"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: failed}
spec:
  restartPolicy: Never
  containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "exit 3"]}]
`;

test('pods.csv status: ErrImagePull/ImagePullBackOff for a missing image, Completed, Error; deleted pods keep theirs', () => {
  const h = load([scenarioFile(yaml)]);
  const file = join(tempDir(), 'pods.csv');
  const rec = new PodRecorder(h.model.store, file);
  h.model.runUntil(20_000);
  h.model.api.delete(h.model.store.get<Pod>('Pod', 'default', 'done')!);
  h.model.runUntil(60_000);
  rec.close();
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = header!.indexOf('status');
  const status = Object.fromEntries(rows.map((r) => [r[1], r[col]]));
  assert.ok(status.typo === 'ImagePullBackOff' || status.typo === 'ErrImagePull', status.typo);
  assert.is(status.done, 'Completed');
  assert.is(status.failed, 'Error');
});

test.run();
