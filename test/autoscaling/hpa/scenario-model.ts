// A ClusterModel of a scenario file with its traffic and metrics pipeline, the way the runner
// builds one, for the HPA tests that drive the model themselves.
import { join } from 'node:path';
import { prepareManifest } from '../../../models/api/manifests.js';
import type { KEvent } from '../../../models/api/types.js';
import { ClusterModel } from '../../../models/cluster.js';
import { buildScenario } from '../../../scenarios/build.js';
import { loadScenario } from '../../../scenarios/load.js';
import { packageRoot } from '../../helpers.js';

/** `file` relative to the package root; events go to `log` from before the manifests are created. */
export function scenarioModel(file: string, log?: KEvent[]): ClusterModel {
  const built = buildScenario(loadScenario([join(packageRoot(), file)]));
  const model = new ClusterModel({
    ...built.cluster,
    seed: 1,
    ...(built.traffic ? { traffic: built.traffic } : {}),
    ...(built.metricsPipeline ? { metricsPipeline: built.metricsPipeline } : {}),
  });
  if (log !== undefined) model.events.subscribe((e) => log.push(e));
  for (const m of built.manifests) model.create(prepareManifest(m.obj));
  return model;
}
