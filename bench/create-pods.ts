/**
 * The create path alone: a ClusterModel with no nodes, D Deployments of R replicas created
 * through the API server, run for 30 virtual seconds — every pod is created (Deployment sync →
 * ReplicaSet sync → podFromTemplate → API server create: defaulting, admission, validation, the
 * store and its watchers) and stays Pending after one failed scheduling attempt. Prints one JSON
 * line per round: CPU of the run (user + system), µs per pod created, and the live heap after
 * a GC (with --expose-gc).
 *
 *   node --expose-gc dist/bench/create-pods.js [D=600] [R=50] [rounds=2]
 *
 * Round 0 includes V8 warm-up; compare later rounds. To A/B against another build, copy this
 * compiled file into that build's dist/bench/ and run both alternately.
 */
import { pathToFileURL } from 'node:url';
import { ClusterModel } from '../models/cluster.js';
import type { Deployment } from '../models/api/types.js';

const Gi = 1024 ** 3;

export interface CreatePodsRound {
  round: number;
  pods: number;
  cpuS: number;
  usPerPod: number;
  heapMiB: number | undefined;
}

function deployment(i: number, replicas: number): Deployment {
  const app = `bg-${i}`;
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: 'default', labels: { app } },
    spec: {
      replicas, selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app, tier: 'bg' } },
        spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m' } },
          readinessProbe: { httpGet: { port: 8080 }, initialDelaySeconds: 5, periodSeconds: 5 } }] },
      },
    },
  } as unknown as Deployment;
}

export function createPodsRound(round: number, deployments: number, replicas: number): CreatePodsRound {
  const model = new ClusterModel({ seed: 7, nodePools: [{ name: 'n', count: 0, cpu: 16000, memory: 64 * Gi, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [], reserved: { cpu: 0, memory: 0 } }] });
  for (let i = 0; i < deployments; i++) model.api.create(deployment(i, replicas));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const c0 = process.cpuUsage();
  model.runUntil(30_000);
  const c = process.cpuUsage(c0);
  const cpuS = (c.user + c.system) / 1e6;
  const pods = model.store.count('Pod');
  gc?.();
  return { round, pods, cpuS: +cpuS.toFixed(3), usPerPod: +((cpuS * 1e6) / pods).toFixed(1), heapMiB: gc ? Math.round(process.memoryUsage().heapUsed / 2 ** 20) : undefined };
}

const [, script, dArg, rArg, roundsArg] = process.argv;
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  const rounds = Number(roundsArg ?? 2);
  for (let r = 0; r < rounds; r++) console.log(JSON.stringify(createPodsRound(r, Number(dArg ?? 600), Number(rArg ?? 50))));
}
