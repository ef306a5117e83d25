// Services' endpoints, the traffic flow model and the HPA controller, wired together. This is
// composition, like cluster.ts, so it sits beside it and not in traffic/: the HPA reads traffic
// figures (Object/External metrics), so a traffic/ module that built the HPA made traffic/ and
// autoscaling/hpa/ import each other. ClusterModel builds one (a step of its construction order,
// see there); tests build a second one over a deterministic ResourceUsageModel double.
//
// Order inside, part of the cluster's: the EndpointsController subscribes to Service, Pod and
// Endpoints watches first; the traffic model reads its endpoint sets; the HPA subscribes to
// HorizontalPodAutoscaler watches and reads both usage and traffic; then each registers its series.

import type { RandomStreams, Simulation } from '../sim/index.js';
import type { ApiServer } from './api/apiserver.js';
import { HpaController, type HpaControllerOptions } from './autoscaling/hpa/controller.js';
import type { MetricsRegistry } from './metrics.js';
import { EndpointsController } from './controllers/endpoints.js';
import type { ResourceUsageModel } from './kubelet/usage/contract.js';
import { TrafficModel } from './traffic/model.js';
import type { TrafficSpec } from './traffic/spec.js';

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
