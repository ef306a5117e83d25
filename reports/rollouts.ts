// rollouts.csv: one row per Deployment rollout (creation or template change), written when
// it finishes or, unfinished, at the end of the run.

import type { DeploymentTracker, RolloutRecord } from '../models/controllers/deployment-tracker.js';
import { CsvWriter, seconds } from './csv-writer.js';

export const ROLLOUT_COLUMNS = [
  'namespace',
  'deployment',
  'trigger',
  'revision',
  'replicas',
  'start_s',
  'finish_s',
  'duration_s',
  'min_available',
  'max_pods',
] as const;

export class RolloutLog {
  private readonly writer: CsvWriter | undefined;
  private readonly written = new Set<RolloutRecord>();

  constructor(
    private readonly tracker: DeploymentTracker,
    file: string | undefined,
  ) {
    this.writer = file ? new CsvWriter(file, ROLLOUT_COLUMNS) : undefined;
    tracker.onRolloutEnd((r) => this.write(r));
  }

  private write(r: RolloutRecord): void {
    if (this.written.has(r)) return;
    this.written.add(r);
    this.writer?.write([
      r.namespace,
      r.deployment,
      r.trigger,
      r.revision,
      r.replicas,
      seconds(r.startMs),
      seconds(r.finishMs),
      r.finishMs !== undefined ? (r.finishMs - r.startMs) / 1000 : '',
      r.minAvailable,
      r.maxPods,
    ]);
  }

  close(_now: number): void {
    for (const r of this.tracker.rollouts) this.write(r);
    this.writer?.close();
  }
}

/**
 * Console lines for the rollouts of Deployments that rolled out (template changes): start,
 * end (or "unfinished") and the minimum available replicas. Empty when nothing rolled out.
 */
export function formatRollouts(records: readonly RolloutRecord[]): string[] {
  const changes = records.filter((r) => r.trigger === 'template change');
  if (changes.length === 0) return [];
  const lines = ['rollouts:'];
  for (const r of changes) {
    const end = r.finishMs !== undefined ? `finished ${r.finishMs / 1000}s (${(r.finishMs - r.startMs) / 1000}s)` : 'unfinished';
    lines.push(`  ${r.namespace}/${r.deployment}  revision ${r.revision || '?'}  started ${r.startMs / 1000}s  ${end}  min available ${r.minAvailable}/${r.replicas}`);
  }
  return lines;
}
