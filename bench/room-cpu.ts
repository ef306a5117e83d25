/**
 * CPU time (process.cpuUsage: user + system, all threads) spent inside the HPA's timers and the
 * traffic model's recompute flushes during one scale run, next to the whole run's — the figure to
 * compare A/B on a shared machine, where a CPU profile's wall-clock samples follow the load of
 * other processes more than the code. Also the HPA's reuse counters.
 *
 *   node dist/bench/room-cpu.js SCENARIO.yaml OUT_DIR [SEED]
 *
 * Wraps HpaController.prototype.fire and TrafficModel.prototype.flushDirty (two cpuUsage calls per
 * timer or flush: a few thousand per virtual hour at 1,000 nodes, well under 1 % of the run).
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { HpaController } from '../models/autoscaling/hpa/controller.js';
import { TrafficModel } from '../models/traffic/model.js';
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
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function roomCpu(scenario: string, out: string, seed = 1): RoomCpu {
  const acc = { hpa: 0, traffic: 0 };
  const byHour: number[] = [];
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
    const t = cpuNow();
    try {
      flushDirty.apply(this);
    } finally {
      acc.traffic += cpuNow() - t;
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
      hpaByHour: Array.from(byHour, (x) => Math.round((x ?? 0) * 1000) / 1000),
    };
  } finally {
    HpaController.prototype.fire = fire;
    TrafficModel.prototype.flushDirty = flushDirty;
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
