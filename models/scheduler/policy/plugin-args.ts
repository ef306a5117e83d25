// The NodeResourcesFit and NodeResourcesBalancedAllocation plugin arguments as kube-scheduler reads
// them from a KubeSchedulerConfiguration's pluginConfig: upstream's v1 defaulting first
// (pkg/scheduler/apis/config/v1/defaults.go SetDefaults_NodeResourcesFitArgs /
// SetDefaults_NodeResourcesBalancedAllocationArgs), then its validation
// (pkg/scheduler/apis/config/validation/validation_pluginargs.go ValidateNodeResourcesFitArgs /
// ValidateNodeResourcesBalancedAllocationArgs), with upstream's field paths and messages, so a
// scenario's configuration is refused exactly where kube-scheduler would refuse to start.
//
// Pure: plain values in, plain values out; the scenario loader turns the errors into
// `file:line:col: field: message`.
import { goValue, isQualifiedName, type FieldErrorType } from '../../api/policy/validation.js';
import { DefaultResources, type ResourceSpec, type ScoringStrategy, type UtilizationShapePoint } from './config.js';

/** NodeResourcesFitArgs after defaulting. */
export interface NodeResourcesFitArgs {
  /** Extended resources the Filter does not check (e.g. `example.com/foo`). */
  ignoredResources: string[];
  /** Extended-resource groups (the part before `/`) the Filter does not check. */
  ignoredResourceGroups: string[];
  scoringStrategy: ScoringStrategy;
}

/** NodeResourcesBalancedAllocationArgs after defaulting. */
export interface BalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** One problem in the args: the path below `args`, upstream's error type, value and detail. */
export interface ArgError {
  path: Array<string | number>;
  type: FieldErrorType;
  value?: unknown;
  detail: string;
}

