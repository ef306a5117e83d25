/**
 * Benchmark entry point: `npm run bench` runs every bench, `npm run bench -- kernel`
 * (or `node dist/bench/run.js kernel`) only those whose name contains the filter. Words after
 * the filter go to the selected benches (`npm run bench -- scale --nodes 500,1000 --hours 1`).
 * To add one, write a sibling module exporting a Bench and list it here.
 */
import { cpus, loadavg } from 'node:os';
import type { Bench } from './bench.js';
import { kernelBench } from './kernel.js';
import { schedulerBench } from './scheduler.js';
import { sweepBench } from './sweep.js';
import { scaleBench } from './scale.js';
import { bench as trafficBench } from './traffic.js';
import { reportBench } from './report.js';

const BENCHES: readonly Bench[] = [kernelBench, schedulerBench, sweepBench, trafficBench, scaleBench, reportBench];

async function main(): Promise<void> {
  const filter = process.argv[2];
  const args = process.argv.slice(3);
  const selected = filter === undefined ? BENCHES : BENCHES.filter((b) => b.name.includes(filter));
  if (selected.length === 0) {
    console.error(`no bench matches "${filter}". Available:`);
    for (const b of BENCHES) console.error(`  ${b.name}  ${b.description}`);
    process.exitCode = 1;
    return;
  }
  // Load average is printed because other work on a 2-core machine skews figures.
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load average ${load}`);
  for (const b of selected) {
    console.log(`\n## ${b.name}: ${b.description}\n`);
    await b.run(args);
  }
}

await main();
