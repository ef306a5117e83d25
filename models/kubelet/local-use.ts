// Local disk, inode and process use of running containers, per node and per pod — what the
// kubelet's stats summary reports for the eviction manager's nodefs / imagefs / pid signals.
// Each node keeps linear sums (const + rate·t), so a signal's value at any time is O(1) and the
// time it crosses a threshold is computed, not polled.
//
// Cost: this listener is only installed when some Behavior sets `disk` or `processes`; a
// container whose profile is all zero is not tracked. Without it every disk and pid figure is 0.
//
// Where use lands (buildSignalToRankFunc's picture): without a dedicated image filesystem
// everything is on nodefs (and imagefs reports the same device); with one (a pool's `imagefs`),
// writable layers and their inodes are on imagefs, logs and local volumes on nodefs.

import type { Simulation } from '../../sim/index.js';
import type { Pod } from '../api/types.js';
import type { BehaviorCatalog } from './behavior.js';
import type { ContainerListener, Kubelet } from './kubelet.js';
import { linearAt, parseLocalUse, type Linear, type LocalUseProfile } from './local-use-profile.js';
import type { FsUse } from './policy/eviction-ranking.js';

/** Σ (const + rate·t). */
export class LinearSum {
  c = 0;
  r = 0;
  add(l: Linear, start: number, sign: 1 | -1): void {
    this.c += sign * (l.value - l.perMs * start);
    this.r += sign * l.perMs;
  }
}

export interface NodeLocalUse {
  nodefsBytes: LinearSum;
  nodefsInodes: LinearSum;
  imagefsBytes: LinearSum;
  imagefsInodes: LinearSum;
  pids: LinearSum;
  /** Running containers tracked (0: every sum is exactly 0, rounding residue dropped). */
  members: number;
  /** Bytes stopped containers left in their pods' local volumes (on nodefs, not in nodefsBytes). */
  kept: number;
}

interface Run {
  name: string;
  start: number;
  profile: LocalUseProfile;
  /** emptyDir level this run started from (what earlier runs left in the volume). */
  emptyDirFrom: number;
}

interface PodUse {
  node: string;
  /** The pod has a local disk volume (emptyDir not in memory, hostPath…): emptyDir writes count. */
  localVolume: boolean;
  runs: (Run | undefined)[];
  /** Per container: what its earlier runs left in the pod's local volumes, bytes. */
  emptyDirKept: number[];
}

/** Hook for the eviction manager: a node's local use changed (its crossing times may move). */
export interface LocalUseWatcher {
  localUseChanged(nodeName: string): void;
}

export class LocalResourceUse implements ContainerListener {
  private readonly nodes = new Map<string, NodeLocalUse>();
  private readonly pods = new WeakMap<Pod, PodUse>();
  private readonly profiles = new WeakMap<object, LocalUseProfile>();
  private watcher: LocalUseWatcher | undefined;

  constructor(
    private readonly sim: Simulation,
    kubelet: Kubelet,
    private readonly catalog: BehaviorCatalog,
    /** Whether a node has a dedicated image filesystem. */
    private readonly dedicatedImageFs: (nodeName: string) => boolean,
  ) {
    kubelet.addListener(this);
  }

  setWatcher(w: LocalUseWatcher): void {
    this.watcher = w;
  }

  /** The node's sums (undefined: nothing tracked there, every figure 0). */
  node(nodeName: string): NodeLocalUse | undefined {
    return this.nodes.get(nodeName);
  }

  private nodeUse(name: string): NodeLocalUse {
    let n = this.nodes.get(name);
    if (!n) {
      n = { nodefsBytes: new LinearSum(), nodefsInodes: new LinearSum(), imagefsBytes: new LinearSum(), imagefsInodes: new LinearSum(), pids: new LinearSum(), members: 0, kept: 0 };
      this.nodes.set(name, n);
    }
    return n;
  }

  containerStarted(pod: Pod, index: number, init: boolean): void {
    // Init containers are short set-up steps (as in the usage model): not tracked.
    if (init) return;
    const nodeName = pod.spec.nodeName;
    if (!nodeName) return;
    const b = this.catalog.resolve(pod, pod.spec.containers[index]!);
    if (b.disk === undefined && b.processes === undefined) return;
    let prof = this.profiles.get(b);
    if (!prof) {
      prof = parseLocalUse(b.disk, b.processes);
      this.profiles.set(b, prof);
    }
    if (!prof.any) return;
    let pu = this.pods.get(pod);
    if (!pu) {
      pu = { node: nodeName, localVolume: hasLocalDiskVolume(pod), runs: [], emptyDirKept: [] };
      this.pods.set(pod, pu);
    }
    const n = this.nodeUse(nodeName);
    // What earlier runs left in the volume is where this run starts from (it is counted in the
    // run's line from now on, not in the node's kept bytes).
    const kept = pu.emptyDirKept[index] ?? 0;
    n.kept -= kept;
    pu.emptyDirKept[index] = 0;
    const run: Run = { name: pod.spec.containers[index]!.name, start: this.sim.now, profile: prof, emptyDirFrom: Math.max(kept, prof.emptyDir.value) };
    pu.runs[index] = run;
    this.apply(n, pu, run, 1);
    this.watcher?.localUseChanged(nodeName);
  }

