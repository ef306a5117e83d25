// The command AST: what one timeline line means, checked and typed, for the executor to apply to
// the simulated cluster. Discriminated on `verb`. Optional fields are absent (not `undefined`)
// when the line did not set them; the executor applies kubectl's defaults (namespace "default").

import type { LabelSelector } from '../../models/api/policy/labels.js';
import type { Requirement } from '../../models/api/policy/selector-string.js';
import type { Millis } from '../../sim/time.js';
import type { ResourceType } from './resources.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One named object: `deployment/web` → `{ resource: 'deployments', name: 'web' }`. */
export interface ObjectRef {
  resource: ResourceType;
  name: string;
}

/** Which objects a command acts on. */
export type Target =
  /** `TYPE NAME...`, `TYPE/NAME...` (types may differ in the second form). */
  | { by: 'name'; refs: ObjectRef[] }
  /** `TYPE[,TYPE...] -l SELECTOR` */
  | { by: 'selector'; resources: ResourceType[]; selector: Requirement[]; selectorText: string }
  /** `TYPE[,TYPE...] --all` (every object of the types in the namespace) */
  | { by: 'all'; resources: ResourceType[] }
  /** `-f -`: the objects of the action's inline `manifest`. */
  | { by: 'manifest' };

/** A Target that names objects in the cluster (no `-f -`). */
export type ObjectTarget = Exclude<Target, { by: 'manifest' }>;

/** Nodes by name or by label selector (cordon, uncordon, drain, taint). */
export type NodeTarget =
  | { by: 'name'; names: string[] }
  | { by: 'selector'; selector: Requirement[]; selectorText: string }
  | { by: 'all' };

interface Kubectl {
  /** `-n` / `--namespace`; absent means the executor's default ("default"). */
  namespace?: string;
  /** `--record` (deprecated in kubectl; k8sim records the command as the change-cause). */
  record?: true;
}

export interface ApplyCommand extends Kubectl {
  /** `kubectl apply -f -` / `kubectl create -f -`: the action's inline manifest. */
  verb: 'apply' | 'create';
}

export interface CreateDeploymentCommand extends Kubectl {
  verb: 'create-deployment';
  name: string;
  /** One container per image (kubectl names each after its image). */
  images: string[];
  /** kubectl's default is 1. */
  replicas: number;
  port?: number;
  /** After `--`: the container command (only with a single image). */
  command?: string[];
}

export interface CreateJobCommand extends Kubectl {
  verb: 'create-job';
  name: string;
  from: { kind: 'image'; image: string; command?: string[] } | { kind: 'cronjob'; name: string };
}

export interface CreateNamespaceCommand {
  verb: 'create-namespace';
  name: string;
}

export type Cascade = 'background' | 'foreground' | 'orphan';

export interface DeleteCommand extends Kubectl {
  verb: 'delete';
  target: Target;
  cascade: Cascade;
  /**
   * Seconds, after kubectl's rules: `--now` is 1, `--force` alone is 0, `--grace-period=0`
   * without `--force` is 1. Absent: the object's own terminationGracePeriodSeconds.
   */
  gracePeriodSeconds?: number;
  force: boolean;
  ignoreNotFound: boolean;
}

export interface ScaleCommand extends Kubectl {
  verb: 'scale';
  target: ObjectTarget;
  replicas: number;
  /** Precondition: only scale if the current size is this. */
  currentReplicas?: number;
}

export interface SetImageCommand extends Kubectl {
  verb: 'set-image';
  target: ObjectTarget;
  /** `container` is `*` for every container (and init container). */
  images: Array<{ container: string; image: string }>;
}

