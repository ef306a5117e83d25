// Deployment controller policy math (pkg/controller/deployment: rolling.go, recreate.go, sync.go,
// progress.go, util/deployment_util.go), as pure functions of plain records.
// Reference: /work/shared/reference/k8s-semantics.md §2. Times are virtual milliseconds.

import type { DeploymentCondition, DeploymentStatus } from '../../api/types.js';

export type IntOrPercent = number | string;

/** intstr.GetScaledValueFromIntOrPercent: ints pass through; "25%" → ceil/floor(25*total/100). */
export function scaledValueFromIntOrPercent(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v.trim());
  if (!m) throw new Error(`invalid value for IntOrString: "${v}" is not a percentage`);
  const raw = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both 0 ⇒ unavailable 1. */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  replicas: number,
): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, replicas, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

export interface RolloutStrategy {
  type: 'RollingUpdate' | 'Recreate';
  /** Defaults to "25%" (API defaulting) when absent. */
  maxSurge?: IntOrPercent;
  /** Defaults to "25%" (API defaulting) when absent. */
  maxUnavailable?: IntOrPercent;
}

/** util.MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(s: RolloutStrategy, replicas: number): number {
  if (s.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(s.maxSurge ?? '25%', s.maxUnavailable ?? '25%', replicas).maxSurge;
}

/** util.MaxUnavailable: 0 unless RollingUpdate or when replicas == 0; clamped to replicas. */
export function maxUnavailable(s: RolloutStrategy, replicas: number): number {
  if (s.type !== 'RollingUpdate' || replicas === 0) return 0;
  const u = resolveFenceposts(s.maxSurge ?? '25%', s.maxUnavailable ?? '25%', replicas).maxUnavailable;
  return Math.min(u, replicas);
}

/**
 * util.MinAvailable: replicas − MaxUnavailable for RollingUpdate, 0 otherwise. rolling.go's
 * reconcileOldReplicaSets and scaleDownOldReplicaSetsForRollingUpdate compute the same
 * replicas − maxUnavailable (maxScaledDown below); the Available condition does not use it (it
 * compares with replicas − MaxUnavailable, which for Recreate is replicas, not 0).
 */
export function minAvailable(s: RolloutStrategy, replicas: number): number {
  if (s.type !== 'RollingUpdate') return 0;
  return replicas - maxUnavailable(s, replicas);
}

/** The fields of a ReplicaSet that the Deployment controller's arithmetic reads. */
export interface RSInfo {
  name: string;
  /** creationTimestamp, virtual ms. */
  created: number;
  specReplicas: number;
  availableReplicas: number;
  /** status.replicas (live pods); defaults to specReplicas where needed. */
  statusReplicas?: number;
  /** deployment.kubernetes.io/desired-replicas annotation. */
  desiredReplicas?: number;
  /** deployment.kubernetes.io/max-replicas annotation. */
  maxReplicas?: number;
  /** deployment.kubernetes.io/revision annotation. */
  revision?: number;
}

/** A planned change of one ReplicaSet's spec.replicas. */
export interface ScaleChange {
  name: string;
  from: number;
  to: number;
}

const sumSpec = (rss: readonly { specReplicas: number }[]): number =>
  rss.reduce((a, r) => a + r.specReplicas, 0);
const sumAvailable = (rss: readonly { availableReplicas: number }[]): number =>
  rss.reduce((a, r) => a + r.availableReplicas, 0);

/** controller.ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: { created: number; name: string }, b: { created: number; name: string }): number {
  if (a.created !== b.created) return a.created - b.created;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** NewRSNewReplicas: the size the new RS should have now (RollingUpdate surge budget; Recreate = replicas). */
export function newRSNewReplicas(
  strategy: RolloutStrategy,
  replicas: number,
  allRSs: readonly { specReplicas: number }[],
  newRSReplicas: number,
): number {
  if (strategy.type === 'Recreate') return replicas;
  const maxTotalPods = replicas + maxSurge(strategy, replicas);
  const current = sumSpec(allRSs);
  if (current >= maxTotalPods) return newRSReplicas;
  const scaleUp = Math.min(maxTotalPods - current, replicas - newRSReplicas);
  return newRSReplicas + scaleUp;
}

