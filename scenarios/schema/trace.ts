// k8sim/v1 Trace: a production trace of pods (CSV or JSON lines) replayed as it is, through a
// column mapping; and the node-list mapping that Cluster.spec.nodeLists uses. docs/traces.md.
import { arr, duration, int, num, obj, objectKind, oneOfStrings, str, strMap, type JsonSchema } from './build.js';
import { K8SIM } from './k8sim-common.js';

const column = (description: string): JsonSchema => str(`${description} (a column of the file).`);
const format = oneOfStrings(['csv', 'jsonl'], 'File format (default: jsonl for .jsonl/.ndjson/.json, else csv with a header line).');
const cpuUnit = oneOfStrings(['cores', 'm'], 'Unit of the CPU column: cores (a Kubernetes quantity such as "0.5" or "500m"; the default) or m (millicores as a number).');
const memoryUnit = oneOfStrings(['bytes', 'Ki', 'Mi', 'Gi'], 'Unit of the memory column: bytes (a Kubernetes quantity such as "1Gi"; the default) or Ki/Mi/Gi (a number of them).');

/** A node list by file: one node per row, names kept (Cluster.spec.nodeLists). */
export const nodeList = obj('Nodes read from a file, one node per row, with their names kept.', {
  file: str('The node file, relative to the scenario file.'),
  format,
  name: { ...str('Prefix of the pools the rows are grouped into when no pool column is mapped (default "nodes": pools nodes-0, nodes-1 … one per distinct node shape).'), format: 'dns-label' },
  columns: obj('Which column holds what.', {
    name: column('Node name (required)'),
    pool: column('Pool name; default: one pool per distinct shape (CPU, memory, resources, labels)'),
    cpu: column('CPU capacity'),
    memory: column('Memory capacity'),
    resources: strMap('Extended resource name → column, e.g. nvidia.com/gpu: num_gpu.'),
    labels: strMap('Node label → column, e.g. k8sim.io/gpu-model: gpu_model (empty cells add no label).'),
  }, ['name', 'cpu', 'memory']),
  units: obj('Units of the columns.', { cpu: cpuUnit, memory: memoryUnit }),
  maxPods: { ...int('Maximum pods per node.', 0), default: 110 },
  labels: strMap('Labels every node of the list gets.'),
}, ['file', 'columns']);

const podColumns = obj('Which column holds what (docs/traces.md).', {
  name: column('Pod name (default: <trace name>-<row number>)'),
  createdAt: column('Creation time (required); an empty cell means the pod already existed when the trace began'),
  deletedAt: column('Deletion time of the pod object; empty = never deleted'),
  runFor: column('How long the containers run before they exit with the outcome (Succeeded or Failed pods only)'),
  scheduledAt: column('Time the pod was bound in production; read only by compare-trace'),
  cpu: column('CPU request'),
  memory: column('Memory request'),
  gpuMilli: column('Share of each GPU in thousandths (1000 = whole GPUs); see fractionalGpu'),
  resources: strMap('Extended resource name → column of its request, e.g. nvidia.com/gpu: num_gpu.'),
  nodeSelector: arr(obj('A required node-affinity term from a column: the node label must be one of the cell\'s values.', {
    column: column('The allowed values'),
    label: str('The node label they are values of.'),
    separator: { ...str('What separates several values in one cell.'), default: '|' },
  }, ['column', 'label']), 'Required node affinity; an empty cell adds no constraint.'),
  priority: column('Pod priority (an integer, or a key of `priorities`)'),
  owner: column('Owner group (e.g. an application): the pod\'s workload in timeseries.csv, label k8sim.io/owner-group'),
  outcome: column('Final phase: Succeeded or Failed end the containers after runFor (exit 0 / 1); others run until deleted'),
}, ['createdAt']);

export const trace = objectKind({
  apiVersion: K8SIM, kind: 'Trace', namespaced: false, metadataRequired: false,
  description: 'A production trace of pods, replayed from its file as virtual time reaches each row.',
  fields: {
    spec: obj('Trace spec.', {
      pods: obj('The pod file and its column mapping.', {
        file: str('The trace file, relative to the scenario file.'),
        format,
        namespace: { ...str('Namespace of the pods.'), default: 'default' },
        image: { ...str('Container image of the pods.'), default: 'k8sim.io/trace:1' },
        columns: podColumns,
        units: obj('Units of the columns.', {
          time: { ...oneOfStrings(['ms', 's', 'm', 'h'], 'Unit of the time columns.'), default: 's' },
          cpu: cpuUnit,
          memory: memoryUnit,
        }),
        priorities: { type: 'object', description: 'Value of the priority column → pod priority, e.g. {LS: 1000, BE: 0}.', additionalProperties: { type: 'integer' } },
        fractionalGpu: { ...oneOfStrings(['refuse', 'wholeGpu'], 'A row asking for part of a GPU (0 < gpuMilli < 1000): refuse (the default: a load error; k8sim has no device-basis GPU sharing yet) or wholeGpu (give it a whole GPU; the summary counts them as trace_gpu_rounded_up).'), default: 'refuse' },
        gpuResource: { ...str('The extended resource that counts GPUs.'), default: 'nvidia.com/gpu' },
        limitsEqualRequests: { type: 'boolean', description: 'Set limits = requests (Guaranteed pods, as the openb simulator does). Default true.', default: true },
        reorderRows: { ...int('Rows read ahead and replayed in time order: a file need only be sorted to within this many rows.', 1), default: 4096 },
      }, ['file', 'columns']),
      replay: obj('Which part of the trace, and how fast.', {
        from: duration('Trace time where the replay starts (virtual time offset); pods alive then are created at once. Default 0.'),
        until: duration('Trace time where arrivals stop (pods created later are not replayed). Default: the whole file.'),
        offset: duration('Virtual time of the replay start (default 0).'),
        speedup: { ...num('Arrival-rate factor: 2 replays the arrivals twice as fast; each pod keeps its lifetime.'), exclusiveMinimum: 0, default: 1 },
        sample: obj('Keep every k-th pod (of those in the window, in file order).', {
          every: { ...int('k.', 1), default: 1 },
          phase: { ...int('Which of the k to keep (0 … k−1).', 0), default: 0 },
        }),
      }),
    }, ['pods']),
  },
  required: ['spec'],
});