  containerStopped(pod: Pod, index: number, init: boolean): void {
    if (init) return;
    const pu = this.pods.get(pod);
    const run = pu?.runs[index];
    if (!pu || !run) return;
    const n = this.nodeUse(pu.node);
    this.apply(n, pu, run, -1);
    pu.runs[index] = undefined;
    // The volume keeps what the run wrote until the pod is gone.
    if (pu.localVolume) {
      const k = this.emptyDirOf(run, this.sim.now);
      pu.emptyDirKept[index] = k;
      n.kept += k;
    }
    this.watcher?.localUseChanged(pu.node);
  }

  podStopped(pod: Pod): void {
    const pu = this.pods.get(pod);
    if (!pu) return;
    for (let i = 0; i < pu.runs.length; i++) if (pu.runs[i]) this.containerStopped(pod, i, false);
    const n = this.nodeUse(pu.node);
    for (const k of pu.emptyDirKept) n.kept -= k;
    if (Math.abs(n.kept) < 1e-6) n.kept = 0;
    this.pods.delete(pod);
    this.watcher?.localUseChanged(pu.node);
  }

  private emptyDirOf(run: Run, now: number): number {
    return Math.max(0, run.emptyDirFrom + run.profile.emptyDir.perMs * (now - run.start));
  }

  private apply(n: NodeLocalUse, pu: PodUse, run: Run, sign: 1 | -1): void {
    const p = run.profile;
    const imagefs = this.dedicatedImageFs(pu.node);
    (imagefs ? n.imagefsBytes : n.nodefsBytes).add(p.writableLayer, run.start, sign);
    (imagefs ? n.imagefsInodes : n.nodefsInodes).add(p.inodes, run.start, sign);
    n.nodefsBytes.add(p.logs, run.start, sign);
    n.pids.add(p.processes, run.start, sign);
    if (pu.localVolume) n.nodefsBytes.add({ value: run.emptyDirFrom, perMs: p.emptyDir.perMs }, run.start, sign);
    n.members += sign;
    if (n.members === 0) {
      // Nothing runs: drop the floating-point residue of many additions and removals.
      for (const l of [n.nodefsBytes, n.nodefsInodes, n.imagefsBytes, n.imagefsInodes, n.pids]) l.c = l.r = 0;
    }
  }

  /** A pod's figures now, for ranking: writable layers, logs, local volumes; processes. */
  podFigures(pod: Pod): { root: FsUse; logs: FsUse; localVolumes: FsUse; processes: number; containers: { name: string; index: number; bytes: number }[] } | undefined {
    const pu = this.pods.get(pod);
    if (!pu) return undefined;
    const now = this.sim.now;
    const root = { bytes: 0, inodes: 0 };
    const logs = { bytes: 0, inodes: 0 };
    const vols = { bytes: 0, inodes: 0 };
    let processes = 0;
    const containers: { name: string; index: number; bytes: number }[] = [];
    pu.runs.forEach((run, index) => {
      if (!run) return;
      const t = now - run.start;
      const wl = linearAt(run.profile.writableLayer, t);
      const lg = linearAt(run.profile.logs, t);
      root.bytes += wl;
      root.inodes += linearAt(run.profile.inodes, t);
      logs.bytes += lg;
      processes += linearAt(run.profile.processes, t);
      if (pu.localVolume) vols.bytes += this.emptyDirOf(run, now);
      containers.push({ name: run.name, index, bytes: wl + lg });
    });
    pu.emptyDirKept.forEach((k, i) => {
      if (!pu.runs[i]) vols.bytes += k;
    });
    return { root, logs, localVolumes: vols, processes, containers };
  }
}

/**
 * localVolumeNames' test, for the volumes k8sim models: hostPath, or a local ephemeral volume
 * (IsLocalEphemeralVolume: emptyDir not backed by memory, configMap, secret, downwardAPI, gitRepo).
 */
export function hasLocalDiskVolume(pod: Pod): boolean {
  for (const v of pod.spec.volumes ?? []) {
    if (v.hostPath) return true;
    if (v.emptyDir && v.emptyDir.medium !== 'Memory') return true;
    if (v['configMap'] !== undefined || v['secret'] !== undefined || v['downwardAPI'] !== undefined || v['gitRepo'] !== undefined) return true;
  }
  return false;
}