export interface SetResourcesCommand extends Kubectl {
  verb: 'set-resources';
  target: ObjectTarget;
  /** `-c`; `*` (kubectl's default) is every container. */
  containers: string;
  /** Resource name → quantity, as written (validated): `{ cpu: '100m', memory: '128Mi' }`. */
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface SetEnvCommand extends Kubectl {
  verb: 'set-env';
  target: ObjectTarget;
  /** `-c`; `*` (kubectl's default) is every container. */
  containers: string;
  set: Array<{ name: string; value: string }>;
  /** `NAME-` */
  unset: string[];
  overwrite: boolean;
}

/** One step of a field path: a key or an array index. `spec.containers[0].image` → 4 steps. */
export type FieldPathStep = string | number;

export interface SetFieldCommand extends Kubectl {
  /** k8sim's `set-field TYPE/NAME path=value...`, and `kubectl edit TYPE/NAME --field path=value`. */
  verb: 'set-field';
  target: ObjectRef;
  fields: Array<{ path: FieldPathStep[]; value: JsonValue }>;
}

export interface RolloutUndoCommand extends Kubectl {
  verb: 'rollout-undo';
  target: ObjectTarget;
  /** Absent: the previous revision (kubectl's `--to-revision=0`). */
  toRevision?: number;
}

export interface RolloutCommand extends Kubectl {
  verb: 'rollout-restart' | 'rollout-pause' | 'rollout-resume';
  target: ObjectTarget;
}

/** Print-only: the executor reports, the cluster is unchanged. */
export interface RolloutStatusCommand extends Kubectl {
  verb: 'rollout-status' | 'rollout-history';
  target: ObjectTarget;
  revision?: number;
}

export interface LabelCommand extends Kubectl {
  verb: 'label' | 'annotate';
  target: ObjectTarget;
  /** `key=value` */
  set: Record<string, string>;
  /** `key-` */
  remove: string[];
  overwrite: boolean;
}

export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export type PatchCommand = Kubectl & {
  verb: 'patch';
  target: { by: 'name'; refs: ObjectRef[] };
} & (
  | { patchType: 'strategic' | 'merge'; patch: JsonObject }
  | { patchType: 'json'; patch: JsonPatchOperation[] }
);

export interface AutoscaleCommand extends Kubectl {
  verb: 'autoscale';
  target: ObjectRef;
  /** Absent: the API server's default of 1. */
  min?: number;
  max: number;
  /** Absent: the HPA default target of 80%. */
  cpuPercent?: number;
  /** `--name`; absent: the target's name. */
  name?: string;
}

export interface CordonCommand {
  verb: 'cordon' | 'uncordon';
  nodes: NodeTarget;
}

export interface DrainCommand {
  verb: 'drain';
  nodes: NodeTarget;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  force: boolean;
  disableEviction: boolean;
  /** Absent: each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** Absent (or `--timeout=0`): wait forever. */
  timeout?: Millis;
  /** `--pod-selector`: only evict the pods this selects. */
  podSelector?: LabelSelector;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface TaintCommand {
  verb: 'taint';
  nodes: NodeTarget;
  add: Array<{ key: string; value?: string; effect: TaintEffect }>;
  /** `key-` removes every taint with the key; `key:Effect-` only that effect. */
  remove: Array<{ key: string; effect?: TaintEffect }>;
  overwrite: boolean;
}

/** `logs`: print-only; kept as words for the executor to show. */
export interface ReadOnlyCommand extends Kubectl {
  verb: 'logs';
  args: string[];
}

/** `kubectl describe TYPE [NAME…] [-l SEL] [-n NS | -A]`. */
export interface DescribeCommand extends Kubectl {
  verb: 'describe';
  target: ObjectTarget;
  allNamespaces?: true;
}

/** kubectl get's output formats that k8sim prints (`-o`); absent: the default table. */
export type GetOutput = 'wide' | 'json' | 'yaml' | 'name';

/** `kubectl get TYPE[,TYPE] [NAME…] [-l SEL] [-n NS | -A] [-o wide|json|yaml|name] [--show-labels]`. */
export interface GetCommand extends Kubectl {
  verb: 'get';
  /** `TYPE` alone is every object of the type (`by: 'all'`). */
  target: ObjectTarget;
  output?: GetOutput;
  allNamespaces?: true;
  showLabels?: true;
}

// ---- simulator actions (no `kubectl` prefix) ----

export interface NodeActionCommand {
  /** fail: the node stops (NotReady); recover: it comes back; remove: it is deleted. */
  verb: 'node-fail' | 'node-recover' | 'node-remove';
  node: string;
}

export interface NodeAddCommand {
  verb: 'node-add';
  pool: string;
  count: number;
}

export interface NodeFlapCommand {
  verb: 'node-flap';
  node: string;
  down: Millis;
  up: Millis;
  times: number;
}

export interface ZoneCommand {
  verb: 'zone-fail' | 'zone-recover';
  zone: string;
}

/** `kubectl exec POD [-c C] -- kill [-SIG] 1` (or `sh -c "kill 1"`): a signal to the container's PID 1. */
export interface ExecKillCommand extends Kubectl {
  verb: 'exec-kill';
  pod: string;
  container?: string;
  signal: 'TERM' | 'INT' | 'QUIT' | 'KILL';
}

export interface NoteCommand {
  verb: 'note';
  text: string;
}

export type Command =
  | GetCommand
  | DescribeCommand
  | ApplyCommand
  | CreateDeploymentCommand
  | CreateJobCommand
  | CreateNamespaceCommand
  | DeleteCommand
  | ScaleCommand
  | SetImageCommand
  | SetResourcesCommand
  | SetEnvCommand
  | SetFieldCommand
  | RolloutUndoCommand
  | RolloutCommand
  | RolloutStatusCommand
  | LabelCommand
  | PatchCommand
  | AutoscaleCommand
  | CordonCommand
  | DrainCommand
  | TaintCommand
  | ReadOnlyCommand
  | NodeActionCommand
  | NodeAddCommand
  | NodeFlapCommand
  | ZoneCommand
  | ExecKillCommand
  | NoteCommand;

export type Verb = Command['verb'];
