/**
 * Generator of the "Kubernetes' own envelope" scenario (bench/scale.ts): a cluster at
 * Kubernetes' scalability limits, written as the YAML scenario documents a user would give
 * `k8sim run` (Cluster, Simulation, Behaviors, Deployments, Services, HPAs, Traffic, Timeline).
 *
 * Shape, for `nodes` N (defaults scale with N; at N = 5,000 this is the issue's scenario):
 * - N nodes of 16 CPU / 64 GiB / 110 pods in 3 zones (pool `general`).
 * - `deployments` (default N/5) HPA'd Deployments `app-i`: 2 replicas at start, 500m / 512Mi
 *   requests, a readiness probe, behind a Service `app-i`, HPA autoscaling/v2 on CPU 60 %
 *   (min 2, max 20), and a diurnal Traffic profile 30–300 req/s at 10 millicore-seconds per
 *   request (≈ 1–10 pods at the target). Peaks are spread evenly over the 24 hours (a
 *   follow-the-sun mix), so every virtual hour carries about the same amount of scaling and the
 *   1 h and 24 h runs measure the same work per hour.
 * - Background Deployments `bg-j` (50 replicas each, 200m / 512Mi, constant use) filling the
 *   cluster to `pods` pods at start (default 30 per node: 150,000 at 5,000 nodes), counting the
 *   HPA'd Deployments' initial replicas.
 * - A few rolling updates: `rolloutsPerHour` (default 3) `kubectl set image` actions per virtual
 *   hour, the first on an HPA'd Deployment and the others on background Deployments.
 * - Simulation.sampleInterval 5m; Traffic resolution 1m.
 *
 * Under-provisioned variant (`underProvisioned` = fraction f > 0): the same workload and the same
 * node count, but ⌈f·deployments⌉ HPA'd Deployments are pinned (nodeSelector + toleration) to a
 * tainted pool `tight` carved out of the N nodes, sized (node count, and maxPods) to hold only
 * `tightPodsPerDeployment` (default 4) of their pods each. Their HPAs want 1–10 pods over the day, so from a rate of
 * about 120 req/s up (≈ 60 % of the day) pods of theirs stay Pending.
 */

export interface ScaleParams {
  /** Total nodes (all pools). */
  nodes: number;
  /** HPA'd Deployments, each with a Service, an HPA and a Traffic profile. */
  deployments: number;
  /** Pods at start: the HPA'd Deployments' initial replicas plus the background Deployments. */
  pods: number;
  /** Virtual hours to simulate. */
  hours: number;
  /** Fraction of the HPA'd Deployments pinned to a pool too small for them (0 = provisioned). */
  underProvisioned: number;
  /** `kubectl set image` rolling updates per virtual hour. */
  rolloutsPerHour: number;
  /** Replicas of each background Deployment (the last one takes the remainder). */
  backgroundReplicas: number;
  /** Pods of each under-provisioned Deployment the `tight` pool can hold. */
  tightPodsPerDeployment: number;
}

export const APP_INITIAL_REPLICAS = 2;
const APP_CPU_M = 500;
const NODE_CPU_M = 16_000;
const RESERVED_CPU_M = 100;

/** The issue's proportions for a given node count: N/5 HPA'd Deployments and 30 pods per node. */
export function scaleParams(nodes: number, hours: number, overrides: Partial<ScaleParams> = {}): ScaleParams {
  return {
    nodes,
    deployments: Math.max(1, Math.round(nodes / 5)),
    pods: nodes * 30,
    hours,
    underProvisioned: 0,
    rolloutsPerHour: 3,
    backgroundReplicas: 50,
    tightPodsPerDeployment: 4,
    ...overrides,
  };
}

/** Sizes derived from the parameters (also printed by the bench). */
export interface ScaleLayout {
  generalNodes: number;
  tightNodes: number;
  /** maxPods of the tight pool's nodes. */
  tightMaxPods: number;
  underProvisionedDeployments: number;
  backgroundDeployments: number;
  backgroundPods: number;
}

export function scaleLayout(p: ScaleParams): ScaleLayout {
  const under = p.underProvisioned > 0 ? Math.ceil(p.underProvisioned * p.deployments) : 0;
  // CPU binds first for the app pods: 31 of 500m fit in 15.9 CPU allocatable.
  const perNode = Math.floor((NODE_CPU_M - RESERVED_CPU_M) / APP_CPU_M);
  const tightPods = under * p.tightPodsPerDeployment;
  const tightNodes = under > 0 ? Math.max(1, Math.ceil(tightPods / perNode)) : 0;
  if (tightNodes >= p.nodes) throw new Error(`scale scenario: the tight pool (${tightNodes} nodes) leaves no general nodes of ${p.nodes}`);
  // maxPods caps the pool at (about) tightPods even where whole nodes would hold more.
  const tightMaxPods = tightNodes > 0 ? Math.ceil(tightPods / tightNodes) : 0;
  const backgroundPods = Math.max(0, p.pods - p.deployments * APP_INITIAL_REPLICAS);
  const backgroundDeployments = Math.ceil(backgroundPods / p.backgroundReplicas);
  return { generalNodes: p.nodes - tightNodes, tightNodes, tightMaxPods, underProvisionedDeployments: under, backgroundDeployments, backgroundPods };
}

