/**
 * CPU time (process.cpuUsage: user + system, all threads) spent inside the HPA's timers and the
 * traffic model's recompute flushes during one scale run, next to the whole run's — the figure to
 * compare A/B on a shared machine, where a CPU profile's wall-clock samples follow the load of
 * other processes more than the code. Also the HPA's reuse counters.
 *
 *   node dist/bench/room-cpu.js SCENARIO.yaml OUT_DIR [SEED]
 *
 * Wraps HpaController.prototype.fire, TrafficModel.prototype.flushDirty and ContainerUsage.prototype.flush
 * (the usage model's node flushes; two cpuUsage calls per timer or flush: a few thousand per virtual
 * hour at 1,000 nodes, well under 1 % of the run).
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { HpaController } from '../models/autoscaling/hpa/controller.js';
import { TrafficModel } from '../models/traffic/model.js';
import { ContainerUsage } from '../models/kubelet/usage/model.js';
import { runScenario } from '../runner/simulate.js';
import { loadScenario } from '../scenarios/load.js';

export interface RoomCpu {
  loadS: number;
  runS: number;
  hpaS: number;
  trafficS: number;
  reconciles: number;
  calculationsReused: number;
  readingsRepeated: number;
  /** HPA scrapes that walked no pod / reconciles that ran only their normalisation. */
  scrapesSkipped: number;
  lightReconciles: number;
  /** Light reconciles deferred (their legacy normalisation known to repeat). */
  reconcilesDeferred: number;
  /** CPU s inside the HPA's timers per virtual hour (index = hour; the steady hours are 1…). */
  hpaByHour: number[];
  /** CPU s inside the traffic flushes (which include the usage model's work for load changes) per virtual hour. */
  trafficByHour: number[];
  /** CPU s inside the usage model's node flushes per virtual hour. */
  usageFlushByHour: number[];
  /** Traffic recomputations (one per Service marked dirty per flush) per virtual hour. */
  recomputesByHour: number[];
}

const hourOf = (o: unknown): number => Math.floor((o as { sim: { now: number } }).sim.now / 3_600_000);
const rounded = (xs: number[]): number[] => Array.from(xs, (x) => Math.round((x ?? 0) * 1000) / 1000);

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function roomCpu(scenario: string, out: string, seed = 1): RoomCpu {
  const acc = { hpa: 0, traffic: 0 };
  const byHour: number[] = [];
  const trafficByHour: number[] = [];
  const usageByHour: number[] = [];
  const recomputesByHour: number[] = [];
  const usageFlush = ContainerUsage.prototype.flush;
  let hpa: HpaController | undefined;
  const fire = HpaController.prototype.fire;
  const flushDirty = TrafficModel.prototype.flushDirty;
  HpaController.prototype.fire = function (this: HpaController, ...a: Parameters<HpaController['fire']>) {
    hpa = this;
    const t = cpuNow();
    try {
      fire.apply(this, a);
    } finally {
      const dt = cpuNow() - t;
      acc.hpa += dt;
      const h = Math.floor((this as unknown as { sim: { now: number } }).sim.now / 3_600_000);
      byHour[h] = (byHour[h] ?? 0) + dt;
    }
  };
  TrafficModel.prototype.flushDirty = function (this: TrafficModel) {
    const h0 = hourOf(this);
    const r0 = this.recomputes;
    const t = cpuNow();
    try {
      flushDirty.apply(this);
    } finally {
      const dt = cpuNow() - t;
      acc.traffic += dt;
      const h = hourOf(this);
      trafficByHour[h] = (trafficByHour[h] ?? 0) + dt;
      recomputesByHour[h0] = (recomputesByHour[h0] ?? 0) + this.recomputes - r0;
    }
  };
  ContainerUsage.prototype.flush = function (this: ContainerUsage, ...a: Parameters<ContainerUsage['flush']>) {
    const t = cpuNow();
    try {
      usageFlush.apply(this, a);
    } finally {
      const h = hourOf(this);
      usageByHour[h] = (usageByHour[h] ?? 0) + cpuNow() - t;
    }
  };
  try {
    fs.rmSync(out, { recursive: true, force: true });
    const t0 = cpuNow();
    const sc = loadScenario([scenario]);
    const t1 = cpuNow();
    runScenario(sc, { seed, out });
    const t2 = cpuNow();
    return {
      loadS: t1 - t0,
      runS: t2 - t1,
      hpaS: acc.hpa,
      trafficS: acc.traffic,
      reconciles: hpa?.reconciles ?? 0,
      calculationsReused: hpa?.replicaMemo.hits ?? 0,
      readingsRepeated: hpa?.readingsRepeated ?? 0,
      scrapesSkipped: hpa?.scrapesSkipped ?? 0,
      reconcilesDeferred: hpa?.reconcilesDeferred ?? 0,
      lightReconciles: hpa?.lightReconciles ?? 0,
      hpaByHour: rounded(byHour),
      trafficByHour: rounded(trafficByHour),
      usageFlushByHour: rounded(usageByHour),
      recomputesByHour: Array.from(recomputesByHour, (x) => x ?? 0),
    };
  } finally {
    HpaController.prototype.fire = fire;
    TrafficModel.prototype.flushDirty = flushDirty;
    ContainerUsage.prototype.flush = usageFlush;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [scenario, out, seed] = process.argv.slice(2);
  if (scenario === undefined || out === undefined) {
    console.error('usage: node dist/bench/room-cpu.js SCENARIO.yaml OUT_DIR [SEED]');
    process.exit(2);
  }
  const r = roomCpu(scenario, out, seed === undefined ? 1 : Number(seed));
  console.log(`ROOM-CPU ${JSON.stringify(r)}`);
}
