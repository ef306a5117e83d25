import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue, type Queueable } from '../../sim/queue.js';
import { Simulation, type EventHandle } from '../../sim/kernel.js';
import { RandomStreams } from '../../sim/random.js';

class Ev implements Queueable {
  cancelled = false;
  fired = false;
  constructor(readonly time: number, readonly id: number) {}
}

function drain(q: EventQueue<Ev>, limit = Infinity): number[] {
  const out: number[] = [];
  for (let e = q.popUntil(limit); e != null; e = q.popUntil(limit)) out.push(e.id);
  return out;
}

test('queue: pops by time, then insertion order', () => {
  const q = new EventQueue<Ev>();
  const spec: Array<[number, number]> = [[5, 0], [1, 1], [5, 2], [3, 3], [1, 4], [5, 5], [0, 6]];
  for (const [t, id] of spec) q.push(new Ev(t, id));
  assert.is(q.size, 7);
  assert.equal(drain(q), [6, 1, 4, 3, 0, 2, 5]);
  assert.is(q.size, 0);
});

test('queue: popUntil respects the limit and leaves later events', () => {
  const q = new EventQueue<Ev>();
  q.push(new Ev(10, 0));
  q.push(new Ev(20, 1));
  q.push(new Ev(10, 2));
  assert.equal(drain(q, 15), [0, 2]);
  assert.is(q.size, 1);
  assert.is(q.peekTime(), 20);
  assert.equal(drain(q, 19), []);
  assert.equal(drain(q, 20), [1]);
});

test('queue: cancel is exact and idempotent; cancelled events are skipped', () => {
  const q = new EventQueue<Ev>();
  const evs = [0, 1, 2, 3, 4].map((i) => new Ev(i % 2, i));
  evs.forEach((e) => q.push(e));
  q.cancel(evs[1]!);
  q.cancel(evs[1]!);
  q.cancel(evs[2]!);
  assert.is(q.size, 3);
  assert.equal(drain(q), [0, 4, 3]);
  q.cancel(evs[0]!); // already popped: no effect
  assert.is(q.size, 0);
  assert.is(evs[0]!.cancelled, false);
});

test('queue: peekTime skips cancelled events and buckets', () => {
  const q = new EventQueue<Ev>();
  const a = new Ev(1, 0);
  const b = new Ev(1, 1);
  const c = new Ev(2, 2);
  [a, b, c].forEach((e) => q.push(e));
  assert.is(q.peekTime(), 1);
  q.cancel(a);
  assert.is(q.peekTime(), 1);
  q.cancel(b);
  assert.is(q.peekTime(), 2);
  q.cancel(c);
  assert.is(q.peekTime(), undefined);
  assert.equal(drain(q), []);
});

test('queue: events pushed at the time being drained run after it, in order', () => {
  const q = new EventQueue<Ev>();
  q.push(new Ev(1, 0));
  q.push(new Ev(1, 1));
  q.push(new Ev(2, 9));
  assert.is(q.popUntil(Infinity)!.id, 0);
  q.push(new Ev(1, 2));
  q.push(new Ev(1, 3));
  assert.equal(drain(q), [1, 2, 3, 9]);
});

test('kernel: equal-time events, including ones scheduled from a handler, run in scheduling order', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const record = (tag: string, s: Simulation) => {
    log.push(`${s.now}:${tag}`);
    if (tag === 'a') {
      s.after(0, record, 'a1');
      s.at(s.now, record, 'a2');
      s.after(5, record, 'a3');
    }
  };
  sim.at(10, record, 'a');
  sim.at(10, record, 'b');
  sim.at(15, record, 'c');
  sim.at(10, record, 'd');
  sim.runUntilEmpty();
  assert.equal(log, ['10:a', '10:b', '10:d', '10:a1', '10:a2', '15:c', '15:a3']);
});

test('kernel: randomized interleaving of schedule/cancel/run matches a reference sort', () => {
  const rng = new RandomStreams(7).stream('queue-property');
  for (let round = 0; round < 30; round++) {
    const sim = new Simulation();
    type Ref = { time: number; seq: number; handle: EventHandle; cancelled: boolean };
    const ref: Ref[] = [];
    const ran: number[] = [];
    let seq = 0;
    const onFire = (id: number, s: Simulation) => {
      ran.push(id);
      // Handlers schedule more events, sometimes at the current time.
      if (rng.bernoulli(0.3)) schedule(s, rng.bernoulli(0.3) ? 0 : rng.int(0, 50));
    };
    const schedule = (s: Simulation, delay: number) => {
      const id = seq++;
      const handle = s.after(delay, onFire, id);
      ref.push({ time: s.now + delay, seq: id, handle, cancelled: false });
    };
    for (let i = 0; i < 300; i++) schedule(sim, rng.int(0, 100));
    for (const r of ref) {
      if (rng.bernoulli(0.2)) {
        sim.cancel(r.handle);
        r.cancelled = true;
      }
    }
    sim.runUntilEmpty();
    // Reference: every non-cancelled event, sorted by (time, seq).
    const expected = ref
      .filter((r) => !r.cancelled)
      .sort((x, y) => x.time - y.time || x.seq - y.seq)
      .map((r) => r.seq);
    assert.equal(ran, expected);
    assert.is(sim.stats.pending, 0);
    assert.is(sim.stats.dispatched, expected.length);
  }
});

test.run();
