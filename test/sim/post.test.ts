import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, type Handler } from '../../sim/kernel.js';
import { collector, isSimError } from './helpers.js';

test('post/postAfter interleave with at/after in scheduling order at equal times', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.at(5, h, 'at-1');
  sim.post(5, h, 'post-2');
  sim.after(5, h, 'after-3');
  sim.postAfter(5, h, 'postAfter-4');
  sim.post(3, h, 'post-early');
  sim.at(5, h, 'at-5');
  sim.runUntilEmpty();
  assert.equal(log, [[3, 'post-early'], [5, 'at-1'], [5, 'post-2'], [5, 'after-3'], [5, 'postAfter-4'], [5, 'at-5']]);
});

test('events posted at now from a handler run after those already queued at now, in order', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.post(1, (_: null, s) => {
    log.push([s.now, 'first']);
    s.postAfter(0, h, 'posted-0');
    s.after(0, h, 'after-0');
    s.post(1, h, 'posted-1');
  }, null);
  sim.at(1, h, 'queued-before');
  sim.runUntilEmpty();
  assert.equal(log, [[1, 'first'], [1, 'queued-before'], [1, 'posted-0'], [1, 'after-0'], [1, 'posted-1']]);
});

test('pooled records are not reused while queued; reuse keeps each event its own handler and arg', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  // Fill, drain part way, post more while older ones are still queued: every event runs once,
  // with its own arg, in (time, order).
  for (let i = 0; i < 5; i++) sim.post(10 + i, h, `a${i}`);
  sim.step(2); // a0, a1 dispatched: their records are free now
  for (let i = 0; i < 4; i++) sim.post(12, h, `b${i}`); // reuses 2 records, allocates 2
  sim.postAfter(0, h, 'now');
  assert.is(sim.stats.pending, 3 + 4 + 1);
  sim.runUntilEmpty();
  assert.equal(log, [
    [10, 'a0'], [11, 'a1'], [11, 'now'], [12, 'a2'], [12, 'b0'], [12, 'b1'], [12, 'b2'], [12, 'b3'], [13, 'a3'], [14, 'a4'],
  ]);
  assert.is(sim.stats.dispatched, 10);
  assert.is(sim.stats.pending, 0);
});

test('a handler reposting itself (hold model) keeps the queue size and the order', () => {
  const sim = new Simulation();
  const seen: string[] = [];
  const hold: Handler<number> = (id, s) => {
    seen.push(`${s.now}:${id}`);
    if (s.now < 30) s.postAfter(10, hold, id);
  };
  for (let id = 0; id < 3; id++) sim.post(id, hold, id);
  sim.runUntilEmpty();
  assert.equal(seen, ['0:0', '1:1', '2:2', '10:0', '11:1', '12:2', '20:0', '21:1', '22:2', '30:0', '31:1', '32:2']);
});

test('cancel of a handle does not disturb posted events that reuse records', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.post(1, h, 'p1');
  const e = sim.at(2, h, 'cancelled');
  sim.step(1);
  sim.post(2, h, 'p2'); // takes p1's record
  sim.cancel(e);
  sim.cancel(e);
  sim.runUntilEmpty();
  assert.equal(log, [[1, 'p1'], [2, 'p2']]);
});

test('post/postAfter check times like at/after', () => {
  const sim = new Simulation();
  sim.runUntil(10);
  assert.throws(() => sim.post(5, () => {}, null), isSimError);
  assert.throws(() => sim.post(10.5, () => {}, null), isSimError);
  assert.throws(() => sim.postAfter(-1, () => {}, null), isSimError);
  assert.throws(() => sim.postAfter(0.5, () => {}, null), isSimError);
  assert.is(sim.post(10, () => {}, null), undefined);
});

test('posted events count towards the budget, stats and stop()', () => {
  const sim = new Simulation({ maxEvents: 2 });
  for (let i = 0; i < 3; i++) sim.post(i, () => {}, null);
  assert.throws(() => sim.runUntilEmpty(), isSimError);
  const s2 = new Simulation();
  const { log, h } = collector();
  s2.post(1, (_: null, s) => s.stop(), null);
  s2.post(1, h, 'later');
  s2.runUntilEmpty();
  assert.equal(log, []);
  s2.runUntilEmpty();
  assert.equal(log, [[1, 'later']]);
});

test('random programs: post/postAfter give the same trace as at/after (records recycled under load)', () => {
  const trace = (usePost: boolean): string[] => {
    const sim = new Simulation();
    const out: string[] = [];
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let next = 0;
    const h: Handler<number> = (id, s) => {
      out.push(`${s.now}:${id}`);
      const children = rnd(3);
      for (let c = 0; c < children && next < 5000; c++) {
        const d = rnd(4) === 0 ? 0 : rnd(20);
        if (usePost) (rnd(2) ? s.postAfter(d, h, next++) : s.post(s.now + d, h, next++));
        else (rnd(2) ? s.after(d, h, next++) : s.at(s.now + d, h, next++));
      }
    };
    for (let i = 0; i < 50; i++) {
      const t = rnd(10);
      if (usePost) sim.post(t, h, next++);
      else sim.at(t, h, next++);
    }
    sim.runUntilEmpty();
    return out;
  };
  const a = trace(false);
  assert.ok(a.length > 1000, String(a.length));
  assert.equal(trace(true), a);
});

test('scheduledCount counts every scheduled event, periodic re-arms included, and nothing else', () => {
  const sim = new Simulation();
  const { h } = collector();
  assert.is(sim.scheduledCount, 0);
  sim.at(5, h, 'a');
  sim.after(5, h, 'b');
  sim.post(5, h, 'c');
  sim.postAfter(5, h, 'd');
  assert.is(sim.scheduledCount, 4);
  const t = sim.every(10, h, 'tick');
  assert.is(sim.scheduledCount, 5);
  sim.runUntil(9);
  assert.is(sim.scheduledCount, 5, 'dispatching schedules nothing by itself');
  sim.runUntil(30); // the timer fires at 10, 20, 30 and re-arms each time
  assert.is(sim.scheduledCount, 8);
  sim.cancel(t);
  assert.is(sim.scheduledCount, 8, 'cancelling schedules nothing');
});

test.run();
