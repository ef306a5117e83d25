// `--emit-job`: a Kubernetes Indexed Job that runs the sweep's shards, one pod per completion
// index. Pod k runs `k8sim sweep <file> --shard (k+1)/N --out /results/shard-k --resume`, so a
// retried pod continues its own shard's journal. Afterwards: `k8sim merge /results/shard-*`.

import { stringify } from 'yaml';

export interface JobOptions {
  /** Sweep file path as seen inside the container (the image or a volume must provide it). */
  sweepFile: string;
  sweepName: string;
  shards: number;
  parallelism?: number;
  image?: string;
  pvc?: string;
  name?: string;
  /** --workers inside each pod (default 1; the pod's CPU request follows it). */
  workersPerPod?: number;
  backoffLimitPerIndex?: number;
}

function dnsName(s: string): string {
  const n = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return (n || 'sweep').slice(0, 52).replace(/-+$/, '');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function jobManifest(o: JobOptions): Record<string, unknown> {
  const name = o.name ?? `k8sim-sweep-${dnsName(o.sweepName)}`;
  const workers = o.workersPerPod ?? 1;
  const command =
    `k8sim sweep ${shellQuote(o.sweepFile)} --shard $((JOB_COMPLETION_INDEX+1))/${o.shards} ` +
    `--out /results/shard-$(JOB_COMPLETION_INDEX) --workers ${workers} --resume`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'k8sim-sweep', 'k8sim.dev/sweep': dnsName(o.sweepName) } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallelism ?? o.shards,
      backoffLimitPerIndex: o.backoffLimitPerIndex ?? 2,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'k8sim-sweep' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'k8sim',
              image: o.image ?? 'k8sim:latest',
              command: ['sh', '-c', command],
              env: [
                {
                  // Set by Kubernetes for Indexed Jobs; spelled out for clusters that predate it.
                  name: 'JOB_COMPLETION_INDEX',
                  valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
                },
              ],
              resources: { requests: { cpu: String(workers) } },
              volumeMounts: [{ name: 'results', mountPath: '/results' }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: o.pvc ?? 'k8sim-results' } }],
        },
      },
    },
  };
}

export function jobYaml(o: JobOptions): string {
  return stringify(jobManifest(o), { lineWidth: 0 });
}
