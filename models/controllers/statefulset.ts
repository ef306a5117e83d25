// The StatefulSet controller: pods with stable names `<set>-<ordinal>`, each with its own
// PersistentVolumeClaims `<template>-<set>-<ordinal>` created before the pod and re-attached to
// the same ordinal when the pod is replaced; OrderedReady/Parallel management, scale-down from
// the highest ordinal, RollingUpdate in reverse ordinal order down to `partition`, OnDelete;
// controller-revision-hash labels and current/update revisions in status; claim retention.
// The per-sync decision is statefulSetSync in ./policy/statefulset.ts; this is the shell.

import type { Rng, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import type { PodColumnSource } from '../metrics.js';
import { availableAt, isPodAvailable, isPodReady } from '../api/policy/podutil.js';
import { computePodTemplateHash } from './policy/pod-template-hash.js';
import { parseOrdinal, pvcName, statefulSetSync, type SetPod } from './policy/statefulset.js';
import { keyOf, type ObjectStore } from '../api/store.js';
import type { GenericObject, OwnerReference, Pod, PodTemplateSpec, PersistentVolumeClaim, StatefulSet } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { enqueueController, ownedPods } from './owned.js';
import { podFromTemplate } from './pod-template.js';

export const STATEFULSET_CONTROLLER = 'statefulset-controller';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

function plainOwnerRef(owner: { apiVersion: string; kind: string; metadata: { name: string; uid?: string } }): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, blockOwnerDeletion: true };
}

