// `--emit-job`: manifests that run a sweep as it is on a real cluster.
//
//  1. a ConfigMap holding the sweep file and every file it reads (scenario files, Traffic CSVs),
//     mounted at /sweep with their relative layout;
//  2. a ReadWriteMany PersistentVolumeClaim for the results (unless --job-pvc names an existing
//     claim);
//  3. an Indexed Job, one pod per shard: pod k runs
//     `k8sim sweep /sweep/<file> --shard (k+1)/N --out /results/shard-k --resume`, so a retried
//     pod continues its own shard's journal;
//  4. a merge Job: waits until every shard has written its summary, then
//     `k8sim merge /results/shard-* --out /results/merged`.
// The image is the repository's Dockerfile built as `k8sim:<package version>` (never :latest);
// pods run as the image's non-root user (uid 1000) with CPU and memory requests set. Names stay
// within 63 characters (Job pod hostnames `<job>-<index>` included).

import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { SweepUsageError } from './errors.js';

export interface JobOptions {
  /** The sweep file (as the user gave it). */
  sweepFile: string;
  sweepName: string;
  /** Every file the sweep reads, absolute (SweepDefinition.sourceFiles; the sweep file among them). */
  files: readonly string[];
  shards: number;
  parallelism?: number;
  image?: string;
  /** An existing claim to use instead of emitting one. */
  pvc?: string;
  /** Size of the emitted claim (default 1Gi). */
  storage?: string;
  storageClassName?: string;
  /** Base name of the objects (default k8sim-<sweep name>); at most 40 characters. */
  name?: string;
  /** --workers inside each pod (default 1; the pod's CPU and memory requests follow it). */
  workersPerPod?: number;
  backoffLimitPerIndex?: number;
}

/** Longest base name: `<base>-merge` and the Indexed Job's pod hostnames `<base>-<index>` stay ≤ 63. */
export const MAX_BASE_NAME = 40;
/** A ConfigMap is one etcd object: at most 1 MiB in all. */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024 - 16 * 1024;
/** Memory requested per sweep worker in a pod (one simulation at a time). */
export const MEMORY_PER_WORKER = '1Gi';
export const SWEEP_MOUNT = '/sweep';
export const RESULTS_MOUNT = '/results';
/** The image's non-root user (the node image's `node`). */
export const RUN_AS_USER = 1000;

