// V8 settings of the sweep's worker isolates. A sweep run is short (a fraction of a second to a
// few seconds) and allocation-heavy, and with as many workers as cores no core is left idle for
// V8's helper threads, so what the helpers cost is paid in wall time (bench/README.md, "sweep").
//
// - Young generation: V8 sizes a worker's semi-space at 16 MiB at most; a run allocates a few
//   hundred MiB, nearly all of it short-lived, so the young generation is scavenged ~7 times per
//   run. Each scavenge costs in proportion to what survives it, not to the space's size, so a
//   larger young generation means fewer scavenges for the same surviving bytes. Set per worker
//   through piscina's `resourceLimits` (Node's Worker resourceLimits), so the main thread and other
//   code of the process keep V8's defaults.
//
// `K8SIM_SWEEP_V8=default` leaves V8's defaults everywhere (the bench's A/B, and a way out should a
// setting ever misbehave on another platform). No setting changes what a run computes: outputs
// are byte-identical with and without them (test/sweep/worker-v8.test.ts).

/** The young generation of each worker isolate (MiB): two semi-spaces of a third each, plus the young large-object space. */
export const WORKER_YOUNG_GENERATION_MB = 96;

/** What the pool passes to piscina for each worker; empty under K8SIM_SWEEP_V8=default. */
export function workerResourceLimits(env: NodeJS.ProcessEnv = process.env): { maxYoungGenerationSizeMb?: number } {
  if (env['K8SIM_SWEEP_V8'] === 'default') return {};
  return { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
}
