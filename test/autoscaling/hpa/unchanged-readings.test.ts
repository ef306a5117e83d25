// The scrape's skip of pods whose readings cannot have changed (same usage stamp from the usage
// model, same served rate from traffic): on bundled HPA examples, a fixture whose CPU moves
// without its served rate (random walks, contention) and one whose served rate moves without its
// CPU (a Pods metric on requests/s, CPU throttled at the limit), with the real usage and traffic models, every HPA event and status is what re-reading every pod gives — with the usage
// model's stamps hidden, the scrape reads every pod — and the skip does happen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HorizontalPodAutoscaler } from '../../../models/autoscaling/hpa/controller.js';
import type { KEvent } from '../../../models/api/types.js';
import { scenarioModel } from './scenario-model.js';

function run(file: string, until: number, stamps: boolean, skipUnchanged = true, slots = true) {
  const log: KEvent[] = [];
  const model = scenarioModel(file, log);
  // An own property hiding the prototype's method: the scraper then has no stamps to compare.
  if (!stamps) (model.usage as unknown as { usageStamp: undefined }).usageStamp = undefined;
  const hpa = model.traffic.hpa;
  hpa.skipUnchanged = skipUnchanged;
  hpa.readThroughSlots = slots;
  const statuses: string[] = [];
  model.sim.every(5_000, () => {
    for (const o of model.store.list<HorizontalPodAutoscaler>('HorizontalPodAutoscaler')) statuses.push(JSON.stringify(o.status ?? null));
  }, null, { start: 1 });
  model.runUntil(until);
  const events = log.map((e) => `${e.time} ${e.name} ${e.reason} ${e.message}`);
  return { events, statuses, repeated: hpa.readingsRepeated, memo: hpa.replicaMemo, skipped: hpa.scrapesSkipped, light: hpa.lightReconciles };
}

const files = [
  ['scenarios/examples/hpa-walkthrough.yaml', 25 * 60_000],
  ['scenarios/examples/diurnal-web.yaml', 3 * 3_600_000],
  ['test/fixtures/hpa/walks-and-contention.yaml', 20 * 60_000],
  ['test/fixtures/hpa/served-without-cpu.yaml', 20 * 60_000],
] as const;

for (const [name, until] of files) {
  test(`${name}: the same HPA events and statuses reading pods through the list's slots (kept series, usage and served-rate handles) as through lookups`, () => {
    const slots = run(name, until, true, true, true);
    const lookups = run(name, until, true, true, false);
    assert.equal(slots.events, lookups.events);
    assert.equal(slots.statuses, lookups.statuses);
    assert.is(slots.repeated, lookups.repeated);
  });

  test(`${name}: the same HPA events and statuses with and without skipping unchanged readings`, () => {
    const skipping = run(name, until, true);
    const reading = run(name, until, false);
    assert.ok(skipping.events.some((e) => e.includes('SuccessfulRescale')), 'the HPA rescales');
    assert.equal(skipping.events, reading.events);
    assert.equal(skipping.statuses, reading.statuses);
    assert.is(reading.repeated, 0);
    assert.ok(skipping.repeated > 0, `readings skipped: ${skipping.repeated}`);
    assert.ok(skipping.memo.hits + skipping.light > 0, `calculations reused: ${skipping.memo.hits} + ${skipping.light}`);
  });

  test(`${name}: the same HPA events and statuses with and without skipping unchanged scrapes and reconciles`, () => {
    const skipping = run(name, until, true);
    const full = run(name, until, true, false);
    assert.equal(skipping.events, full.events);
    assert.equal(skipping.statuses, full.statuses);
    assert.is(full.skipped + full.light, 0);
    assert.ok(skipping.skipped > 0, `scrapes skipped: ${skipping.skipped}`);
    assert.ok(skipping.light > 0, `normalisation-only reconciles: ${skipping.light}`);
  });
}

test.run();
