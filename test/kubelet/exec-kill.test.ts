// The book's 2.10 lab as a timeline action: `kubectl exec webserver -- /bin/bash -c "kill 1"`
// at t ends the container once (Completed, then Running with one more restart).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runText, outputOf } from '../rollouts/harness.js';
import type { Pod } from '../../models/api/types.js';
import { podRestarts, podStatusText } from '../../reports/kubectl-format.js';

const scenario = (action: string) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 1, cpu: "2", memory: 4Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: v1
kind: Pod
metadata: {name: webserver}
spec:
  containers: [{name: nginx, image: "nginx:1.25"}]
---
apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"]}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 30s, run: '${action}'}
`;

function watch(action: string): { seen: Map<string, string[]>; out: string; restarts: (name: string) => number } {
  const seen = new Map<string, string[]>();
  const h = runText(scenario(action), {
    setup: (m) => m.store.observe<Pod>('Pod', (_t, p) => {
      const list = seen.get(p.metadata.name) ?? [];
      const row = `${podStatusText(p)} ${podRestarts(p)}`;
      if (list[list.length - 1] !== row) list.push(row);
      seen.set(p.metadata.name, list);
    }),
  });
  return { seen, out: outputOf(h, 'kubectl exec'), restarts: (n) => podRestarts(h.model.store.get<Pod>('Pod', 'default', n)!) };
}

test('kill 1 (SIGTERM) ends nginx once: Completed 0, then Running 1, and no more restarts', () => {
  const r = watch('kubectl exec -it webserver -- /bin/bash -c "kill 1"');
  const rows = r.seen.get('webserver')!;
  assert.equal(rows.slice(-3), ['Running 0', 'Completed 0', 'Running 1']);
  assert.is(r.restarts('webserver'), 1);
  assert.match(r.out, /SIGTERM sent to PID 1 of webserver\/nginx/);
});

test('kill -9 1 is dropped by the kernel (PID namespace init), and sh as PID 1 ignores SIGTERM', () => {
  const k9 = watch('kubectl exec webserver -- kill -9 1');
  assert.is(k9.restarts('webserver'), 0);
  assert.match(k9.out, /ignores SIGKILL/);
  const sh = watch('kubectl exec shell -- kill 1');
  assert.is(sh.restarts('shell'), 0);
  assert.match(sh.out, /ignores SIGTERM: it installs no handler/);
});

test('exec into a missing pod or container is an error as kubectl prints it', () => {
  assert.match(watch('kubectl exec nope -- kill 1').out, /Error from server \(NotFound\): pods "nope" not found/);
  assert.match(watch('kubectl exec webserver -c web -- kill 1').out, /container web not found in pod webserver/);
});

test.run();