/** field.Error.Error() without the field (the loader prints the path): `Invalid value: 101: …`. */
export function argErrorMessage(e: ArgError): string {
  const text: Record<FieldErrorType, string> = {
    Required: 'Required value', Invalid: 'Invalid value', Forbidden: 'Forbidden', NotSupported: 'Unsupported value',
    Duplicate: 'Duplicate value', TooLong: 'Too long', TooMany: 'Too many',
  };
  let body = text[e.type];
  if (e.type !== 'Required' && e.type !== 'Forbidden' && 'value' in e) body += `: ${goValue(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  return body;
}

/** The args as written (v1, every field optional; weights may be 0 = unset). */
export interface RawScoringStrategy {
  type?: string;
  resources?: Array<{ name: string; weight?: number }>;
  requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
}
export interface RawNodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: RawScoringStrategy;
}
export interface RawBalancedAllocationArgs {
  resources?: Array<{ name: string; weight?: number }>;
}

const weighted = (rs: ReadonlyArray<{ name: string; weight?: number }>): ResourceSpec[] =>
  // "If the weight is not set or it is explicitly set to 0, then apply the default weight(1)."
  rs.map((r) => ({ name: r.name, weight: r.weight === undefined || r.weight === 0 ? 1 : r.weight }));

/**
 * SetDefaults_NodeResourcesFitArgs: no scoringStrategy → LeastAllocated over cpu:1, memory:1; an
 * empty resource list → cpu:1, memory:1; weight 0 or unset → 1. The strategy's type is not
 * defaulted when a scoringStrategy is given (validation then refuses the empty type).
 */
export function defaultNodeResourcesFitArgs(raw: RawNodeResourcesFitArgs = {}): NodeResourcesFitArgs {
  const s = raw.scoringStrategy;
  const strategy: ScoringStrategy = s === undefined
    ? { type: 'LeastAllocated', resources: [...DefaultResources] }
    : {
      type: (s.type ?? '') as ScoringStrategy['type'],
      resources: s.resources === undefined || s.resources.length === 0 ? [...DefaultResources] : weighted(s.resources),
      ...(s.requestedToCapacityRatio !== undefined ? { requestedToCapacityRatio: { shape: s.requestedToCapacityRatio.shape ?? [] } } : {}),
    };
  return { ignoredResources: [...(raw.ignoredResources ?? [])], ignoredResourceGroups: [...(raw.ignoredResourceGroups ?? [])], scoringStrategy: strategy };
}

/** SetDefaults_NodeResourcesBalancedAllocationArgs: no or empty resources → cpu:1, memory:1; weight 0 or unset → 1. */
export function defaultBalancedAllocationArgs(raw: RawBalancedAllocationArgs = {}): BalancedAllocationArgs {
  const rs = raw.resources;
  return { resources: rs === undefined || rs.length === 0 ? [...DefaultResources] : weighted(rs) };
}

const STRATEGY_TYPES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** metav1validation.ValidateLabelName: IsQualifiedName, each message an Invalid error. */
function labelName(v: string, path: Array<string | number>, out: ArgError[]): void {
  for (const m of isQualifiedName(v)) out.push({ path, type: 'Invalid', value: v, detail: m });
}

/** validateResources: each weight in (0, 100]. */
function validateResources(rs: readonly ResourceSpec[], path: Array<string | number>, out: ArgError[]): void {
  rs.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      out.push({ path: [...path, i, 'weight'], type: 'Invalid', value: r.weight, detail: `resource weight of ${r.name} not in valid range (0, 100]` });
    }
  });
}

/** validateFunctionShape: at least one point, utilization strictly increasing, 0..100, score 0..10. */
export function validateFunctionShape(shape: readonly UtilizationShapePoint[], path: Array<string | number>): ArgError[] {
  const out: ArgError[] = [];
  if (shape.length === 0) return [{ path, type: 'Required', detail: 'at least one point must be specified' }];
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1]!.utilization >= shape[i]!.utilization) {
      out.push({ path: [...path, i, 'utilization'], type: 'Invalid', value: shape[i]!.utilization, detail: 'values must be sorted in increasing order' });
      break;
    }
  }
  shape.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > 100) out.push({ path: [...path, i, 'utilization'], type: 'Invalid', value: p.utilization, detail: 'not in valid range [0, 100]' });
    if (p.score < 0 || p.score > 10) out.push({ path: [...path, i, 'score'], type: 'Invalid', value: p.score, detail: 'not in valid range [0, 10]' });
  });
  return out;
}

/** ValidateNodeResourcesFitArgs, in upstream's order. `scoringStrategy` undefined = not set (after defaulting it always is). */
export function validateNodeResourcesFitArgs(args: { ignoredResources?: readonly string[]; ignoredResourceGroups?: readonly string[];
  scoringStrategy?: ScoringStrategy | undefined }): ArgError[] {
  const out: ArgError[] = [];
  (args.ignoredResources ?? []).forEach((r, i) => labelName(r, ['ignoredResources', i], out));
  (args.ignoredResourceGroups ?? []).forEach((g, i) => {
    const path = ['ignoredResourceGroups', i];
    if (g.includes('/')) out.push({ path, type: 'Invalid', value: g, detail: "resource group name can't contain '/'" });
    labelName(g, path, out);
  });
  const s = args.scoringStrategy;
  if (s === undefined) {
    out.push({ path: ['scoringStrategy'], type: 'Required', detail: 'ScoringStrategy field is required' });
    return out;
  }
  if (!STRATEGY_TYPES.includes(s.type)) {
    out.push({ path: ['scoringStrategy', 'type'], type: 'NotSupported', value: s.type,
      detail: `supported values: ${STRATEGY_TYPES.map((t) => JSON.stringify(t)).join(', ')}` });
  }
  validateResources(s.resources ?? [], ['scoringStrategy', 'resources'], out);
  if (s.type === 'RequestedToCapacityRatio') {
    if (s.requestedToCapacityRatio === undefined) {
      out.push({ path: ['scoringStrategy', 'requestedToCapacityRatio'], type: 'Required', detail: 'must be specified when type is RequestedToCapacityRatio' });
    } else {
      out.push(...validateFunctionShape(s.requestedToCapacityRatio.shape, ['scoringStrategy', 'requestedToCapacityRatio', 'shape']));
    }
  } else if (s.requestedToCapacityRatio !== undefined) {
    out.push({ path: ['scoringStrategy', 'requestedToCapacityRatio'], type: 'Forbidden', detail: 'must be nil when type is not RequestedToCapacityRatio' });
  }
  return out;
}

/** ValidateNodeResourcesBalancedAllocationArgs: names unique, every weight exactly 1. */
export function validateBalancedAllocationArgs(args: { resources: readonly ResourceSpec[] }): ArgError[] {
  const out: ArgError[] = [];
  const seen = new Set<string>();
  args.resources.forEach((r, i) => {
    if (seen.has(r.name)) out.push({ path: ['resources', i, 'name'], type: 'Duplicate', value: r.name, detail: '' });
    else seen.add(r.name);
    if (r.weight !== 1) out.push({ path: ['resources', i, 'weight'], type: 'Invalid', value: r.weight, detail: 'must be 1' });
  });
  return out;
}

/**
 * v1helper.IsExtendedResourceName: not native (a domain other than kubernetes.io) and
 * `requests.<name>` a qualified name. Only these can be ignored by NodeResourcesFit's Filter.
 */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.includes('kubernetes.io/') || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/**
 * The predicate NodeResourcesFit's Filter skips an extended resource by: its name is in
 * ignoredResources, or its group (the part before `/`) is in ignoredResourceGroups.
 * undefined when nothing is ignored (the Filter's hot path tests for that).
 */
export function ignoredResourcePredicate(args: Pick<NodeResourcesFitArgs, 'ignoredResources' | 'ignoredResourceGroups'>): ((name: string) => boolean) | undefined {
  if (args.ignoredResources.length === 0 && args.ignoredResourceGroups.length === 0) return undefined;
  const names = new Set(args.ignoredResources), groups = new Set(args.ignoredResourceGroups);
  return (name) => isExtendedResourceName(name) && (names.has(name) || groups.has(name.split('/')[0]!));
}
