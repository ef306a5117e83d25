import { EventQueue } from './queue.js';
import type { Millis } from './time.js';

/** Code run when an event fires. `arg` is the value given when it was scheduled. */
export type Handler<A = unknown> = (arg: A, sim: Simulation) => void;

/** A scheduled one-shot event. Read-only for callers: cancel through Simulation.cancel. */
export interface EventHandle {
  readonly time: Millis;
  cancelled: boolean;
}

/** A periodic timer from Simulation.every. Read-only for callers: cancel through Simulation.cancel. */
export interface TimerHandle {
  cancelled: boolean;
}

/** Misuse of the kernel (scheduling in the past, bad times) or a blown event budget. */
export class SimulationError extends Error {
  override name = 'SimulationError';
}

export interface KernelStats {
  /** Events dispatched so far (cancelled events are not counted). */
  dispatched: number;
  /** Largest number of live pending events ever reached. */
  highWater: number;
  /** Live (not cancelled) pending events now. */
  pending: number;
  now: Millis;
}

// A queued event from at/after/every. The handler is stored type-erased; at() ties it to its
// arg type. post/postAfter events have no record: the queue keeps their (handler, arg) inline.
interface ScheduledEvent extends EventHandle {
  readonly time: Millis;
  readonly handler: Handler<unknown>;
  readonly arg: unknown;
  fired: boolean;
}

function isScheduledEvent(handle: EventHandle | TimerHandle): handle is ScheduledEvent {
  return typeof handle === 'object' && handle !== null && 'fired' in handle && 'handler' in handle;
}

class PeriodicTimer<A> implements TimerHandle {
  cancelled = false;
  /** The pending event that will fire this timer next. */
  next: ScheduledEvent | null = null;
  constructor(
    readonly period: Millis,
    readonly handler: Handler<A>,
    readonly arg: A,
  ) {}
}

/**
 * The discrete-event kernel: a virtual clock, the event queue and the run loop.
 * It knows nothing of what the events mean. Handlers run one at a time in
 * (time, scheduling order); a handler that throws stops the run and the error
 * propagates to the caller of the run method.
 */
export class Simulation {
  private readonly queue = new EventQueue<ScheduledEvent>();
  private readonly maxEvents: number;
  private clock: Millis = 0;
  private dispatched = 0;
  /** Events scheduled so far (every kind): lets a caller tell whether it posted the latest one. */
  private scheduled = 0;
  private running = false;
  private stopRequested = false;

  /** maxEvents guards against runaway models: exceeding it throws SimulationError. */
  constructor(opts: { maxEvents?: number } = {}) {
    const maxEvents = opts.maxEvents ?? Infinity;
    if (!(maxEvents >= 0)) throw new SimulationError(`maxEvents must be >= 0, got ${maxEvents}`);
    this.maxEvents = maxEvents;
  }

  get now(): Millis {
    return this.clock;
  }

  /** Schedules handler(arg) at absolute time `time` (an integer >= now). */
  at<A>(time: Millis, handler: Handler<A>, arg: A): EventHandle {
    this.checkTime(time);
    return this.scheduleEvent(time, handler, arg);
  }

  /** Schedules handler(arg) `delay` ms from now (an integer >= 0). */
  after<A>(delay: Millis, handler: Handler<A>, arg: A): EventHandle {
    if (!Number.isInteger(delay) || delay < 0) {
      throw new SimulationError(`delay must be an integer number of ms >= 0, got ${delay}`);
    }
    return this.scheduleEvent(this.clock + delay, handler, arg);
  }

  /**
   * Like at(), for events that will never be cancelled: returns nothing, so the kernel needs no
   * event record (the queue keeps handler and arg inline in its time bucket). Ordering is the same
   * as at(): (time, scheduling order), mixed freely with at/after events.
   */
  post<A>(time: Millis, handler: Handler<A>, arg: A): void {
    this.checkTime(time);
    this.scheduled++;
    this.queue.pushPost(time, handler, arg);
  }

  /** Like after(), without a handle: see post(). */
  postAfter<A>(delay: Millis, handler: Handler<A>, arg: A): void {
    if (!Number.isInteger(delay) || delay < 0) {
      throw new SimulationError(`delay must be an integer number of ms >= 0, got ${delay}`);
    }
    this.scheduled++;
    this.queue.pushPost(this.clock + delay, handler, arg);
  }

  /**
   * Runs handler(arg) every `period` ms, first at opts.start (default now + period).
   * Each firing is an ordinary event that schedules the next one before the
   * handler runs, so the handler may cancel the timer.
   */
  every<A>(period: Millis, handler: Handler<A>, arg: A, opts: { start?: Millis } = {}): TimerHandle {
    if (!Number.isInteger(period) || period <= 0) {
      throw new SimulationError(`timer period must be an integer number of ms > 0, got ${period}`);
    }
    const start = opts.start ?? this.clock + period;
    this.checkTime(start);
    const timer = new PeriodicTimer(period, handler, arg);
    timer.next = this.scheduleEvent(start, Simulation.firePeriodic, timer as PeriodicTimer<unknown>);
    return timer;
  }