/**
 * reconcileNewReplicaSet: the new RS's next spec.replicas, or undefined for no change.
 * `allRSs` includes the new RS.
 */
export function reconcileNewReplicaSet(
  strategy: RolloutStrategy,
  replicas: number,
  allRSs: readonly { specReplicas: number }[],
  newRSReplicas: number,
): number | undefined {
  if (newRSReplicas === replicas) return undefined;
  if (newRSReplicas > replicas) return replicas;
  const n = newRSNewReplicas(strategy, replicas, allRSs, newRSReplicas);
  return n === newRSReplicas ? undefined : n;
}

/** maxScaledDown = allPods − minAvailable − newRSUnavailable (reconcileOldReplicaSets). */
export function maxScaledDown(
  replicas: number,
  maxUnavail: number,
  allRSs: readonly { specReplicas: number }[],
  newRS: { specReplicas: number; availableReplicas: number } | undefined,
): number {
  const minAvailable = replicas - maxUnavail;
  const newUnavailable = newRS ? newRS.specReplicas - newRS.availableReplicas : 0;
  return sumSpec(allRSs) - minAvailable - newUnavailable;
}

/** cleanupUnhealthyReplicas: shrink old RSs with unavailable pods, oldest first, up to maxCleanup. */
export function cleanupUnhealthyReplicas(oldRSs: readonly RSInfo[], maxCleanup: number): ScaleChange[] {
  const out: ScaleChange[] = [];
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    if (rs.specReplicas === 0 || rs.specReplicas === rs.availableReplicas) continue;
    const n = Math.min(maxCleanup - total, rs.specReplicas - rs.availableReplicas);
    if (n <= 0) continue;
    out.push({ name: rs.name, from: rs.specReplicas, to: rs.specReplicas - n });
    total += n;
  }
  return out;
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: scale old RSs down (oldest first) by
 * Σavailable(all) − minAvailable. `allRSs` includes the new RS.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  replicas: number,
  maxUnavail: number,
  allRSs: readonly { availableReplicas: number }[],
  oldRSs: readonly RSInfo[],
): ScaleChange[] {
  const minAvailable = replicas - maxUnavail;
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return [];
  const budget = available - minAvailable;
  const out: ScaleChange[] = [];
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (rs.specReplicas === 0) continue;
    const n = Math.min(rs.specReplicas, budget - total);
    out.push({ name: rs.name, from: rs.specReplicas, to: rs.specReplicas - n });
    total += n;
  }
  return out;
}

/**
 * reconcileOldReplicaSets: cleanup of unhealthy replicas, then the availability-bounded scale-down.
 * `oldRSs` are the active old RSs; `newRS` may be undefined. Returns the combined plan (one entry
 * per changed RS, final size), empty when nothing may be scaled down.
 */
export function reconcileOldReplicaSets(
  replicas: number,
  maxUnavail: number,
  oldRSs: readonly RSInfo[],
  newRS: RSInfo | undefined,
): ScaleChange[] {
  if (sumSpec(oldRSs) === 0) return [];
  const allRSs = newRS ? [...oldRSs, newRS] : [...oldRSs];
  const budget = maxScaledDown(replicas, maxUnavail, allRSs, newRS);
  if (budget <= 0) return [];
  const cleaned = cleanupUnhealthyReplicas(oldRSs, budget);
  const after = oldRSs.map((rs) => {
    const c = cleaned.find((x) => x.name === rs.name);
    return c ? { ...rs, specReplicas: c.to } : rs;
  });
  const allAfter = newRS ? [...after, newRS] : after;
  const scaled = scaleDownOldReplicaSetsForRollingUpdate(replicas, maxUnavail, allAfter, after);
  const merged = new Map<string, ScaleChange>();
  for (const c of cleaned) merged.set(c.name, { ...c });
  for (const c of scaled) {
    const prev = merged.get(c.name);
    merged.set(c.name, prev ? { name: c.name, from: prev.from, to: c.to } : { ...c });
  }
  return [...oldRSs].sort(byCreation).flatMap((rs) => {
    const c = merged.get(rs.name);
    return c ? [c] : [];
  });
}

