// Wiring of Services, traffic and the HPA onto a cluster model, in one call, so the composition
// root (models/cluster.ts) only adds one line once the resource-usage model exists:
//
//   this.traffic = new TrafficStack(this.sim, this.api, this.streams, this.metrics, this.usage, {...});
//
// Kept separate from cluster.ts because the ResourceUsageModel is built elsewhere: until then,
// tests pass a deterministic double.

import type { RandomStreams, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { HpaController, type HpaControllerOptions } from '../autoscaling/hpa/controller.js';
import type { MetricsRegistry } from '../metrics.js';
import { EndpointsController } from '../controllers/endpoints.js';
import type { ResourceUsageModel } from '../kubelet/usage/contract.js';
import { TrafficModel } from './model.js';
import type { TrafficSpec } from './spec.js';

export interface TrafficStackOptions {
  /** Traffic descriptions (k8sim/v1 Traffic documents, built); none ⇒ Services and HPAs only. */
  traffic?: TrafficSpec;
  hpa?: HpaControllerOptions;
}

export class TrafficStack {
  readonly endpoints: EndpointsController;
  readonly traffic: TrafficModel;
  readonly hpa: HpaController;

  constructor(sim: Simulation, api: ApiServer, streams: RandomStreams, metrics: MetricsRegistry, usage: ResourceUsageModel, opts: TrafficStackOptions = {}) {
    this.endpoints = new EndpointsController(api);
    this.traffic = new TrafficModel(sim, streams, this.endpoints, usage, opts.traffic ?? { services: [] });
    this.hpa = new HpaController(sim, api, usage, this.traffic, opts.hpa ?? {});
    this.traffic.register(metrics);
    this.hpa.register(metrics);
  }
}