  /**
   * Cancels an event or a periodic timer in O(1). Idempotent; no effect after an
   * event ran. Only pass handles created by this Simulation (not checked, to keep
   * events small): a foreign handle would skew this kernel's pending count.
   */
  cancel(handle: EventHandle | TimerHandle): void {
    if (handle instanceof PeriodicTimer) {
      handle.cancelled = true;
      if (handle.next !== null) this.queue.cancel(handle.next);
    } else if (isScheduledEvent(handle)) {
      this.queue.cancel(handle);
    } else {
      throw new SimulationError('cancel: not a handle returned by this kernel');
    }
  }

  /** Dispatches every event with time <= `time` in order, then advances now to `time`. */
  runUntil(time: Millis): void {
    if (Number.isNaN(time)) throw new SimulationError('runUntil: time is NaN');
    this.dispatch(time, Infinity);
    // now never goes backward, and stays at the stopping event after stop().
    // runUntil(Infinity) behaves like runUntilEmpty.
    if (!this.stopRequested && time > this.clock && time !== Infinity) this.clock = time;
  }

  /** Dispatches events until none is pending (or stop() is called). */
  runUntilEmpty(): void {
    this.dispatch(Infinity, Infinity);
  }

  /** Dispatches at most n events (default 1); returns how many were dispatched. */
  step(n = 1): number {
    if (!(n >= 0)) throw new SimulationError(`step: n must be >= 0, got ${n}`);
    return this.dispatch(Infinity, n);
  }

  /** Time of the next live event, or undefined if none is pending. */
  peekTime(): Millis | undefined {
    return this.queue.peekTime();
  }

  /** From inside a handler: the current run or step call returns after this event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * How many events have been scheduled (at/after/post/postAfter/every, periodic re-arms too),
   * ever. If it has not moved since a caller scheduled an event, that event is the last one of its
   * instant, so work for the same instant can join it without changing the order events run in.
   */
  get scheduledCount(): number {
    return this.scheduled;
  }

  get stats(): KernelStats {
    return {
      dispatched: this.dispatched,
      highWater: this.queue.highWater,
      pending: this.queue.size,
      now: this.clock,
    };
  }

  private checkTime(time: Millis): void {
    // No silent rounding: a fractional time is a unit bug in the caller.
    if (!Number.isInteger(time)) {
      throw new SimulationError(`event time must be an integer number of ms, got ${time}`);
    }
    if (time < this.clock) {
      throw new SimulationError(`cannot schedule an event in the past: time ${time} < now ${this.clock}`);
    }
  }

  // One shared handler for all periodic timers (no closure per timer or per
  // fire): the event's arg is the timer itself.
  private static firePeriodic(timer: PeriodicTimer<unknown>, sim: Simulation): void {
    // Re-arm before running the handler so the handler can cancel its own timer.
    timer.next = sim.scheduleEvent(timer.next!.time + timer.period, Simulation.firePeriodic, timer);
    timer.handler(timer.arg, sim);
  }

  /** Unchecked scheduling, shared by at/after and periodic re-arming. */
  private scheduleEvent<A>(time: Millis, handler: Handler<A>, arg: A): ScheduledEvent {
    // Events are created by this one object literal, on purpose: every event
    // gets the same hidden class (monomorphic hot loop), and V8 tracks the
    // survival rate of a literal's allocation site. Events in a large queue
    // outlive several young-generation collections; once V8 sees that it
    // allocates them directly in the old generation ("pretenuring") instead of
    // copying each one twice. With `new ScheduledEvent(...)` it did not.
    const event: ScheduledEvent = { time, handler: handler as Handler<unknown>, arg, cancelled: false, fired: false };
    this.scheduled++;
    this.queue.push(event);
    return event;
  }

  /**
   * The hot loop: returns the number of events dispatched; stopRequested tells
   * whether stop() ended it. No allocation or closure here: the event carries
   * its handler and argument (a posted entry: the queue's postedHandler/postedArg). If the event
   * budget is exceeded the popped event
   * is dropped: the error is fatal for this simulation.
   */
  private dispatch(limit: Millis, maxCount: number): number {
    if (this.running) throw new SimulationError('run methods cannot be called from inside a handler');
    this.running = true;
    this.stopRequested = false;
    const queue = this.queue;
    let count = 0;
    try {
      while (count < maxCount) {
        const event = queue.popUntil(limit);
        if (event === undefined) break;
        if (event === null) {
          // A post/postAfter entry, already out of the queue; read it before the handler posts again.
          if (this.dispatched >= this.maxEvents) {
            throw new SimulationError(
              `event budget exceeded: ${this.dispatched} events dispatched (maxEvents ${this.maxEvents})`,
            );
          }
          const handler = queue.postedHandler as Handler<unknown>, arg = queue.postedArg;
          this.clock = queue.postedTime;
          this.dispatched++;
          count++;
          handler(arg, this);
          if (this.stopRequested) break;
          continue;
        }
        if (this.dispatched >= this.maxEvents) {
          throw new SimulationError(
            `event budget exceeded: ${this.dispatched} events dispatched (maxEvents ${this.maxEvents})`,
          );
        }
        this.clock = event.time;
        this.dispatched++;
        count++;
        event.handler(event.arg, this);
        if (this.stopRequested) break;
      }
      return count;
    } finally {
      this.running = false;
    }
  }
}
