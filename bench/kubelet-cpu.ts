/**
 * CPU time (process.cpuUsage: user + system) spent inside the kubelet's pod-start handlers —
 * `admit`, `pulled`, `started`, `containerReady` — during one scale run, next to the whole
 * run's: the figure to compare A/B on a shared machine, where a CPU profile's wall-clock samples
 * follow the other processes' load more than the code.
 *
 *   node dist/bench/kubelet-cpu.js SCENARIO.yaml OUT_DIR [SEED]
 *
 * Inclusive: what the handlers call (the API server's status writes and their watch delivery,
 * the Event recorder and its report listeners, the usage model) counts too. Two cpuUsage calls
 * per handler (~1.2 µs each): ≈ 0.2 s of the figure at 1,000 nodes, the same for A and B.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Kubelet } from '../models/kubelet/kubelet.js';
import { runScenario } from '../runner/simulate.js';
import { loadScenario } from '../scenarios/load.js';

export interface KubeletCpu {
  runS: number;
  kubeletS: number;
  /** Handler calls timed. */
  calls: number;
}

const HANDLERS = ['admit', 'pulled', 'started', 'containerReady'] as const;

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function kubeletCpu(scenario: string, out: string, seed = 1): KubeletCpu {
  const acc = { s: 0, calls: 0, depth: 0 };
  const proto = Kubelet.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const saved = HANDLERS.map((m) => proto[m]!);
  HANDLERS.forEach((m, i) => {
    const f = saved[i]!;
    proto[m] = function (this: Kubelet, ...a: unknown[]) {
      // A handler reached from another is counted once, in the outer one.
      if (acc.depth++ > 0) {
        try {
          return f.apply(this, a);
        } finally {
          acc.depth--;
        }
      }
      const t = cpuNow();
      acc.calls++;
      try {
        return f.apply(this, a);
      } finally {
        acc.s += cpuNow() - t;
        acc.depth--;
      }
    };
  });
  try {
    fs.rmSync(out, { recursive: true, force: true });
    const sc = loadScenario([scenario]);
    const t1 = cpuNow();
    runScenario(sc, { seed, out });
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return { runS: round(cpuNow() - t1), kubeletS: round(acc.s), calls: acc.calls };
  } finally {
    HANDLERS.forEach((m, i) => (proto[m] = saved[i]!));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [scenario, out, seed] = process.argv.slice(2);
  if (scenario === undefined || out === undefined) {
    console.error('usage: node dist/bench/kubelet-cpu.js SCENARIO.yaml OUT_DIR [SEED]');
    process.exit(2);
  }
  console.log(`KUBELET-CPU ${JSON.stringify(kubeletCpu(scenario, out, seed === undefined ? 1 : Number(seed)))}`);
}
