// The scenario of one sweep point, built where it runs. The pool hands every worker the sweep's
// base scenario (documents and their source positions) and the parameters' paths once, as its
// workerData; a task then carries only the point's parameter values and the seed. So the main
// thread neither copies the documents nor structured-clones them and their position tables for
// every run (it keeps its CPU for the journal while both cores run simulations), and the message
// to a worker stays a few hundred bytes whatever the scenario's size.

import type { PortableScenario } from '../scenarios/portable.js';
import { setPath, type Document, type ParameterPath } from './paths.js';
import type { ParamValue } from './types.js';

/** What every worker of a sweep's pool receives once (piscina `workerData`). */
export interface SweepWorkerData {
  /** The loaded scenario as plain data, parameters not yet set. */
  base: PortableScenario;
  /** The sweep's parameters' paths, in declaration order (a task's values follow it). */
  paths: ParameterPath[];
}

/** The scenario documents of a point: a deep copy of `documents` with each parameter's node replaced. */
export function pointDocuments(documents: readonly Document[], paths: readonly ParameterPath[], values: readonly ParamValue[]): Document[] {
  if (values.length !== paths.length) throw new Error(`a point has ${paths.length} parameter values, got ${values.length}`);
  const docs = structuredClone(documents) as Document[];
  paths.forEach((p, k) => setPath(docs, p, values[k]));
  return docs;
}

/** A point's portable scenario over a worker's data: the base with `values` set; positions shared. */
export function pointScenario(data: SweepWorkerData, values: readonly ParamValue[]): PortableScenario {
  return { documents: pointDocuments(data.base.documents, data.paths, values), origins: data.base.origins };
}