/** IsSaturated: the new RS owns all replicas (spec, desired annotation and available all equal). */
export function isSaturated(replicas: number, rs: RSInfo | undefined): boolean {
  if (!rs || rs.desiredReplicas === undefined) return false;
  return rs.specReplicas === replicas && rs.desiredReplicas === replicas && rs.availableReplicas === replicas;
}

/** isScalingEvent: some active RS's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(replicas: number, rss: readonly RSInfo[]): boolean {
  return rss.some((rs) => rs.specReplicas > 0 && rs.desiredReplicas !== undefined && rs.desiredReplicas !== replicas);
}

// ---------------------------------------------------------------------------------------------
// Replica counts over ReplicaSets (util/deployment_util.go) and calculateStatus (sync.go)

/** What the counts read of a ReplicaSet: spec.replicas and its status. */
export interface RSCounts {
  specReplicas: number;
  statusReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** status.terminatingReplicas; undefined = not reported. */
  terminatingReplicas?: number;
  /** status.observedGeneration; undefined or 0 = never synced by the ReplicaSet controller. */
  observedGeneration?: number;
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export const replicaCountFor = (rss: readonly RSCounts[]): number => rss.reduce((a, r) => a + r.specReplicas, 0);
/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export const actualReplicaCountFor = (rss: readonly RSCounts[]): number => rss.reduce((a, r) => a + r.statusReplicas, 0);
/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export const readyReplicaCountFor = (rss: readonly RSCounts[]): number => rss.reduce((a, r) => a + r.readyReplicas, 0);
/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export const availableReplicaCountFor = (rss: readonly RSCounts[]): number => rss.reduce((a, r) => a + r.availableReplicas, 0);

/**
 * GetTerminatingReplicaCountForReplicaSets: Σ status.terminatingReplicas; a ReplicaSet never
 * synced (observedGeneration 0) without the field counts 0, a synced one without it makes the
 * total unknown (undefined).
 */
export function terminatingReplicaCountFor(rss: readonly RSCounts[]): number | undefined {
  let total = 0;
  for (const rs of rss) {
    if (rs.terminatingReplicas === undefined) {
      if ((rs.observedGeneration ?? 0) === 0) continue;
      return undefined;
    }
    total += rs.terminatingReplicas;
  }
  return total;
}

/** The status counts deploymentReplicaCounts gives (terminatingReplicas only with `countTerminating`, when known). */
export type DeploymentReplicaCounts = Pick<
  DeploymentStatus,
  'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas' | 'terminatingReplicas'
>;

/**
 * calculateStatus's counts: replicas, ready and available summed over the ReplicaSets' status,
 * updatedReplicas the new RS's status.replicas, unavailableReplicas = Σ spec.replicas −
 * available (0 when negative, as while scaling down), terminatingReplicas behind its gate.
 */
export function deploymentReplicaCounts(allRSs: readonly RSCounts[], newRS: RSCounts | undefined, countTerminating: boolean): DeploymentReplicaCounts {
  const available = availableReplicaCountFor(allRSs);
  const out: DeploymentReplicaCounts = {
    replicas: actualReplicaCountFor(allRSs),
    updatedReplicas: newRS ? newRS.statusReplicas : 0,
    readyReplicas: readyReplicaCountFor(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(replicaCountFor(allRSs) - available, 0),
  };
  if (countTerminating) {
    const t = terminatingReplicaCountFor(allRSs);
    if (t !== undefined) out.terminatingReplicas = t;
  }
  return out;
}

export interface DeploymentStatusCounts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
}

/** DeploymentComplete (modern): updated == replicas == status.replicas == available, generation observed. */
export function deploymentComplete(replicas: number, generation: number, s: DeploymentStatusCounts): boolean {
  return (
    s.updatedReplicas === replicas &&
    s.replicas === replicas &&
    s.availableReplicas === replicas &&
    (s.observedGeneration ?? 0) >= generation
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(oldS: DeploymentStatusCounts, newS: DeploymentStatusCounts): boolean {
  const oldOld = oldS.replicas - oldS.updatedReplicas;
  const newOld = newS.replicas - newS.updatedReplicas;
  return (
    newS.updatedReplicas > oldS.updatedReplicas ||
    newOld < oldOld ||
    newS.readyReplicas > oldS.readyReplicas ||
    newS.availableReplicas > oldS.availableReplicas
  );
}

// ---------------------------------------------------------------------------------------------
// Conditions (util/deployment_util.go constants, progress.go syncRolloutStatus)

export const Reason = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** A Deployment condition (the API type; the policy functions below work on lists of them). */
export type Condition = DeploymentCondition;

/** Go's %q for plain names. */
const q = (s: string): string => JSON.stringify(s);

export function newCondition(
  type: Condition['type'],
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

export function getCondition(conds: readonly Condition[], type: Condition['type']): Condition | undefined {
  return conds.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime
 * when only the reason changes; the updated condition moves to the end.
 */
export function setCondition(conds: readonly Condition[], c: Condition): Condition[] {
  const cur = getCondition(conds, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return [...conds];
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return [...conds.filter((x) => x.type !== c.type), next];
}

export function removeCondition(conds: readonly Condition[], type: Condition['type']): Condition[] {
  return conds.filter((x) => x.type !== type);
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed (not after a timeout). */
export function pausedConditions(conds: readonly Condition[], paused: boolean, now: number): Condition[] {
  const cond = getCondition(conds, 'Progressing');
  if (cond && cond.reason === Reason.ProgressDeadlineExceeded) return [...conds];
  const pausedExists = cond?.reason === Reason.DeploymentPaused;
  if (paused && !pausedExists)
    return setCondition(conds, newCondition('Progressing', 'Unknown', Reason.DeploymentPaused, 'Deployment is paused', now));
  if (!paused && pausedExists)
    return setCondition(conds, newCondition('Progressing', 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed', now));
  return [...conds];
}

/** Progressing=True NewReplicaSetCreated, written when the controller creates the new RS (deadline set). */
export function newRSCreatedCondition(conds: readonly Condition[], rsName: string, now: number): Condition[] {
  return setCondition(
    conds,
    newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, `Created new replica set ${q(rsName)}`, now),
  );
}

/** Progressing=True FoundNewReplicaSet, written only when no Progressing condition exists yet. */
export function foundNewRSCondition(conds: readonly Condition[], rsName: string, now: number): Condition[] {
  if (getCondition(conds, 'Progressing')) return [...conds];
  return setCondition(
    conds,
    newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, `Found new replica set ${q(rsName)}`, now),
  );
}

/** calculateStatus's Available condition: available >= replicas − maxUnavailable. */
export function availableCondition(
  conds: readonly Condition[],
  availableReplicas: number,
  replicas: number,
  maxUnavail: number,
  now: number,
): Condition[] {
  return availableReplicas >= replicas - maxUnavail
    ? setCondition(conds, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now))
    : setCondition(conds, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
}

/** DeploymentTimedOut: Progressing lastUpdateTime + deadline strictly before now (never after NewReplicaSetAvailable). */
export function deploymentTimedOut(
  progressDeadlineSeconds: number | undefined,
  progressing: Condition | undefined,
  now: number,
): boolean {
  if (progressDeadlineSeconds === undefined || !progressing) return false;
  if (progressing.reason === Reason.NewReplicaSetAvailable) return false;
  if (progressing.reason === Reason.ProgressDeadlineExceeded) return true;
  return progressing.lastUpdateTime + progressDeadlineSeconds * 1000 < now;
}

export interface RolloutStatusInput {
  deploymentName: string;
  newRSName?: string;
  replicas: number;
  generation: number;
  maxUnavailable: number;
  /** undefined = no deadline (upstream: MaxInt32 also means none). */
  progressDeadlineSeconds?: number;
  /** d.status before this sync (conditions and counts). */
  oldStatus: DeploymentStatusCounts & { conditions: Condition[] };
  /** Counts computed from the RSs in this sync (calculateStatus). */
  newStatus: DeploymentStatusCounts;
  now: number;
}

/**
 * syncRolloutStatus: the new conditions, and when to look again for a progress-deadline check
 * (requeueStuckDeployment: lastUpdate + deadline − now, +1 s; 0 = right away; undefined = none).
 */
/**
 * syncRolloutStatus's conditions and requeueStuckDeployment's delay. `timeIndependent`: the
 * progress-deadline branch was not taken (no deadline, or the rollout is complete), so with the
 * same inputs a later `now` gives the same conditions (times are only stamped on a change) — the
 * controller's idle re-sync path relies on it.
 */
export function syncRolloutConditions(i: RolloutStatusInput): { conditions: Condition[]; requeueAfterMs?: number; timeIndependent: boolean } {
  let conds = availableCondition(i.oldStatus.conditions, i.newStatus.availableReplicas, i.replicas, i.maxUnavailable, i.now);
  const hasDeadline = i.progressDeadlineSeconds !== undefined && i.progressDeadlineSeconds !== 2147483647;
  if (!hasDeadline) conds = removeCondition(conds, 'Progressing');
  const cur = getCondition(i.oldStatus.conditions, 'Progressing');
  const isComplete =
    i.newStatus.replicas === i.newStatus.updatedReplicas && cur?.reason === Reason.NewReplicaSetAvailable;
  const complete = deploymentComplete(i.replicas, i.generation, i.newStatus);
  if (hasDeadline && !isComplete) {
    const subject = i.newRSName ? `ReplicaSet ${q(i.newRSName)}` : `Deployment ${q(i.deploymentName)}`;
    if (complete) {
      conds = setCondition(conds, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, `${subject} has successfully progressed.`, i.now));
    } else if (deploymentProgressing(i.oldStatus, i.newStatus)) {
      let c = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, i.now);
      if (cur) {
        if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime };
        conds = removeCondition(conds, 'Progressing');
      }
      conds = setCondition(conds, c);
    } else if (deploymentTimedOut(i.progressDeadlineSeconds, getCondition(conds, 'Progressing'), i.now)) {
      conds = setCondition(conds, newCondition('Progressing', 'False', Reason.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, i.now));
    }
  }
  let requeueAfterMs: number | undefined;
  if (hasDeadline && cur && !complete && cur.reason !== Reason.ProgressDeadlineExceeded) {
    const after = cur.lastUpdateTime + i.progressDeadlineSeconds! * 1000 - i.now;
    requeueAfterMs = after < 1000 ? 0 : after + 1000;
  }
  const timeIndependent = !(hasDeadline && !isComplete);
  return requeueAfterMs === undefined ? { conditions: conds, timeIndependent } : { conditions: conds, requeueAfterMs, timeIndependent };
}

// ---------------------------------------------------------------------------------------------
// Events

/**
 * ScalingReplicaSet event message. 'modern' is current upstream ("Scaled up replica set web-x from
 * 0 to 4", confirmed in upstream source and in recent `kubectl describe` output); 'legacy' is the
 * pre-1.26 wording the book shows ("Scaled up replica set web-x to 4").
 */
export function scalingEventMessage(rsName: string, from: number, to: number, style: 'modern' | 'legacy' = 'modern'): string {
  const op = to > from ? 'up' : 'down';
  return style === 'modern'
    ? `Scaled ${op} replica set ${rsName} from ${from} to ${to}`
    : `Scaled ${op} replica set ${rsName} to ${to}`;
}

// ---------------------------------------------------------------------------------------------
// Proportional scaling (sync.go scale(), FindActiveOrLatest, GetProportion)

/** math.Round: half away from zero. */
export function roundToInt32(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** FindActiveOrLatest: the single active RS, or the newest when none is active; undefined if ≥2 active. */
export function findActiveOrLatest(newRS: RSInfo | undefined, oldRSs: readonly RSInfo[]): RSInfo | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const all = (newRS ? [...olds, newRS] : olds).filter((r) => r.specReplicas > 0);
  if (all.length === 0) return newRS ?? olds[0];
  if (all.length === 1) return all[0];
  return undefined;
}

/**
 * getNonNegativeInt32FromAnnotation: strconv.ParseUint(v, 10, 32) no larger than MaxInt32;
 * anything else (a sign, a fraction, an empty string, too large) is not a value.
 */
export function parseReplicasAnnotation(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 2_147_483_647 ? n : undefined;
}

/**
 * getReplicaSetFraction: the RS's share of the new size, relative to the size the Deployment
 * had when it was last annotated; a max-replicas annotation that is missing, unparsable or 0
 * falls back to the Deployment's status.replicas (0 there too: no share, rather than a
 * division by zero).
 */
export function replicaSetFraction(rs: RSInfo, replicas: number, surge: number, statusReplicas: number): number {
  if (replicas === 0) return -rs.specReplicas;
  const deploymentReplicas = replicas + surge;
  const annotated = rs.maxReplicas !== undefined && rs.maxReplicas !== 0 ? rs.maxReplicas : statusReplicas;
  if (annotated === 0) return 0;
  return roundToInt32((rs.specReplicas * deploymentReplicas) / annotated) - rs.specReplicas;
}

/** GetProportion: this RS's share of toAdd, bounded by what is left. */
export function getProportion(
  rs: RSInfo,
  replicas: number,
  surge: number,
  statusReplicas: number,
  toAdd: number,
  added: number,
): number {
  if (rs.specReplicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, replicas, surge, statusReplicas);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export interface ScalePlan {
  /** Every RS whose spec.replicas changes, in the order upstream updates them. */
  changes: ScaleChange[];
  /**
   * RSs whose desired-replicas/max-replicas annotations are (re)written to these values
   * (upstream rewrites them on every RS it touches, even when the size is unchanged).
   */
  annotate: { names: string[]; desiredReplicas: number; maxReplicas: number };
}

/**
 * scale(): resize RSs on a scaling event or while paused. `statusReplicas` is d.status.replicas
 * (fallback when an RS has no max-replicas annotation).
 */
export function scale(
  strategy: RolloutStrategy,
  replicas: number,
  statusReplicas: number,
  newRS: RSInfo | undefined,
  oldRSs: readonly RSInfo[],
): ScalePlan {
  const surge = maxSurge(strategy, replicas);
  const annotateFor = (names: string[]) => ({ names, desiredReplicas: replicas, maxReplicas: replicas + surge });
  const one = findActiveOrLatest(newRS, oldRSs);
  if (one) {
    if (one.specReplicas === replicas) return { changes: [], annotate: annotateFor([]) };
    return { changes: [{ name: one.name, from: one.specReplicas, to: replicas }], annotate: annotateFor([one.name]) };
  }
  if (isSaturated(replicas, newRS)) {
    const active = oldRSs.filter((r) => r.specReplicas > 0);
    return {
      changes: active.map((r) => ({ name: r.name, from: r.specReplicas, to: 0 })),
      annotate: annotateFor(active.map((r) => r.name)),
    };
  }
  if (strategy.type !== 'RollingUpdate') return { changes: [], annotate: annotateFor([]) };
  const all = (newRS ? [...oldRSs, newRS] : [...oldRSs]).filter((r) => r.specReplicas > 0);
  const allowedSize = replicas > 0 ? replicas + surge : 0;
  const toAdd = allowedSize - sumSpec(all);
  if (toAdd > 0) all.sort((a, b) => (a.specReplicas !== b.specReplicas ? b.specReplicas - a.specReplicas : byCreation(b, a)));
  else if (toAdd < 0) all.sort((a, b) => (a.specReplicas !== b.specReplicas ? b.specReplicas - a.specReplicas : byCreation(a, b)));
  const size = new Map<string, number>();
  let added = 0;
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, replicas, surge, statusReplicas, toAdd, added);
      size.set(rs.name, rs.specReplicas + p);
      added += p;
    } else size.set(rs.name, rs.specReplicas);
  }
  if (all.length > 0 && toAdd !== 0) {
    const first = all[0]!;
    size.set(first.name, Math.max(0, size.get(first.name)! + toAdd - added));
  }
  const changes = all
    .filter((rs) => size.get(rs.name) !== rs.specReplicas)
    .map((rs) => ({ name: rs.name, from: rs.specReplicas, to: size.get(rs.name)! }));
  return { changes, annotate: annotateFor(all.map((r) => r.name)) };
}

// ---------------------------------------------------------------------------------------------
// Revisions and history

/** MaxRevision over RSs (missing revision counts as 0). */
export function maxRevision(rss: readonly { revision?: number }[]): number {
  return rss.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

/**
 * The new RS's revision: maxOldRevision + 1; an existing RS (rollback or a re-used template) is
 * bumped only when its revision is lower, and its previous revision is appended to
 * `revisionHistory` (deployment.kubernetes.io/revision-history).
 */
export function newRSRevision(
  oldRSs: readonly { revision?: number }[],
  existing?: { revision?: number; revisionHistory?: number[] },
): { revision: number; revisionHistory: number[] } {
  const next = maxRevision(oldRSs) + 1;
  const history = existing?.revisionHistory ? [...existing.revisionHistory] : [];
  if (!existing) return { revision: next, revisionHistory: history };
  const cur = existing.revision ?? 0;
  if (cur >= next) return { revision: cur, revisionHistory: history };
  if (existing.revision !== undefined) history.push(existing.revision);
  return { revision: next, revisionHistory: history };
}

export interface HistoryRS extends RSInfo {
  deleting?: boolean;
  generation?: number;
  observedGeneration?: number;
}

/**
 * cleanupDeployment: names of old RSs to delete so at most revisionHistoryLimit remain; candidates
 * are the `count − limit` lowest revisions, and only fully scaled-down, observed ones are deleted.
 */
export function cleanupDeploymentPlan(oldRSs: readonly HistoryRS[], revisionHistoryLimit: number | undefined): string[] {
  if (revisionHistoryLimit === undefined) return [];
  const alive = oldRSs.filter((r) => !r.deleting);
  const diff = alive.length - revisionHistoryLimit;
  if (diff <= 0) return [];
  const sorted = [...alive].sort((a, b) =>
    (a.revision ?? 0) !== (b.revision ?? 0) ? (a.revision ?? 0) - (b.revision ?? 0) : byCreation(a, b),
  );
  const out: string[] = [];
  for (const rs of sorted.slice(0, diff)) {
    const statusReplicas = rs.statusReplicas ?? rs.specReplicas;
    if (statusReplicas !== 0 || rs.specReplicas !== 0) continue;
    if ((rs.generation ?? 0) > (rs.observedGeneration ?? rs.generation ?? 0)) continue;
    out.push(rs.name);
  }
  return out;
}

/** Recreate's oldPodsRunning: old RSs report pods, or any old pod is not Succeeded/Failed. */
export function oldPodsRunning(oldRSs: readonly { statusReplicas?: number }[], oldPodPhases: readonly string[]): boolean {
  if (oldRSs.some((r) => (r.statusReplicas ?? 0) > 0)) return true;
  return oldPodPhases.some((p) => p !== 'Succeeded' && p !== 'Failed');
}

/** Recreate: scale every active old RS to 0 (scaleDownOldReplicaSetsForRecreate). */
export function recreateScaleDown(oldRSs: readonly RSInfo[]): ScaleChange[] {
  return oldRSs.filter((r) => r.specReplicas > 0).map((r) => ({ name: r.name, from: r.specReplicas, to: 0 }));
}
