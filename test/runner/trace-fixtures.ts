// The openb fixture replayed on its own nodes: a scenario the trace tests share.
import { join } from 'node:path';
import { packageRoot } from '../helpers.js';

export const fixture = (name: string) => join(packageRoot(), 'test', 'fixtures', 'traces', name);

export const openbScenario = (extra = '', replay = 'from: 9936000s') => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodeLists:
    - file: ${fixture('openb_nodes_small.csv')}
      name: openb
      columns:
        name: node_id
        cpu: cpu_milli
        memory: memory_mib
        resources: {nvidia.com/gpu: num_gpu}
        labels: {k8sim.io/gpu-model: gpu_model}
      units: {cpu: m, memory: Mi}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1d, sampleInterval: 1h}
---
apiVersion: k8sim/v1
kind: Trace
metadata: {name: openb}
spec:
  pods:
    file: ${fixture('openb_pods_small.csv')}
    columns:
      name: pod_id
      createdAt: arrival_s
      deletedAt: end_s
      runFor: run_s
      scheduledAt: scheduled_s
      cpu: cpu_milli
      memory: memory_mib
      resources: {nvidia.com/gpu: num_gpu}
      gpuMilli: gpu_milli
      outcome: final_phase
      priority: qos
    priorities: {LS: 1000, BE: 0, Burstable: 500, Guaranteed: 2000}
    units: {cpu: m, memory: Mi}
    fractionalGpu: wholeGpu
${extra}  replay:
    ${replay}
`;

