import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, SimulationError, type Handler, type TimerHandle } from '../../sim/kernel.js';
import { collector, isSimError } from './helpers.js';

const noop: Handler<unknown> = () => {};

test('cancelled events never run; pending count is exact; cancel is idempotent', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  const a = sim.at(5, h, 'a');
  const b = sim.at(5, h, 'b');
  const c = sim.at(7, h, 'c');
  assert.is(sim.stats.pending, 3);
  sim.cancel(b);
  assert.ok(b.cancelled);
  assert.is(sim.stats.pending, 2);
  sim.cancel(b);
  assert.is(sim.stats.pending, 2);
  sim.runUntilEmpty();
  assert.equal(log, [[5, 'a'], [7, 'c']]);
  assert.is(sim.stats.pending, 0);
  sim.cancel(a); // already ran: no effect on counts
  assert.is(a.cancelled, false);
  assert.is(sim.stats.pending, 0);
  assert.is(c.time, 7);
});

test('a handler can cancel a later event', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  const victim = sim.at(10, h, 'victim');
  sim.at(5, (_: null, s) => s.cancel(victim), null);
  sim.runUntilEmpty();
  assert.equal(log, []);
  assert.is(sim.stats.dispatched, 1);
});

test('cancel of an object that is not a handle throws', () => {
  const sim = new Simulation();
  assert.throws(() => sim.cancel({ cancelled: false }), isSimError);
});

test('periodic timer fires at exact times, default start is now + period', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.runUntil(3);
  sim.every(10, h, 't');
  sim.runUntil(43);
  assert.equal(log.map(([t]) => t), [13, 23, 33, 43]);
  assert.is(sim.stats.pending, 1); // the next firing is armed
});

test('periodic timer start option', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.every(100, h, 't', { start: 0 });
  sim.every(100, h, 'u', { start: 50 });
  sim.runUntil(250);
  assert.equal(log, [[0, 't'], [50, 'u'], [100, 't'], [150, 'u'], [200, 't'], [250, 'u']]);
  assert.throws(() => sim.every(10, noop, null, { start: 249 }), isSimError);
});

test('cancelling a periodic timer from inside its own handler stops it', () => {
  const sim = new Simulation();
  let fires = 0;
  let timer: TimerHandle | undefined;
  timer = sim.every(
    5,
    (_: null, s) => {
      fires++;
      if (fires === 3) s.cancel(timer!);
    },
    null,
  );
  sim.runUntil(1000);
  assert.is(fires, 3);
  assert.ok(timer.cancelled);
  assert.is(sim.stats.pending, 0);
  assert.is(sim.peekTime(), undefined);
});

test('cancelling a periodic timer from outside', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  const t = sim.every(10, h, 't');
  sim.runUntil(25);
  sim.cancel(t);
  sim.cancel(t);
  sim.runUntil(100);
  assert.equal(log.map(([x]) => x), [10, 20]);
  assert.is(sim.stats.pending, 0);
});

test('periodic timer ordering against one-shot events at the same time', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.at(10, h, 'before');
  sim.every(10, h, 'tick');
  sim.at(10, h, 'after');
  sim.at(20, h, 'x20'); // scheduled before the timer re-arms for 20, so runs first
  sim.runUntil(20);
  assert.equal(log, [[10, 'before'], [10, 'tick'], [10, 'after'], [20, 'x20'], [20, 'tick']]);
});

test('runUntil dispatches events <= time, then sets now; now never goes backward', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.at(10, h, 'a');
  sim.at(20, h, 'b');
  sim.at(21, h, 'c');
  sim.runUntil(20);
  assert.equal(log, [[10, 'a'], [20, 'b']]);
  assert.is(sim.now, 20);
  sim.runUntil(20.5);
  assert.is(sim.now, 20.5);
  sim.runUntil(5);
  assert.is(sim.now, 20.5);
  sim.runUntil(100);
  assert.is(sim.now, 100);
  assert.is(log.length, 3);
  assert.throws(() => sim.runUntil(NaN), isSimError);
});

test('runUntilEmpty leaves now at the last event', () => {
  const sim = new Simulation();
  sim.at(42, noop, null);
  sim.at(7, noop, null);
  sim.runUntilEmpty();
  assert.is(sim.now, 42);
  assert.is(sim.peekTime(), undefined);
});