export function packageVersion(): string {
  const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The default image: what `docker build -t k8sim:<version> .` in the repository makes. */
export function defaultImage(): string {
  return `k8sim:${packageVersion()}`;
}

function dnsLabel(s: string, max: number): string {
  const n = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return (n || 'sweep').slice(0, max).replace(/-+$/, '');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The files under their common folder: relative paths (the layout inside /sweep) and ConfigMap keys. */
export function configMapFiles(files: readonly string[]): Array<{ key: string; path: string; absolute: string }> {
  const abs = [...new Set(files.map((f) => resolve(f)))];
  let root = dirname(abs[0]!);
  while (!abs.every((f) => f === root || f.startsWith(root.endsWith(sep) ? root : root + sep))) root = dirname(root);
  return abs.map((absolute, i) => {
    const path = relative(root, absolute).split(sep).join('/');
    // Keys allow [-._a-zA-Z0-9]: the index keeps two files of one name in different folders apart.
    const key = `${i}-${path.replace(/[^-._a-zA-Z0-9]+/g, '_')}`.slice(0, 253);
    return { key, path, absolute };
  });
}

/** The objects' base name: --job-name, or k8sim-<sweep name> cut to fit. */
export function jobBaseName(o: Pick<JobOptions, 'name' | 'sweepName'>): string {
  return o.name ?? `k8sim-${dnsLabel(o.sweepName, MAX_BASE_NAME - 'k8sim-'.length)}`;
}

export function jobManifests(o: JobOptions): Record<string, unknown>[] {
  const base = jobBaseName(o);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(base) || base.length > MAX_BASE_NAME)
    throw new SweepUsageError(`--job-name must be a DNS label (lower-case letters, digits, '-') of at most ${MAX_BASE_NAME} characters, got "${base}"`);
  const workers = o.workersPerPod ?? 1;
  const image = o.image ?? defaultImage();
  if (/:latest$/.test(image) || !/[:@]/.test(image.split('/').pop()!)) throw new SweepUsageError(`--job-image needs a pinned tag or digest, not "${image}" (the default is ${defaultImage()})`);
  const files = configMapFiles(o.files);
  const sweepPath = files.find((f) => f.absolute === resolve(o.sweepFile))?.path;
  if (sweepPath === undefined) throw new Error('the sweep file is not among the files to ship');
  const data: Record<string, string> = {};
  let bytes = 0;
  for (const f of files) {
    data[f.key] = readFileSync(f.absolute, 'utf8');
    bytes += Buffer.byteLength(data[f.key]!) + f.key.length;
  }
  if (bytes > MAX_CONFIGMAP_BYTES)
    throw new SweepUsageError(`the sweep's files are ${Math.ceil(bytes / 1024)} KiB: more than a ConfigMap holds (1 MiB). Bake them into the image instead (COPY them beside the sweep in the Dockerfile)`);
  const labels = { 'app.kubernetes.io/name': 'k8sim-sweep', 'app.kubernetes.io/instance': base, 'app.kubernetes.io/version': packageVersion() };
  const claim = o.pvc ?? `${base}-results`;
  const configMapName = `${base}-files`;
  const podSecurity = { runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER };
  const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  const volumes = [
    { name: 'sweep', configMap: { name: configMapName, items: files.map((f) => ({ key: f.key, path: f.path })) } },
    { name: 'results', persistentVolumeClaim: { claimName: claim } },
  ];
  const mounts = [
    { name: 'sweep', mountPath: SWEEP_MOUNT, readOnly: true },
    { name: 'results', mountPath: RESULTS_MOUNT },
  ];
  const sweepInPod = `${SWEEP_MOUNT}/${sweepPath}`;
  const shardCommand =
    `k8sim sweep ${shellQuote(sweepInPod)} --shard $((JOB_COMPLETION_INDEX+1))/${o.shards} ` +
    `--out ${RESULTS_MOUNT}/shard-\${JOB_COMPLETION_INDEX} --workers ${workers} --quiet --resume`;
  // Each shard writes summary.shard-<i>-of-<N>.txt last: N of them means every shard finished.
  const mergeCommand =
    `until [ "$(ls ${RESULTS_MOUNT}/shard-*/summary.shard-*-of-${o.shards}.txt 2>/dev/null | wc -l)" -ge ${o.shards} ]; ` +
    `do echo "waiting for ${o.shards} shards"; sleep 15; done; ` +
    `k8sim merge ${RESULTS_MOUNT}/shard-* --out ${RESULTS_MOUNT}/merged`;

  const out: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configMapName, labels }, data },
  ];
  if (o.pvc === undefined) {
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claim, labels },
      spec: {
        // Every shard pod and the merge pod mount it at once, on any node.
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: o.storage ?? '1Gi' } },
        ...(o.storageClassName !== undefined ? { storageClassName: o.storageClassName } : {}),
      },
    });
  }
  out.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: base, labels },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallelism ?? o.shards,
      backoffLimitPerIndex: o.backoffLimitPerIndex ?? 2,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: podSecurity,
          containers: [
            {
              name: 'k8sim',
              image,
              command: ['sh', '-c', shardCommand],
              env: [
                {
                  // Set by Kubernetes for Indexed Jobs; spelled out for clusters that predate it.
                  name: 'JOB_COMPLETION_INDEX',
                  valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
                },
              ],
              resources: { requests: { cpu: String(workers), memory: multiply(MEMORY_PER_WORKER, workers) } },
              securityContext: containerSecurity,
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  });
  out.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${base}-merge`, labels },
    spec: {
      backoffLimit: 2,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: podSecurity,
          containers: [
            {
              name: 'merge',
              image,
              command: ['sh', '-c', mergeCommand],
              resources: { requests: { cpu: '100m', memory: '256Mi' } },
              securityContext: containerSecurity,
              volumeMounts: [mounts[1]],
            },
          ],
          volumes: [volumes[1]],
        },
      },
    },
  });
  return out;
}

function multiply(quantity: string, n: number): string {
  const m = /^(\d+)(\w*)$/.exec(quantity)!;
  return `${Number(m[1]) * n}${m[2]}`;
}

export function jobYaml(o: JobOptions): string {
  return jobManifests(o)
    .map((m) => `---\n${stringify(m, { lineWidth: 0 })}`)
    .join('');
}
