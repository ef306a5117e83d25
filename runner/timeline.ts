// Plays a scenario's timeline: each action (parsed and checked when the scenario loaded)
// runs at its virtual time against the cluster model through the timeline's kubectl
// (./kubectl.ts), a client of the API server. What kubectl would print — or the error it
// would report — goes to timeline.csv, and the run goes on, as in a real cluster.

import { formatDuration } from '../sim/index.js';
import type { KEvent } from '../models/api/types.js';
import type { ClusterModel } from '../models/cluster.js';
import { PatchError } from '../models/api/policy/patch.js';
import { CsvWriter } from '../reports/csv-writer.js';
import { kubectlErrorText } from '../reports/kubectl-format.js';
import type { TimelineEntry } from '../scenarios/build.js';
import type { CustomResources } from '../scenarios/kubectl/resources.js';
import { isKubectlFailure, Kubectl } from './kubectl.js';

export const TIMELINE_COLUMNS = ['time_s', 'command', 'outcome', 'output'] as const;

interface Scheduled {
  player: TimelinePlayer;
  entry: TimelineEntry;
}

const onAction = (s: Scheduled) => s.player.execute(s.entry);

export class TimelinePlayer {
  private readonly writer: CsvWriter | undefined;
  /** Outcomes for the summary. */
  executed = 0;
  failed = 0;

  private readonly kubectl: Kubectl;

  constructor(
    private readonly model: ClusterModel,
    entries: readonly TimelineEntry[],
    file: string | undefined,
    private readonly print: (line: string) => void = () => {},
    /** The scenario's manifests, applied at t=0: a later `kubectl apply` merges against them. */
    appliedAtStart: readonly Record<string, unknown>[] = [],
    /** The scenario's custom resource types, for commands that name them. */
    customResources: CustomResources = new Map(),
  ) {
    this.writer = file ? new CsvWriter(file, TIMELINE_COLUMNS) : undefined;
    this.kubectl = new Kubectl(model, customResources);
    // describe prints an object's events: keep them only when a describe will ask.
    if (entries.some((e) => e.command?.verb === 'describe')) {
      const byObject = new Map<string, KEvent[]>();
      const key = (kind: string, ns: string, name: string) => `${kind}/${ns}/${name}`;
      model.events.subscribe((e) => {
        const k = key(e.kind, e.namespace, e.name);
        let list = byObject.get(k);
        if (!list) byObject.set(k, (list = []));
        list.push(e);
      });
      this.kubectl.eventsOf = (o) => byObject.get(key(o.kind, o.metadata.namespace ?? 'default', o.metadata.name)) ?? [];
    }
    for (const m of appliedAtStart) this.kubectl.recordApplied(m);
    for (const entry of entries) model.sim.post(entry.at, onAction, { player: this, entry });
  }

  close(): void {
    this.writer?.close();
  }

  /** @internal run one action now. */
  execute(entry: TimelineEntry): void {
    const cmd = entry.command!;
    const label = entry.run || '(manifest)';
    this.print(`[${formatDuration(this.model.sim.now)}] $ ${label}`);
    let outcome = 'ok';
    let output: string;
    try {
      output = this.kubectl.run(cmd, entry).join('\n');
    } catch (e) {
      if (!(isKubectlFailure(e) || e instanceof PatchError)) throw e;
      outcome = 'error';
      output = kubectlErrorText(e);
      this.failed++;
    }
    this.executed++;
    this.writer?.write([this.model.sim.now / 1000, label, outcome, output]);
    if (output) this.print(output);
  }
}