/** Which HPA'd Deployments are under-provisioned: every ⌈1/f⌉-th, spread over the peak hours. */
function pinnedSet(p: ScaleParams, under: number): Set<number> {
  const s = new Set<number>();
  for (let k = 0; k < under; k++) s.add(Math.floor((k * p.deployments) / under));
  return s;
}

/** Hour of app-i's traffic peak, spread evenly over the day. */
function peakHour(i: number, n: number): number {
  return Math.round(((i * 24) / n) * 100) / 100;
}

function ms(t: number): string {
  // Whole seconds are enough for the timeline; Go-style duration text.
  const s = Math.round(t / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`;
}

/** How the repeated documents are written: Replicate templates, or every copy written out. */
export type ScaleForm = 'replicate' | 'explicit';

/** The scenario as one multi-document YAML text. */
export function generateScaleScenario(p: ScaleParams, form: ScaleForm = 'replicate'): string {
  const L = scaleLayout(p);
  const pinned = pinnedSet(p, L.underProvisionedDeployments);
  const docs: string[] = [];
  const zones = '[zone-a, zone-b, zone-c]';
  const pools = [
    `    - {name: general, count: ${L.generalNodes}, cpu: "16", memory: 64Gi, maxPods: 110, zones: ${zones}, reserved: {cpu: ${RESERVED_CPU_M}m, memory: 1Gi}}`,
  ];
  if (L.tightNodes > 0) {
    pools.push(
      `    - {name: tight, count: ${L.tightNodes}, cpu: "16", memory: 64Gi, maxPods: ${L.tightMaxPods}, zones: ${zones}, reserved: {cpu: ${RESERVED_CPU_M}m, memory: 1Gi},` +
        ` labels: {pool: tight}, taints: [{key: dedicated, value: tight, effect: NoSchedule}]}`,
    );
  }
  docs.push(
    `# Generated by bench/scale-scenario.ts: ${JSON.stringify(p)}
# ${L.generalNodes} general + ${L.tightNodes} tight nodes; ${p.deployments} HPA'd Deployments (${L.underProvisionedDeployments} under-provisioned); ` +
      `${L.backgroundDeployments} background Deployments with ${L.backgroundPods} pods.
apiVersion: k8sim/v1
kind: Cluster
metadata: {name: scale}
spec:
  nodePools:
${pools.join('\n')}`,
  );
  docs.push(`apiVersion: k8sim/v1
kind: Simulation
spec: {duration: ${p.hours}h, sampleInterval: 5m}`);
  docs.push(`apiVersion: k8sim/v1
kind: Behavior
metadata: {name: app}
spec:
  selector: {matchLabels: {tier: app}}
  # Idle use is small: the CPU that matters comes from the requests served (Traffic).
  cpu: {base: 5m}
  memory: {base: 300Mi}`);
  docs.push(`apiVersion: k8sim/v1
kind: Behavior
metadata: {name: background}
spec:
  selector: {matchLabels: {tier: background}}
  cpu: {base: 100m}
  memory: {base: 256Mi}`);

  docs.push(...(form === 'explicit' ? explicitCopies(p, L, pinned) : replicateTemplates(p, L, pinned)));

  const actions: string[] = [];
  const perHour = p.rolloutsPerHour;
  for (let h = 0; h < Math.ceil(p.hours); h++) {
    for (let k = 0; k < perHour; k++) {
      const at = (h + (k + 1) / (perHour + 1)) * 3_600_000;
      if (at >= p.hours * 3_600_000) continue;
      const n = h * perHour + k;
      // The same targets whatever underProvisioned is, so both variants roll the same ones.
      const app = (n * 7919) % p.deployments;
      const target =
        k === 0 || L.backgroundDeployments === 0
          ? `deployment/app-${app} app=app:${h + 2}`
          : `deployment/bg-${(n * 104_729) % L.backgroundDeployments} main=bg:${h + 2}`;
      actions.push(`    - {at: ${ms(at)}, run: kubectl set image ${target}}`);
    }
  }
  if (actions.length > 0) {
    docs.push(`apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.join('\n')}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

const PIN = `
      nodeSelector: {pool: tight}
      tolerations: [{key: dedicated, operator: Equal, value: tight, effect: NoSchedule}]`;

/** The HPA'd Deployment, Service and HPA of app `name` (a name or a `${i}` template). */
function appDocuments(name: string, pinned: boolean, indent: string): string[] {
  const docs = [
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${APP_INITIAL_REPLICAS}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: app}}
    spec:${pinned ? PIN : ''}
      containers:
        - name: app
          image: app:1
          resources: {requests: {cpu: ${APP_CPU_M}m, memory: 512Mi}, limits: {cpu: "1"}}
          readinessProbe: {httpGet: {port: 8080}, initialDelaySeconds: 5, periodSeconds: 5}`,
    `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]`,
    `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: ${APP_INITIAL_REPLICAS}
  maxReplicas: 20
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}`,
  ];
  return docs.map((d) => asItem(d, indent));
}

/** Background Deployment `name` with `replicas` (both may be templates). */
function backgroundDocument(name: string, replicas: string, indent: string): string {
  return asItem(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: background}}
    spec:
      containers:
        - name: main
          image: bg:1
          resources: {requests: {cpu: 200m, memory: 512Mi}, limits: {cpu: 500m, memory: 1Gi}}`, indent);
}

/** One Traffic services entry for app `name` peaking at `peak`. */
function trafficEntry(name: string, peak: string): string {
  return `{service: ${name}, rate: {diurnal: {min: 30, max: 300, peakHour: ${peak}}}, cpuPerRequest: 10, concurrency: 8, queueBound: 200}`;
}

/** A document as it stands alone (indent '') or as an item of a Replicate's `items` list. */
function asItem(doc: string, indent: string): string {
  if (indent === '') return doc;
  return doc.split('\n').map((line, k) => (k === 0 ? `${indent}- ${line}` : `${indent}  ${line}`)).join('\n');
}

function explicitCopies(p: ScaleParams, L: ScaleLayout, pinned: Set<number>): string[] {
  const docs: string[] = [];
  for (let i = 0; i < p.deployments; i++) docs.push(...appDocuments(`app-${i}`, pinned.has(i), ''));
  for (let j = 0; j < L.backgroundDeployments; j++) {
    docs.push(backgroundDocument(`bg-${j}`, String(Math.min(p.backgroundReplicas, L.backgroundPods - j * p.backgroundReplicas)), ''));
  }
  const services: string[] = [];
  for (let i = 0; i < p.deployments; i++) services.push(`    - ${trafficEntry(`app-${i}`, String(peakHour(i, p.deployments)))}`);
  docs.push(`apiVersion: k8sim/v1
kind: Traffic
spec:
  resolution: 1m
  services:
${services.join('\n')}`);
  return docs;
}

function replicate(name: string, start: number, count: number, items: string[]): string {
  return `apiVersion: k8sim/v1
kind: Replicate
metadata: {name: ${name}}
spec:
  start: ${start}
  count: ${count}
  items:
${items.join('\n')}`;
}

/**
 * The same documents as explicitCopies, in the same order, as Replicates: one per run of HPA'd
 * Deployments with the same pinning, one for the background Deployments (the last takes the
 * remainder: min()), one for the Traffic entries (Traffic documents merge in order; the peak hour
 * is peakHour()'s arithmetic, operation for operation).
 */
function replicateTemplates(p: ScaleParams, L: ScaleLayout, pinned: Set<number>): string[] {
  const docs: string[] = [];
  const app = '"app-${i}"';
  for (let start = 0; start < p.deployments; ) {
    const pin = pinned.has(start);
    let end = start + 1;
    while (end < p.deployments && pinned.has(end) === pin) end++;
    docs.push(replicate(`apps-${start}`, start, end - start, appDocuments(app, pin, '    ')));
    start = end;
  }
  if (L.backgroundDeployments > 0) {
    const replicas = `"\${min(${p.backgroundReplicas}, ${L.backgroundPods} - i * ${p.backgroundReplicas})}"`;
    docs.push(replicate('background', 0, L.backgroundDeployments, [backgroundDocument('"bg-${i}"', replicas, '    ')]));
  }
  const traffic = `apiVersion: k8sim/v1
kind: Traffic
metadata: {name: "traffic-\${i}"}
spec:
  resolution: 1m
  services:
    - ${trafficEntry(app, `"\${round(i * 24 / ${p.deployments} * 100) / 100}"`)}`;
  docs.push(replicate('traffic', 0, p.deployments, [asItem(traffic, '    ')]));
  return docs;
}
