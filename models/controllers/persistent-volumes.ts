// Dynamic provisioning and binding of PersistentVolumeClaims, and the kubelet's wait for them.
// A claim is bound to a new PersistentVolume `pvc-<claim uid>` after its StorageClass's
// provisioning delay — a k8sim extension: the class parameter or annotation
// `k8sim.io/provisioning-delay` (a duration, e.g. "5s"), default 2 s. Classes with
// volumeBindingMode WaitForFirstConsumer start provisioning when a pod using the claim is
// placed on a node. A pod whose claims are not all Bound stays in ContainerCreating.
// Also the garbage collector's part for claims owned by a pod (StatefulSet whenScaled: Delete):
// they go when the pod goes; and a claim's dynamically provisioned volume is deleted with it
// when the class's reclaimPolicy is Delete (the default).

import { parseDuration, type Millis, type Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { keyOf, objectKey } from '../api/store.js';
import type { Pod, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/types.js';

export const PROVISIONING_DELAY_KEY = 'k8sim.io/provisioning-delay';
export const DEFAULT_PROVISIONING_DELAY: Millis = 2000;
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const PV_CONTROLLER = 'persistentvolume-controller';

const onProvisioned = (a: { c: VolumeController; pvc: PersistentVolumeClaim }) => a.c.provisioned(a.pvc);

/** The claim's StorageClass name: spec.storageClassName, else the beta annotation (the book uses it). */
export function claimClassName(pvc: PersistentVolumeClaim): string | undefined {
  return pvc.spec.storageClassName ?? pvc.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
}

export class VolumeController {
  private readonly provisioning = new Set<string>();
  /** Pods waiting for a claim (namespace/claim → pods), woken when it binds. */
  private readonly waiters = new Map<string, Set<Pod>>();
  /** Scheduled pods held in PreBind until their claims are bound (namespace/claim → waiters). */
  private readonly binders = new Map<string, Set<{ remaining: Set<string>; done: () => void }>>();

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly kubelet: { volumesChanged(pod: Pod): void; setVolumeGate(gate: (pod: Pod) => boolean): void },
  ) {
    kubelet.setVolumeGate((pod) => this.podVolumesReady(pod));
    const store = api.store;
    store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (type, pvc) => {
      if (type === 'DELETED') {
        this.claimDeleted(pvc);
        return;
      }
      if (this.isBound(pvc)) return;
      if (this.classOf(pvc)?.volumeBindingMode === 'WaitForFirstConsumer' && !this.waiters.has(keyOf(pvc))) return;
      this.startProvisioning(pvc);
    });
    store.watch<Pod>('Pod', (type, pod) => {
      if (type !== 'DELETED') return;
      for (const set of this.waiters.values()) set.delete(pod);
      // Claims owned by this pod (StatefulSet whenScaled: Delete) are garbage now.
      for (const d of [...store.dependentsOf(pod.metadata.uid!)]) {
        if (d.kind !== 'PersistentVolumeClaim') continue;
        const others = d.metadata.ownerReferences?.filter((r) => r.uid !== pod.metadata.uid && store.getByUid(r.uid)) ?? [];
        if (others.length === 0) this.api.delete(d);
      }
    });
  }

  private isBound(pvc: PersistentVolumeClaim): boolean {
    return pvc.status?.phase === 'Bound';
  }

  private classOf(pvc: PersistentVolumeClaim): StorageClass | undefined {
    const name = claimClassName(pvc);
    const store = this.api.store;
    if (name !== undefined) return store.get<StorageClass>('StorageClass', undefined, name);
    for (const c of store.list<StorageClass>('StorageClass')) if (c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') return c;
    return undefined;
  }

  private provisioningDelay(cls: StorageClass | undefined): Millis {
    const v = cls?.parameters?.[PROVISIONING_DELAY_KEY] ?? cls?.metadata.annotations?.[PROVISIONING_DELAY_KEY];
    if (v === undefined) return DEFAULT_PROVISIONING_DELAY;
    try {
      return parseDuration(v);
    } catch {
      return DEFAULT_PROVISIONING_DELAY;
    }
  }

  private startProvisioning(pvc: PersistentVolumeClaim): void {
    const key = keyOf(pvc);
    if (this.provisioning.has(key) || this.isBound(pvc)) return;
    this.provisioning.add(key);
    pvc.status ??= {};
    pvc.status.phase = 'Pending';
    const cls = this.classOf(pvc);
    if (cls) this.api.events.normal(pvc, 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`, cls.provisioner);
    this.sim.after(this.provisioningDelay(cls), onProvisioned, { c: this, pvc });
  }

  /** @internal the provisioner created the volume: bind the claim to it. */
  provisioned(pvc: PersistentVolumeClaim): void {
    const key = keyOf(pvc);
    this.provisioning.delete(key);
    const store = this.api.store;
    if (store.get('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name) !== pvc || this.isBound(pvc)) return;
    const cls = this.classOf(pvc);
    const className = claimClassName(pvc) ?? cls?.metadata.name;
    const capacity = { ...(pvc.spec.resources?.requests ?? {}) };
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pvc-${pvc.metadata.uid}` },
      spec: {
        capacity,
        accessModes: [...(pvc.spec.accessModes ?? [])],
        persistentVolumeReclaimPolicy: cls?.reclaimPolicy ?? 'Delete',
        claimRef: { namespace: pvc.metadata.namespace ?? 'default', name: pvc.metadata.name, uid: pvc.metadata.uid! },
        ...(className !== undefined ? { storageClassName: className } : {}),
      },
      status: { phase: 'Bound' },
    };
    this.api.create(pv);
    pvc.spec.volumeName = pv.metadata.name;
    pvc.status = { phase: 'Bound', capacity, accessModes: [...(pvc.spec.accessModes ?? [])] };
    this.api.updateInPlace(pvc);
    this.api.events.normal(pvc, 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`, cls?.provisioner ?? PV_CONTROLLER);
    const binders = this.binders.get(key);
    if (binders) {
      this.binders.delete(key);
      for (const b of binders) {
        b.remaining.delete(key);
        if (b.remaining.size === 0) b.done();
      }
    }
    const waiting = this.waiters.get(key);
    if (waiting) {
      this.waiters.delete(key);
      for (const pod of waiting) this.kubelet.volumesChanged(pod);
    }
  }

  private claimDeleted(pvc: PersistentVolumeClaim): void {
    this.provisioning.delete(keyOf(pvc));
    const name = pvc.spec.volumeName;
    if (!name) return;
    const pv = this.api.store.get<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv) return;
    if (pv.spec.persistentVolumeReclaimPolicy === 'Retain') {
      pv.status = { phase: 'Released' };
      this.api.updateStatus(pv);
    } else this.api.delete(pv);
  }

  /**
   * VolumeBinding PreBind: a pod placed on a node whose claims are not all bound (delayed
   * binding, WaitForFirstConsumer) is not bound to the node until they are: provisioning starts
   * now, and `done` is called when the last claim binds. True when nothing needs waiting.
   */
  preBind(pod: Pod, done: () => void): boolean {
    const remaining = new Set<string>();
    for (const v of pod.spec.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const pvc = this.api.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', pod.metadata.namespace, claim);
      if (!pvc || this.isBound(pvc)) continue;
      remaining.add(keyOf(pvc));
    }
    if (remaining.size === 0) return true;
    const waiter = { remaining, done };
    for (const key of remaining) {
      let set = this.binders.get(key);
      if (!set) this.binders.set(key, (set = new Set()));
      set.add(waiter);
    }
    for (const key of [...remaining]) {
      const [ns, name] = key.split('/') as [string, string];
      const pvc = this.api.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
      if (pvc) this.startProvisioning(pvc); // the first consumer is here
    }
    return false;
  }

  /** What the scheduler's VolumeBinding PreFilter sees of a claim; undefined when there is none. */
  claimInfo(namespace: string, name: string): { phase: string | undefined; volumeName: string | undefined; deleting: boolean; immediate: boolean } | undefined {
    const pvc = this.api.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', namespace, name);
    if (!pvc) return undefined;
    return {
      phase: pvc.status?.phase,
      volumeName: pvc.spec.volumeName,
      deleting: pvc.metadata.deletionTimestamp !== undefined,
      immediate: this.classOf(pvc)?.volumeBindingMode !== 'WaitForFirstConsumer',
    };
  }

  /** The kubelet's volume manager: are all of the pod's claims Bound? Registers the pod to be woken if not. */
  podVolumesReady(pod: Pod): boolean {
    const vols = pod.spec.volumes;
    if (!vols) return true;
    let ready = true;
    for (const v of vols) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const pvc = this.api.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', pod.metadata.namespace, claim);
      if (pvc && this.isBound(pvc)) continue;
      ready = false;
      const key = objectKey(pod.metadata.namespace ?? 'default', claim);
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(pod);
      if (pvc) this.startProvisioning(pvc); // WaitForFirstConsumer: the first consumer is here
    }
    return ready;
  }
}