test('step dispatches at most n events and returns the count', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  for (let i = 0; i < 5; i++) sim.at(i * 10, h, `e${i}`);
  assert.is(sim.step(), 1);
  assert.is(sim.now, 0);
  assert.is(sim.step(3), 3);
  assert.is(sim.now, 30);
  assert.is(sim.peekTime(), 40);
  assert.is(sim.step(10), 1);
  assert.is(sim.step(), 0);
  assert.equal(log.map(([, t]) => t), ['e0', 'e1', 'e2', 'e3', 'e4']);
});

test('stop() ends the current run after this event; a later run resumes', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.at(1, h, 'a');
  sim.at(2, (_: null, s) => { log.push([s.now, 'stopper']); s.stop(); }, null);
  sim.at(2, h, 'b');
  sim.at(3, h, 'c');
  sim.runUntil(100);
  assert.equal(log, [[1, 'a'], [2, 'stopper']]);
  assert.is(sim.now, 2); // not advanced to 100
  sim.runUntil(100);
  assert.equal(log, [[1, 'a'], [2, 'stopper'], [2, 'b'], [3, 'c']]);
  assert.is(sim.now, 100);
});

test('stop() inside step and runUntilEmpty', () => {
  const sim = new Simulation();
  sim.at(1, (_: null, s) => s.stop(), null);
  sim.at(2, noop, null);
  assert.is(sim.step(5), 1);
  sim.at(3, (_: null, s) => s.stop(), null);
  sim.at(4, noop, null);
  sim.runUntilEmpty();
  assert.is(sim.now, 3);
  assert.is(sim.stats.pending, 1);
});

test('event budget guard throws SimulationError', () => {
  const sim = new Simulation({ maxEvents: 10 });
  sim.every(1, noop, null);
  assert.throws(
    () => sim.runUntil(1000),
    (err: Error) =>
      err instanceof SimulationError && err.message === 'event budget exceeded: 10 events dispatched (maxEvents 10)',
  );
  assert.is(sim.stats.dispatched, 10);
});

test('exactly maxEvents events is fine', () => {
  const sim = new Simulation({ maxEvents: 3 });
  for (let i = 0; i < 3; i++) sim.at(i, noop, null);
  sim.runUntilEmpty();
  assert.is(sim.stats.dispatched, 3);
});

test('scheduling in the past or at a non-integer time errors', () => {
  const sim = new Simulation();
  sim.runUntil(100);
  assert.throws(() => sim.at(99, noop, null), /in the past/);
  assert.throws(() => sim.at(99, noop, null), isSimError);
  assert.throws(() => sim.at(100.5, noop, null), isSimError);
  assert.throws(() => sim.at(NaN, noop, null), isSimError);
  assert.throws(() => sim.at(Infinity, noop, null), isSimError);
  assert.throws(() => sim.after(-1, noop, null), isSimError);
  assert.throws(() => sim.after(0.5, noop, null), isSimError);
  assert.throws(() => sim.every(0, noop, null), isSimError);
  assert.throws(() => sim.every(1.5, noop, null), isSimError);
  sim.at(100, noop, null); // now itself is fine
  assert.is(sim.stats.pending, 1);
});

test('run methods cannot be re-entered from a handler', () => {
  const sim = new Simulation();
  let caught: unknown;
  sim.at(1, (_: null, s) => {
    try {
      s.runUntil(10);
    } catch (err) {
      caught = err;
    }
  }, null);
  sim.runUntilEmpty();
  assert.instance(caught, SimulationError);
});

test('a throwing handler propagates and the kernel stays usable', () => {
  const sim = new Simulation();
  const { log, h } = collector();
  sim.at(1, () => { throw new Error('boom'); }, null);
  sim.at(2, h, 'after');
  assert.throws(() => sim.runUntilEmpty(), /boom/);
  sim.runUntilEmpty();
  assert.equal(log, [[2, 'after']]);
});

test('stats: dispatched, high-water, pending, now', () => {
  const sim = new Simulation();
  assert.equal(sim.stats, { dispatched: 0, highWater: 0, pending: 0, now: 0 });
  const hs = [1, 2, 3, 4].map((t) => sim.at(t, noop, null));
  sim.cancel(hs[3]!);
  assert.equal(sim.stats, { dispatched: 0, highWater: 4, pending: 3, now: 0 });
  sim.runUntil(2);
  assert.equal(sim.stats, { dispatched: 2, highWater: 4, pending: 1, now: 2 });
  for (let i = 0; i < 6; i++) sim.after(1, noop, null);
  assert.equal(sim.stats, { dispatched: 2, highWater: 7, pending: 7, now: 2 });
  sim.runUntilEmpty();
  assert.equal(sim.stats, { dispatched: 9, highWater: 7, pending: 0, now: 3 });
});

test.run();
