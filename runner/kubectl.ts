// The timeline's kubectl: each verb is a thin client of the API server, as kubectl is of
// kube-apiserver — resolve the objects it names, build the request (create, update of a
// modified copy, patch, the scale subresource, delete), send it, and return the lines kubectl
// prints. Validation, admission and their messages are the server's; tables are reports/'.

import { ApiError, notFoundError } from '../models/api/errors.js';
import type { ClusterModel } from '../models/cluster.js';
import { CHANGE_CAUSE_ANNOTATION, REVISION_ANNOTATION } from '../models/controllers/deployment.js';
import { createHpaObject } from '../models/autoscaling/hpa/controller.js';
import { applyDefaults, CLUSTER_SCOPED } from '../models/api/policy/defaults.js';
import { applyJsonPatch, applyPatch, mergePatch, strategicMergePatch } from '../models/api/policy/patch.js';
import { checkWriteTypes } from './type-check.js';
import { prepareManifest } from '../models/api/manifests.js';
import { requirementsMatch } from '../models/api/policy/selector-string.js';
import { POD_TEMPLATE_HASH_LABEL } from '../models/controllers/policy/pod-template-hash.js';
import { controllerRef, listOrder } from '../models/api/store.js';
import type { Container, CronJob, Deployment, KEvent, KObject, PodTemplateSpec, ReplicaSet, Pod } from '../models/api/types.js';
import type { TimelineEntry } from '../scenarios/build.js';
import { runNodeCommand, type NodeCommand } from './node-commands.js';
import { RESOURCES, resourceInfo, type CustomResources, type ResourceInfo, type ResourceType } from '../scenarios/kubectl/resources.js';
import { rolloutHistoryLines } from '../reports/kubectl-format.js';
import { getLines, type GetOptions } from '../reports/kubectl-get.js';
import type { Command, DescribeCommand, ExecKillCommand, GetCommand, ObjectRef, ObjectTarget, Target } from '../scenarios/kubectl/types.js';
import { describeLines } from '../reports/kubectl-describe.js';
import { storedKind } from '../scenarios/custom-kinds.js';

/** A kubectl-side failure (before or instead of a request): printed as is, the run goes on. */
export class KubectlError extends Error {}

/** The type as resource.group: "deployments.apps"; a custom type is named so already. */
function groupSuffix(t: ResourceType, info: ResourceInfo): string {
  if (t.includes('.')) return t;
  return info.group ? `${t}.${info.group}` : t;
}

/** kubectl's type word in its output: "deployment.apps", "pod", "servicemonitor.monitoring.coreos.com". */
function typeName(info: ResourceInfo): string {
  const singular = 'singular' in info && typeof info.singular === 'string' ? info.singular : info.kind.toLowerCase();
  return `${singular}${info.group ? `.${info.group}` : ''}`;
}

/** Whether an apply leaves the object as it was: its spec (and other body fields), labels, annotations. */
function sameApplied(next: KObject, live: KObject): boolean {
  const body = (o: KObject) => {
    const { metadata, status: _status, ...rest } = o as KObject & { status?: unknown };
    return JSON.stringify([rest, metadata.labels ?? {}, metadata.annotations ?? {}]);
  };
  return body(next) === body(live);
}