export class StatefulSetController {
  private readonly queue: WorkQueue;
  private readonly rng: Rng;
  /** The templates of each set's revisions (upstream keeps them in ControllerRevisions). */
  private readonly revisions = new Map<string, Map<string, PodTemplateSpec>>();

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    streams: { stream(name: string): Rng },
  ) {
    this.rng = streams.stream('controller/statefulset');
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    const store = api.store;
    store.watch<StatefulSet>('StatefulSet', (type, set) => {
      if (type === 'DELETED') this.revisions.delete(set.metadata.uid!);
      else this.queue.add(keyOf(set));
    });
    store.watch<Pod>('Pod', (_t, pod) => enqueueController(this.queue, pod, 'StatefulSet'));
  }

  private sync(key: string): void {
    const store = this.api.store;
    const set = getByKey<StatefulSet>(store, 'StatefulSet', key);
    if (!set || set.metadata.deletionTimestamp !== undefined) return;
    const name = set.metadata.name;
    const now = this.sim.now;
    const spec = set.spec;
    const updateRevision = `${name}-${computePodTemplateHash(spec.template)}`;
    let revs = this.revisions.get(set.metadata.uid!);
    if (!revs) this.revisions.set(set.metadata.uid!, (revs = new Map()));
    if (!revs.has(updateRevision)) revs.set(updateRevision, structuredClone(spec.template));
    const currentRevision = set.status.currentRevision ?? updateRevision;
    const minReady = spec.minReadySeconds ?? 0;

    const pods = new Map<number, Pod>();
    for (const p of ownedPods(store, set.metadata.uid!)) {
      const o = parseOrdinal(name, p.metadata.name);
      if (o !== undefined) pods.set(o, p);
    }
    const setPods: SetPod[] = [...pods].map(([ordinal, p]) => ({
      ordinal,
      phase: p.status.phase,
      ready: isPodReady(p),
      available: isPodAvailable(p, minReady, now),
      terminating: p.metadata.deletionTimestamp !== undefined,
      revision: p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '',
    }));
    // Pending pods get any claim that went missing re-created.
    for (const [ordinal, p] of pods) if (p.status.phase === 'Pending' && p.metadata.deletionTimestamp === undefined) this.ensureClaims(set, ordinal, p.metadata.name);

    const rollingUpdate = spec.updateStrategy?.rollingUpdate;
    const result = statefulSetSync({
      setName: name,
      replicas: spec.replicas ?? 1,
      ordinalsStart: spec.ordinals?.start ?? 0,
      podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady',
      updateStrategy: spec.updateStrategy?.type ?? 'RollingUpdate',
      partition: rollingUpdate?.partition ?? 0,
      currentRevision,
      updateRevision,
      pods: setPods,
    });
    for (const a of result.actions) {
      if ('create' in a) {
        this.createPod(set, a.create.ordinal, a.create.name, a.create.revision, revs.get(a.create.revision) ?? spec.template);
      } else {
        const pod = pods.get(a.delete.ordinal);
        if (!pod) continue;
        if (a.delete.why === 'condemned' && spec.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete') this.claimsOwnedByPod(set, a.delete.ordinal, pod);
        this.api.delete(pod);
        this.api.events.normal(set, 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, STATEFULSET_CONTROLLER);
      }
    }
    if (result.waitingOn?.reason === 'notAvailable' && minReady > 0) this.queue.addAfter(key, availableAt(now, minReady) - now);
    this.updateStatus(set, currentRevision, updateRevision, minReady, now);
  }

  private updateStatus(set: StatefulSet, currentRevision: string, updateRevision: string, minReady: number, now: number): void {
    let replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
    for (const p of ownedPods(this.api.store, set.metadata.uid!)) {
      replicas++;
      if (p.status.phase === 'Running' && isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
      if (p.metadata.deletionTimestamp !== undefined) continue;
      const rev = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      if (rev === currentRevision) current++;
      if (rev === updateRevision) updated++;
    }
    const want = set.spec.replicas ?? 1;
    let cur = currentRevision;
    let curReplicas = current;
    // completeRollingUpdate: every replica updated and ready → the update revision becomes current.
    if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && updated === want && ready === want && replicas === want) {
      cur = updateRevision;
      curReplicas = updated;
    }
    const next = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas, readyReplicas: ready, currentReplicas: curReplicas, updatedReplicas: updated, availableReplicas: available,
      currentRevision: cur, updateRevision, collisionCount: 0,
    };
    if (JSON.stringify(next) !== JSON.stringify(set.status)) {
      set.status = next;
      this.api.updateStatus(set);
    }
  }

  private createPod(set: StatefulSet, ordinal: number, name: string, revision: string, template: PodTemplateSpec): void {
    this.ensureClaims(set, ordinal, name);
    const opts = {
      name,
      hostname: name,
      extraLabels: { [CONTROLLER_REVISION_HASH_LABEL]: revision, [STATEFULSET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
      ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}),
    };
    const pod = podFromTemplate(template, set, this.rng, this.api, opts);
    const claims = set.spec.volumeClaimTemplates ?? [];
    if (claims.length) {
      const names = new Set(claims.map((c) => c.metadata.name));
      pod.spec.volumes = [
        ...(pod.spec.volumes ?? []).filter((v) => !names.has(v.name)),
        ...claims.map((c) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: pvcName(c.metadata.name, set.metadata.name, ordinal) } })),
      ];
    }
    try {
      this.api.create(pod);
      this.api.events.normal(set, 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} successful`, STATEFULSET_CONTROLLER);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      this.api.events.warning(set, 'FailedCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${e.message}`, STATEFULSET_CONTROLLER);
    }
  }

  /** Create the ordinal's missing claims (they outlive pods: a replacement re-attaches to them). */
  private ensureClaims(set: StatefulSet, ordinal: number, podName: string): void {
    const ns = set.metadata.namespace ?? 'default';
    for (const t of set.spec.volumeClaimTemplates ?? []) {
      const claimName = pvcName(t.metadata.name, set.metadata.name, ordinal);
      if (this.api.store.exists('PersistentVolumeClaim', ns, claimName)) continue;
      const labels = { ...(t.metadata.labels ?? {}), ...(set.spec.selector.matchLabels ?? {}) };
      const pvc: PersistentVolumeClaim = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, namespace: ns, labels },
        spec: structuredClone(t.spec),
      };
      if (t.metadata.annotations) pvc.metadata.annotations = { ...t.metadata.annotations };
      // whenDeleted: Delete → the set owns its claims, so they are collected with it.
      if (set.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') pvc.metadata.ownerReferences = [plainOwnerRef(set)];
      this.api.create(pvc);
      this.api.events.normal(set, 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata.name} success`, STATEFULSET_CONTROLLER);
    }
  }

  /** whenScaled: Delete — a condemned pod's claims get an ownerRef to the pod and go with it. */
  private claimsOwnedByPod(set: StatefulSet, ordinal: number, pod: Pod): void {
    const store = this.api.store;
    for (const t of set.spec.volumeClaimTemplates ?? []) {
      const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', pod.metadata.namespace, pvcName(t.metadata.name, set.metadata.name, ordinal));
      if (!pvc || pvc.metadata.ownerReferences?.some((r) => r.uid === pod.metadata.uid)) continue;
      this.api.setOwnerReferences(pvc, [...(pvc.metadata.ownerReferences ?? []), plainOwnerRef(pod)]);
    }
  }
}

/**
 * pods.csv `dns_name`: a pod with hostname and subdomain gets the DNS record
 * `<hostname>.<subdomain>.<namespace>.svc.cluster.local` when a headless Service named like the
 * subdomain exists in its namespace (the StatefulSet's governing Service).
 */
export function dnsNameColumn(store: ObjectStore): PodColumnSource {
  return {
    columns: ['dns_name'],
    values(pod: Pod) {
      const { hostname, subdomain } = pod.spec;
      if (!hostname || !subdomain) return [''];
      const ns = pod.metadata.namespace ?? 'default';
      const svc = store.get<GenericObject>('Service', ns, subdomain);
      if (!svc || svc.spec?.clusterIP !== 'None') return [''];
      return [`${hostname}.${subdomain}.${ns}.svc.cluster.local`];
    },
  };
}
