// The loaded, checked form of a Sweep document.

import type { Constraint } from './constraints.js';
import type { Objective } from './pareto.js';
import type { DocumentOrigin } from '../scenarios/portable.js';
import type { Document, ParameterPath } from './paths.js';

/** A value a parameter can take (as written in YAML: numbers, strings like "50%" or "500m"…). */
export type ParamValue = string | number | boolean;

export type ParameterSource =
  | { kind: 'values'; values: ParamValue[] }
  | { kind: 'range'; from: number; to: number; step: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'loguniform'; low: number; high: number }
  | { kind: 'choice'; values: ParamValue[] }
  | { kind: 'none' };

export interface ParameterDef {
  name: string;
  path: ParameterPath;
  source: ParameterSource;
  integer: boolean;
}

export type Design = 'grid' | 'random' | 'latinHypercube';

export interface GoalSeekDef {
  /** Name of the parameter sought (one of `parameters`). */
  parameter: string;
  /** true: smallest value such that the constraints hold; false: largest. */
  minimize: boolean;
  constraints: Constraint[];
  low: number;
  high: number;
  /** Resolution of the search; integer parameters default to 1, real ones to (high-low)/1024. */
  step: number;
}

export interface SweepDefinition {
  /** Path of the sweep file as given. */
  file: string;
  name: string;
  /** The scenario's documents (without the Sweep document). */
  documents: Document[];
  /** Where each of `documents` was written (same index): carried to the runs for their error messages. */
  origins: DocumentOrigin[];
  parameters: ParameterDef[];
  design: Design;
  samples: number;
  /** Base seed: sampling seed, and base of the replication seeds. */
  seed: number;
  /** Seed of replication r — the same for every point (common random numbers). */
  seeds: number[];
  /** Metric columns; undefined = every numeric summary field (sorted by name). */
  metrics?: string[];
  constraints: Constraint[];
  objectives: Objective[];
  goalSeek?: GoalSeekDef;
  budget: { maxEvents?: number; timeoutMs?: number };
  /** sha256 of the canonical sweep definition + scenario documents: guards --resume and merge. */
  hash: string;
  /**
   * Every file the sweep reads, absolute: the sweep file, the scenario files, the files they
   * name (Traffic CSVs). What --emit-job ships in its ConfigMap.
   */
  sourceFiles: string[];
}