/** Identity of an applied object. */
function applyKey(obj: KObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** A copy of a stored object to edit and send back (kubectl's read-modify-write). */
function copyOf<T extends KObject>(obj: T): T {
  return structuredClone(obj);
}

export class Kubectl {
  /** The manifest each object was last applied with, by kind/namespace/name. */
  private readonly lastApplied = new Map<string, KObject>();

  constructor(
    private readonly model: ClusterModel,
    /** The scenario's custom resource types (scenarios/kubectl/custom-resources.ts). */
    private readonly custom: CustomResources = new Map(),
  ) {}

  private info(t: ResourceType): ResourceInfo {
    return resourceInfo(t, this.custom);
  }

  /** kubectl's "deployment.apps/web" object naming. */
  private shortName(t: ResourceType, name: string): string {
    return `${typeName(this.info(t))}/${name}`;
  }

  private notFound(t: ResourceType, name: string): KubectlError {
    return new KubectlError(`Error from server (NotFound): ${groupSuffix(t, this.info(t))} "${name}" not found`);
  }

  private ns(cmd: { namespace?: string }): string {
    return cmd.namespace ?? 'default';
  }

  private get api() {
    return this.model.api;
  }

  /** Run one command; returns kubectl's output lines, throws KubectlError or ApiError. */
  run(cmd: Command, entry: TimelineEntry): string[] {
    const m = this.model;
    switch (cmd.verb) {
      case 'apply':
      case 'create':
        return this.applyManifest(entry.manifest!, cmd.verb, this.ns(cmd));
      case 'create-deployment':
        return this.createObject(this.deploymentFor(cmd.name, cmd.images, cmd.replicas, this.ns(cmd), cmd.port, cmd.command), 'deployments');
      case 'create-namespace':
        return this.createObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: cmd.name } }, 'namespaces');
      case 'create-job': {
        if (cmd.from.kind === 'cronjob') return this.createObject(this.jobFromCronJob(cmd.from.name, cmd.name, this.ns(cmd)), 'jobs');
        const container: Container = { name: cmd.name, image: cmd.from.image };
        if (cmd.from.command) container.command = cmd.from.command;
        const job = {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: cmd.name, namespace: this.ns(cmd) },
          spec: { template: { spec: { containers: [container], restartPolicy: 'Never' } } },
        } as unknown as KObject;
        return this.createObject(job, 'jobs');
      }
      case 'delete':
        // kubectl --ignore-not-found: names that do not exist are skipped silently.
        if (cmd.ignoreNotFound && cmd.target.by === 'name') {
          const refs = cmd.target.refs.filter((r) => this.exists(r, this.ns(cmd)));
          if (refs.length === 0) return [];
          return this.delete({ ...cmd.target, refs }, entry, this.ns(cmd), cmd.cascade, cmd.gracePeriodSeconds, cmd.force);
        }
        return this.delete(cmd.target, entry, this.ns(cmd), cmd.cascade, cmd.gracePeriodSeconds, cmd.force);
      case 'scale':
        return this.objects(cmd.target, this.ns(cmd)).map(([t, obj]) => {
          const spec = (obj as { spec?: { replicas?: number } }).spec;
          if (!spec || !['deployments', 'replicasets', 'statefulsets'].includes(t)) {
            throw new KubectlError(`error: ${this.shortName(t, obj.metadata.name)} is not scalable`);
          }
          const current = spec.replicas ?? 1;
          if (cmd.currentReplicas !== undefined && cmd.currentReplicas !== current) {
            throw new KubectlError(`error: Expected replicas to be ${cmd.currentReplicas}, was ${current}`);
          }
          this.api.scale(obj as KObject & { spec: { replicas?: number } }, cmd.replicas);
          return `${this.shortName(t, obj.metadata.name)} scaled`;
        });
      case 'set-image':
        return this.editTemplates(cmd.target, this.ns(cmd), entry, (tpl, name) => {
          let changed = false;
          for (const { container, image } of cmd.images) {
            const list = [...tpl.spec.containers, ...(tpl.spec.initContainers ?? [])];
            const hits = container === '*' ? list : list.filter((c) => c.name === container);
            if (hits.length === 0) throw new KubectlError(`error: unable to find container named "${container}"`);
            for (const c of hits) {
              if (c.image !== image) changed = true;
              c.image = image;
              delete c.imagePullPolicy;
            }
          }
          return changed ? `${name} image updated` : undefined;
        });
      case 'set-resources':
        return this.editTemplates(cmd.target, this.ns(cmd), entry, (tpl, name) => {
          const hits = cmd.containers === '*' ? tpl.spec.containers : tpl.spec.containers.filter((c) => c.name === cmd.containers);
          if (hits.length === 0) throw new KubectlError(`error: unable to find container named ${cmd.containers}`);
          for (const c of hits) {
            c.resources ??= {};
            if (Object.keys(cmd.requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...cmd.requests };
            if (Object.keys(cmd.limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...cmd.limits };
          }
          return `${name} resource requirements updated`;
        });
      case 'set-env':
        return this.editTemplates(cmd.target, this.ns(cmd), entry, (tpl, name) => {
          const hits = cmd.containers === '*' ? tpl.spec.containers : tpl.spec.containers.filter((c) => c.name === cmd.containers);
          for (const c of hits) {
            const env = (c.env ?? []).filter((e) => !cmd.unset.includes(e.name));
            for (const s of cmd.set) {
              const cur = env.find((e) => e.name === s.name);
              if (cur) cur.value = s.value;
              else env.push({ name: s.name, value: s.value });
            }
            c.env = env;
          }
          return `${name} env updated`;
        });
      case 'set-field': {
        const [t, obj] = this.one(cmd.target, this.ns(cmd));
        const next = copyOf(obj);
        for (const f of cmd.fields) setPath(next as unknown as Record<string, unknown>, f.path, structuredClone(f.value));
        this.update(next);
        return [`${this.shortName(t, obj.metadata.name)} edited`];
      }
      case 'rollout-undo':
        return this.objects(cmd.target, this.ns(cmd)).map(([t, obj]) => this.undo(t, obj, cmd.toRevision));
      case 'rollout-restart':
        return this.editTemplates(cmd.target, this.ns(cmd), entry, (tpl, name) => {
          tpl.metadata ??= {};
          tpl.metadata.annotations = { ...(tpl.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': virtualTimestamp(m.sim.now) };
          return `${name} restarted`;
        });
      case 'rollout-pause':
      case 'rollout-resume':
        return this.objects(cmd.target, this.ns(cmd)).map(([t, obj]) => {
          if (t !== 'deployments') throw new KubectlError(`error: ${this.shortName(t, obj.metadata.name)} is not supported by ${cmd.verb.replace('-', ' ')}`);
          const d = obj as Deployment;
          const pause = cmd.verb === 'rollout-pause';
          if ((d.spec.paused ?? false) === pause) throw new KubectlError(`error: ${this.shortName(t, d.metadata.name)} is ${pause ? 'already paused' : 'not paused'}`);
          // kubectl rollout pause/resume: a patch of spec.paused.
          this.api.patch('Deployment', d.apiVersion, d.metadata.namespace, d.metadata.name, 'merge', { spec: { paused: pause } });
          return `${this.shortName(t, d.metadata.name)} ${pause ? 'paused' : 'resumed'}`;
        });
      case 'rollout-status':
        return this.objects(cmd.target, this.ns(cmd)).map(([t, obj]) => this.rolloutStatus(t, obj));
      case 'rollout-history':
        return this.objects(cmd.target, this.ns(cmd)).flatMap(([t, obj]) => this.history(t, obj));
      case 'label':
      case 'annotate':
        return this.objects(cmd.target, this.ns(cmd)).map(([t, obj]) => {
          const field = cmd.verb === 'label' ? 'labels' : 'annotations';
          const cur = obj.metadata[field] ?? {};
          // kubectl label/annotate: a merge patch of metadata.labels|annotations (null removes).
          const change: Record<string, string | null> = {};
          for (const [k, v] of Object.entries(cmd.set)) {
            if (cur[k] !== undefined && cur[k] !== v && !cmd.overwrite) {
              throw new KubectlError(`error: '${k}' already has a value (${cur[k]}), and --overwrite is false`);
            }
            change[k] = v;
          }
          for (const k of cmd.remove) change[k] = null;
          this.api.patch(obj.kind, obj.apiVersion, obj.metadata.namespace, obj.metadata.name, 'merge', { metadata: { [field]: change } });
          return `${this.shortName(t, obj.metadata.name)} ${cmd.verb === 'label' ? 'labeled' : 'annotated'}`;
        });
      case 'patch':
        return cmd.target.refs.map((ref) => {
          const obj = this.get(ref, this.ns(cmd));
          checkWriteTypes(patched(obj, cmd.patchType, cmd.patch));
          this.api.patch(obj.kind, obj.apiVersion, obj.metadata.namespace, obj.metadata.name, cmd.patchType, cmd.patch);
          return `${this.shortName(ref.resource, obj.metadata.name)} patched`;
        });
      case 'autoscale': {
        const target = this.get(cmd.target, this.ns(cmd));
        const hpa = createHpaObject({
          namespace: this.ns(cmd),
          target: { apiVersion: target.apiVersion, kind: target.kind, name: target.metadata.name },
          max: cmd.max,
          ...(cmd.name !== undefined ? { name: cmd.name } : {}),
          ...(cmd.min !== undefined ? { min: cmd.min } : {}),
          ...(cmd.cpuPercent !== undefined ? { cpuPercent: cmd.cpuPercent } : {}),
        });
        this.createObject(hpa, 'horizontalpodautoscalers');
        return [`horizontalpodautoscaler.autoscaling/${hpa.metadata.name} autoscaled`];
      }
      case 'note':
        return [cmd.text];
      case 'get':
        return this.getObjects(cmd);
      case 'describe':
        return this.describe(cmd);
      case 'logs':
        return [`(logs: k8sim does not model what containers print; their states are in pods.csv and \`kubectl describe pod\`)`];
      case 'exec-kill':
        return this.execKill(cmd);
      default:
        return runNodeCommand(this.model, cmd as NodeCommand, (msg) => new KubectlError(msg));
    }
  }

  /** `kubectl exec POD -- kill 1`: the signal reaches the container's PID 1 through its kubelet. */
  private execKill(cmd: ExecKillCommand): string[] {
    const ns = this.ns(cmd);
    const pod = this.model.store.get<Pod>('Pod', ns, cmd.pod);
    if (!pod) throw new KubectlError(`Error from server (NotFound): pods "${cmd.pod}" not found`);
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') {
      throw new KubectlError(`error: cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
    }
    const lines: string[] = [];
    let index = 0;
    if (cmd.container !== undefined) {
      index = pod.spec.containers.findIndex((c) => c.name === cmd.container);
      if (index < 0) throw new KubectlError(`error: unable to upgrade connection: container ${cmd.container} not found in pod ${cmd.pod}`);
    } else if (pod.spec.containers.length > 1) {
      lines.push(`Defaulted container "${pod.spec.containers[0]!.name}" out of: ${pod.spec.containers.map((c) => c.name).join(', ')}`);
    }
    const name = pod.spec.containers[index]!.name;
    const result = this.model.kubelet.signalContainer(pod, index, cmd.signal);
    if (result === 'not-running') throw new KubectlError(`error: unable to upgrade connection: container not found ("${name}")`);
    // kill prints nothing; say what the model did, as a note.
    lines.push(
      result === 'ignored'
        ? `(PID 1 of ${cmd.pod}/${name} ignores SIG${cmd.signal}: ${cmd.signal === 'KILL' ? 'the kernel shields a namespace\'s init from SIGKILL sent inside it' : 'it installs no handler'})`
        : `(SIG${cmd.signal} sent to PID 1 of ${cmd.pod}/${name}: it exits)`,
    );
    return lines;
  }

  /** Objects for get/describe, per type: named ones (NotFound if missing) or listed ones. */
  private findForRead(t: ObjectTarget, ns: string, allNamespaces: boolean): Array<{ type: ResourceInfo; objects: KObject[]; listed: boolean }> {
    const groups: Array<{ type: ResourceInfo; objects: KObject[]; listed: boolean }> = [];
    if (t.by === 'name') {
      // Named objects print in the order given; a missing one is kubectl's NotFound.
      for (const r of t.refs) {
        const info = this.info(r.resource);
        let g = groups.find((x) => x.type === info);
        if (!g) groups.push((g = { type: info, objects: [], listed: false }));
        g.objects.push(this.get(r, ns));
      }
      return groups;
    }
    for (const rt of t.resources) {
      const info: ResourceInfo = this.info(rt);
      let list: KObject[] = !info.namespaced || allNamespaces ? [...this.model.store.list<KObject>(info.kind)] : this.model.store.listInNamespace<KObject>(info.kind, ns);
      if (t.by === 'selector') list = list.filter((o) => requirementsMatch(t.selector, o.metadata.labels ?? {}));
      groups.push({ type: info, objects: list, listed: true });
    }
    return groups;
  }

  /**
   * `kubectl get`: resolve the objects as kubectl's resource builder does (names, a selector or
   * every object of the types, in one namespace or all), then print them (reports/kubectl-get.ts).
   */
  private getObjects(cmd: GetCommand): string[] {
    const ns = this.ns(cmd);
    const groups = this.findForRead(cmd.target, ns, cmd.allNamespaces === true);
    if (groups.every((g) => g.objects.length === 0)) {
      const clusterWide = cmd.allNamespaces || groups.every((g) => !g.type.namespaced);
      return [clusterWide ? 'No resources found' : `No resources found in ${ns} namespace.`];
    }
    const opts: GetOptions = {};
    if (cmd.output !== undefined) opts.output = cmd.output;
    if (cmd.allNamespaces) opts.allNamespaces = true;
    if (cmd.showLabels) opts.showLabels = true;
    if (groups.length > 1) opts.prefixTypes = true;
    return getLines(groups, opts, this.model.sim.now);
  }

  /** `kubectl describe`: the objects as `get` finds them, each with the events recorded for it. */
  private describe(cmd: DescribeCommand): string[] {
    const groups = this.findForRead(cmd.target, this.ns(cmd), cmd.allNamespaces === true);
    const objs = groups.flatMap((g) => (g.listed ? [...g.objects].sort(listOrder) : g.objects));
    if (objs.length === 0) return [cmd.allNamespaces || groups.every((g) => !g.type.namespaced) ? 'No resources found' : `No resources found in ${this.ns(cmd)} namespace.`];
    const out: string[] = [];
    for (const o of objs) {
      if (out.length > 0) out.push('', '');
      const events = this.eventsOf?.(o) ?? [];
      out.push(...describeLines(o, events, this.model.sim.now));
    }
    return out;
  }

  /** Events by object, for describe (set by the timeline when a describe is scheduled). */
  eventsOf: ((o: KObject) => readonly KEvent[]) | undefined;

  private get(ref: ObjectRef, ns: string): KObject {
    const info = this.info(ref.resource);
    const obj = this.model.store.get<KObject>(info.kind, info.namespaced ? ns : undefined, ref.name);
    if (!obj) throw this.notFound(ref.resource, ref.name);
    return obj;
  }

  private exists(ref: ObjectRef, ns: string): boolean {
    const info = this.info(ref.resource);
    return this.model.store.get<KObject>(info.kind, info.namespaced ? ns : undefined, ref.name) !== undefined;
  }

  private one(ref: ObjectRef, ns: string): [ResourceType, KObject] {
    return [ref.resource, this.get(ref, ns)];
  }

  /** Resolve a target to objects, as kubectl's resource builder does. */
  private objects(target: ObjectTarget, ns: string): Array<[ResourceType, KObject]> {
    if (target.by === 'name') return target.refs.map((r) => this.one(r, ns));
    const out: Array<[ResourceType, KObject]> = [];
    for (const t of target.resources) {
      const info = this.info(t);
      const list = info.namespaced ? this.model.store.listInNamespace<KObject>(info.kind, ns) : [...this.model.store.list<KObject>(info.kind)];
      // The server lists in key order (namespace, then name), and kubectl acts in list order.
      const picked = list.filter((o) => target.by !== 'selector' || requirementsMatch(target.selector, o.metadata.labels ?? {}));
      picked.sort(listOrder);
      for (const o of picked) out.push([t, o]);
    }
    if (out.length === 0) throw new KubectlError(`No resources found in ${ns} namespace.`);
    return out;
  }

  /**
   * kubectl's createJobFromCronJob: the job template's labels, annotations (plus
   * cronjob.kubernetes.io/instantiate: manual) and spec, controlled by the CronJob (without
   * blockOwnerDeletion). The CronJob controller then reports it as UnexpectedJob, as upstream.
   */
  private jobFromCronJob(cronJobName: string, name: string, ns: string): KObject {
    const cj = this.model.store.get<CronJob>('CronJob', ns, cronJobName);
    if (!cj) throw notFoundError('CronJob', 'batch/v1', cronJobName);
    const tpl = cj.spec.jobTemplate;
    const metadata: KObject['metadata'] = {
      name,
      namespace: ns,
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tpl.metadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid!, controller: true }],
    };
    if (tpl.metadata?.labels) metadata.labels = { ...tpl.metadata.labels };
    return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(tpl.spec) } as unknown as KObject;
  }

  /** PUT of a client-made object: type-checked as the server decodes it, then sent. */
  private update(next: KObject): void {
    checkWriteTypes(next);
    this.api.update(next);
  }

  private createObject(obj: KObject, t: ResourceType): string[] {
    checkWriteTypes(obj);
    this.api.create(obj);
    return [`${this.shortName(t, obj.metadata.name)} created`];
  }

  private applyManifest(manifest: Record<string, unknown>, verb: 'apply' | 'create', ns: string): string[] {
    // A List (what kubectl get -o yaml writes): each item, as kubectl's resource builder flattens it.
    const items = unpackListManifest(manifest);
    if (items !== undefined) return items.flatMap((item) => this.applyManifest(item, verb, ns));
    const obj = prepareManifest(manifest);
    // A custom resource named like a Kubernetes kind is stored as Kind.group (scenarios/custom-kinds.ts).
    obj.kind = storedKind(String(manifest.apiVersion ?? ''), obj.kind);
    if (!obj.metadata.namespace && !CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = ns;
    const words = typeWords(obj.kind, String(manifest.apiVersion ?? ''), this.custom);
    const existing = this.model.store.get<KObject>(obj.kind, obj.metadata.namespace, obj.metadata.name);
    const id = applyKey(obj);
    if (!existing) {
      this.api.create(obj);
      if (verb === 'apply') this.lastApplied.set(id, prepareManifest(manifest));
      return [`${words.type}/${obj.metadata.name} created`];
    }
    if (verb === 'create') throw new KubectlError(`Error from server (AlreadyExists): error when creating "STDIN": ${words.plural} "${obj.metadata.name}" already exists`);
    // kubectl apply: a three-way merge of the previous apply, this manifest and the live
    // object, sent as an update of the live object's copy. kubectl keeps the previous apply
    // in the last-applied-configuration annotation; this client keeps it beside itself.
    const declared = prepareManifest(manifest) as unknown as Record<string, unknown>;
    delete (declared.metadata as Record<string, unknown>).namespace;
    const last = this.lastApplied.get(id) as unknown as Record<string, unknown> | undefined;
    const next = strategicMergePatch(copyOf(existing) as unknown as Record<string, unknown>, applyPatch(last, declared)) as unknown as KObject;
    // The server defaults what the manifest leaves out: defaulting here too tells
    // "unchanged" from "configured" as the server's answer would.
    applyDefaults(next);
    // kubectl prints "unchanged" when its patch changes nothing: compare what it sends.
    const changed = !sameApplied(next, existing);
    this.update(next);
    this.lastApplied.set(id, prepareManifest(manifest));
    return [`${words.type}/${obj.metadata.name} ${changed ? 'configured' : 'unchanged'}`];
  }

  /** What `kubectl apply -f scenario.yaml` declared at t=0: the previous apply of those objects. */
  recordApplied(manifest: Record<string, unknown>): void {
    const obj = prepareManifest(manifest);
    if (!obj.metadata.namespace && !CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = 'default';
    this.lastApplied.set(applyKey(obj), prepareManifest(manifest));
  }

  private deploymentFor(name: string, images: string[], replicas: number, ns: string, port?: number, command?: string[]): Deployment {
    // kubectl names each container after its image's base name.
    const containers: Container[] = images.map((image) => {
      const base = image.split('@')[0]!.split('/').pop()!.split(':')[0]!;
      const c: Container = { name: base, image, resources: {} };
      if (port !== undefined) c.ports = [{ containerPort: port }];
      if (command && images.length === 1) c.command = command;
      return c;
    });
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers } },
      },
      status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] },
    };
  }

  private delete(target: Target, entry: TimelineEntry, ns: string, cascade: 'background' | 'foreground' | 'orphan', grace: number | undefined, force: boolean): string[] {
    // `-f -`: the manifest's objects (a List's items; any kind the API server stores, custom resources too).
    const list: Array<[string, KObject]> =
      target.by === 'manifest'
        ? (unpackListManifest(entry.manifest!) ?? [entry.manifest!]).map((mf) => {
            const o = prepareManifest(mf);
            const apiVersion = String(mf.apiVersion ?? '');
            const kind = storedKind(apiVersion, o.kind);
            const words = typeWords(kind, apiVersion, this.custom);
            const where = CLUSTER_SCOPED.has(kind) ? undefined : o.metadata.namespace ?? ns;
            const found = this.model.store.get<KObject>(kind, where, o.metadata.name);
            if (!found) throw new KubectlError(`Error from server (NotFound): ${words.plural} "${o.metadata.name}" not found`);
            return [words.type, found] as [string, KObject];
          })
        : this.objects(target, ns).map(([t, o]) => [typeName(this.info(t)), o] as [string, KObject]);
    const propagation = cascade === 'orphan' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
    return list.map(([type, obj]) => {
      if (obj.kind === 'Pod' && force && grace === 0) this.api.removePod(obj as Pod);
      else this.api.delete(obj, { propagation, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) });
      return `${type} "${obj.metadata.name}" deleted`;
    });
  }

  /**
   * Change pod templates (set image/resources/env, rollout restart) on a copy, record the
   * change-cause, and send the copy as an update; an edit that throws leaves the object as it was.
   */
  private editTemplates(
    target: ObjectTarget,
    ns: string,
    entry: TimelineEntry,
    edit: (tpl: PodTemplateSpec, name: string) => string | undefined,
  ): string[] {
    return this.objects(target, ns).map(([t, obj]) => {
      const next = copyOf(obj);
      const spec = (next as { spec?: { template?: PodTemplateSpec } }).spec;
      if (!spec?.template) throw new KubectlError(`error: ${this.shortName(t, obj.metadata.name)} has no pod template`);
      if (t === 'jobs') throw new KubectlError(`The Job "${obj.metadata.name}" is invalid: spec.template: Invalid value: field is immutable`);
      const msg = edit(spec.template, this.shortName(t, obj.metadata.name));
      if (msg === undefined) return `${this.shortName(t, obj.metadata.name)} unchanged`;
      if (entry.command && 'record' in entry.command && entry.command.record) {
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: entry.run };
      }
      this.update(next);
      return msg;
    });
  }

  private deploymentRSs(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const o of this.model.store.dependentsOf(d.metadata.uid!)) {
      if (o.kind === 'ReplicaSet' && controllerRef(o)?.uid === d.metadata.uid) out.push(o as ReplicaSet);
    }
    return out.sort((a, b) => revision(a) - revision(b));
  }

  /** kubectl rollout undo: copy the chosen revision's template back (client-side, as kubectl does). */
  private undo(t: ResourceType, obj: KObject, toRevision: number | undefined): string {
    if (t !== 'deployments') throw new KubectlError(`error: rollout undo for ${this.info(t).kind} is not simulated yet`);
    const d = obj as Deployment;
    const rss = this.deploymentRSs(d);
    let target: ReplicaSet | undefined;
    if (toRevision === undefined || toRevision === 0) {
      if (rss.length < 2) throw new KubectlError(`error: no rollout history found for deployment "${d.metadata.name}"`);
      // The previous revision: the highest one below the current.
      const current = Number(d.metadata.annotations?.[REVISION_ANNOTATION] ?? revision(rss[rss.length - 1]!));
      target = [...rss].reverse().find((rs) => revision(rs) < current);
    } else {
      target = rss.find((rs) => revision(rs) === toRevision);
      if (!target) throw new KubectlError(`error: unable to find specified revision ${toRevision} in history`);
    }
    if (!target) throw new KubectlError(`error: no rollout history found for deployment "${d.metadata.name}"`);
    const tpl = structuredClone(target.spec.template);
    if (tpl.metadata?.labels) delete tpl.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (JSON.stringify(tpl) === JSON.stringify(d.spec.template)) {
      return `deployment.apps/${d.metadata.name} skipped rollback (current template already matches revision ${revision(target)})`;
    }
    const next = copyOf(d);
    next.spec.template = tpl;
    // kubectl replaces the Deployment's annotations: its own controller-owned ones stay, the
    // rest come from the chosen ReplicaSet (so its change-cause, or none).
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ROLLBACK_SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
    for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!ROLLBACK_SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
    next.metadata.annotations = annotations;
    this.update(next);
    return `deployment.apps/${d.metadata.name} rolled back`;
  }

  private history(t: ResourceType, obj: KObject): string[] {
    if (t !== 'deployments') throw new KubectlError(`error: rollout history for ${this.info(t).kind} is not simulated yet`);
    const d = obj as Deployment;
    return rolloutHistoryLines(
      d.metadata.name,
      this.deploymentRSs(d).map((rs) => ({ revision: revision(rs), changeCause: rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] })),
    );
  }

  /** One line of `kubectl rollout status` (without waiting): kubectl's DeploymentStatusViewer. */
  private rolloutStatus(t: ResourceType, obj: KObject): string {
    if (t !== 'deployments') return `${this.shortName(t, obj.metadata.name)}: rollout status is reported for Deployments only`;
    const d = obj as Deployment;
    const want = d.spec.replicas ?? 1;
    const s = d.status;
    if ((d.metadata.generation ?? 1) > (s.observedGeneration ?? 0)) return 'Waiting for deployment spec update to be observed...';
    const progressing = s.conditions.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') throw new KubectlError(`error: deployment "${d.metadata.name}" exceeded its progress deadline`);
    if (s.updatedReplicas < want) return `Waiting for deployment "${d.metadata.name}" rollout to finish: ${s.updatedReplicas} out of ${want} new replicas have been updated...`;
    if (s.replicas > s.updatedReplicas) return `Waiting for deployment "${d.metadata.name}" rollout to finish: ${s.replicas - s.updatedReplicas} old replicas are pending termination...`;
    if (s.availableReplicas < s.updatedReplicas) return `Waiting for deployment "${d.metadata.name}" rollout to finish: ${s.availableReplicas} of ${s.updatedReplicas} updated replicas are available...`;
    return `deployment "${d.metadata.name}" successfully rolled out`;
  }
}

/** True for the errors kubectl reports and survives (the timeline goes on), false for bugs. */
/** What a patch makes of the stored object (the server applies it the same way), for the type check. */
function patched(obj: KObject, type: 'strategic' | 'merge' | 'json', patch: unknown): KObject {
  const body = structuredClone(obj) as unknown as Record<string, unknown>;
  if (type === 'json') return applyJsonPatch(body, patch as Parameters<typeof applyJsonPatch>[1]) as unknown as KObject;
  if (type === 'merge') return mergePatch(body, patch) as unknown as KObject;
  return strategicMergePatch(body, patch as Record<string, unknown>) as unknown as KObject;
}

export function isKubectlFailure(e: unknown): e is KubectlError | ApiError {
  return e instanceof KubectlError || e instanceof ApiError;
}

/** kubectl's rollback annotationsToSkip: kept from the Deployment, never copied from the RS. */
const ROLLBACK_SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function revision(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
}

/**
 * How kubectl names an object's type: `deployment.apps` and `deployments.apps` for a kind it
 * knows; for a custom resource the kind and group, with kubectl's guess of the plural
 * (meta.UnsafeGuessKindToResource: -s, -es after s, -ies for a final y).
 */
function typeWords(kind: string, apiVersion: string, custom: CustomResources): { type: string; plural: string } {
  const known = Object.entries(RESOURCES).find(([, info]) => info.kind === kind);
  if (known) return { type: typeName(known[1]), plural: groupSuffix(known[0] as ResourceType, known[1]) };
  // A CRD of the scenario names its plural and singular.
  const slash0 = apiVersion.indexOf('/');
  const group0 = slash0 < 0 ? '' : apiVersion.slice(0, slash0).toLowerCase();
  for (const [t, info] of custom) if (info.kind === kind && info.group === group0) return { type: typeName(info), plural: t };
  const dot = kind.indexOf('.');
  const bare = (dot < 0 ? kind : kind.slice(0, dot)).toLowerCase();
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const plural = bare.endsWith('s') ? `${bare}es` : bare.endsWith('y') ? `${bare.slice(0, -1)}ies` : `${bare}s`;
  const g = group ? `.${group}` : '';
  return { type: `${bare}${g}`, plural: `${plural}${g}` };
}

/** The items of a List manifest (typed lists give their items apiVersion and kind), else undefined. */
function unpackListManifest(m: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const kind = m.kind;
  if (typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(m.items)) return undefined;
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  return (m.items as unknown[]).filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object' && !Array.isArray(i))
    .map((i) => (itemKind === undefined ? i : { apiVersion: m.apiVersion, kind: itemKind, ...i }));
}

export function resourceOfKind(kind: string): ResourceType {
  for (const [t, info] of Object.entries(RESOURCES)) if (info.kind === kind) return t as ResourceType;
  throw new KubectlError(`error: the server doesn't have a resource type "${kind.toLowerCase()}"`);
}

/** RFC 3339 time of a virtual instant, counting from the epoch (deterministic). */
export function virtualTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // wall-clock ok: formats a virtual time
}

function setPath(obj: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let cur: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    let next = cur[k];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      cur[k] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}
