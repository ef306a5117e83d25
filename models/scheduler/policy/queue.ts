// The scheduling queue (upstream backend/queue/scheduling_queue.go) as a pure data structure:
// every method takes the virtual time `now` (ms) explicitly; the caller schedules a kernel event
// at nextWakeTime(). activeQ is ordered by PrioritySort (higher priority, then earlier queue
// timestamp, then insertion sequence); backoffQ by backoff expiry; unschedulable pods are parked
// until moveAllToActiveOrBackoff (a cluster event) or flushUnschedulableLeftover (> 5 min).

export const InitialBackoffMs = 1000;
export const MaxBackoffMs = 10_000;
export const MaxInUnschedulableMs = 5 * 60_000;

type Where = 'active' | 'backoff' | 'unschedulable' | 'inflight';

interface Entry {
  key: string;
  priority: number;
  /** Time the pod was (re)queued: PrioritySort tie-break and backoff base. */
  timestamp: number;
  seq: number;
  attempts: number;
  backoffExpiry: number;
  where: Where;
  /** Generation for lazy heap deletion. */
  gen: number;
}

interface HeapItem { e: Entry; gen: number }

class Heap {
  private a: HeapItem[] = [];
  constructor(private readonly less: (x: Entry, y: Entry) => boolean) {}
  get length(): number { return this.a.length; }
  push(e: Entry): void {
    const a = this.a;
    a.push({ e, gen: e.gen });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!.e, a[p]!.e)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  /** Top live entry (stale ones are dropped). */
  peek(): Entry | undefined {
    while (this.a.length) {
      const t = this.a[0]!;
      if (t.gen === t.e.gen) return t.e;
      this.popRaw();
    }
    return undefined;
  }
  pop(): Entry | undefined {
    const e = this.peek();
    if (e) this.popRaw();
    return e;
  }
  private popRaw(): void {
    const a = this.a;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l]!.e, a[m]!.e)) m = l;
      if (r < a.length && this.less(a[r]!.e, a[m]!.e)) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

/** upstream calculateBackoffDuration: 1s doubling per attempt after the first, capped at 10s. */
export function backoffDuration(attempts: number): number {
  let d = InitialBackoffMs;
  for (let i = 1; i < attempts; i++) {
    if (d > MaxBackoffMs - d) return MaxBackoffMs;
    d += d;
  }
  return d;
}

export interface Popped { key: string; attempts: number; cycle: number }

export class SchedulingQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly active = new Heap((x, y) =>
    x.priority !== y.priority ? x.priority > y.priority : x.timestamp !== y.timestamp ? x.timestamp < y.timestamp : x.seq < y.seq);
  private readonly backoff = new Heap((x, y) => (x.backoffExpiry !== y.backoffExpiry ? x.backoffExpiry < y.backoffExpiry : x.seq < y.seq));
  /** Insertion-ordered, so moves are deterministic. */
  private readonly unschedulable = new Map<string, Entry>();
  private seq = 0;
  private schedulingCycle = 0;
  private moveRequestCycle = -1;

  /** A new pending pod (or one whose spec changed) goes to activeQ. */
  add(key: string, priority: number, now: number): void {
    let e = this.entries.get(key);
    if (e && e.where !== 'inflight') { this.detach(e); }
    if (!e) {
      e = { key, priority, timestamp: now, seq: 0, attempts: 0, backoffExpiry: 0, where: 'active', gen: 0 };
      this.entries.set(key, e);
    }
    e.priority = priority;
    e.timestamp = now;
    this.toActive(e);
  }

  /** Next pod to schedule, after moving completed backoffs to activeQ. */
  pop(now: number): Popped | undefined {
    this.flushBackoffCompleted(now);
    const e = this.active.pop();
    if (!e) return undefined;
    e.gen++;
    e.where = 'inflight';
    e.attempts++;
    this.schedulingCycle++;
    return { key: e.key, attempts: e.attempts, cycle: this.schedulingCycle };
  }

  /**
   * AddUnschedulableIfNotPresent: after a failed attempt. If a move request (cluster event)
   * happened since the pod was popped, it goes to backoffQ instead of being parked. `error`
   * (a plugin Error, not a fit failure) always goes to backoffQ.
   */
  addUnschedulable(key: string, now: number, podCycle: number, error = false): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.detach(e);
    e.timestamp = now;
    e.backoffExpiry = now + backoffDuration(e.attempts);
    if (error || this.moveRequestCycle >= podCycle) this.toBackoff(e);
    else { e.where = 'unschedulable'; this.unschedulable.set(key, e); }
  }

  /** A cluster event that may make parked pods schedulable. */
  moveAllToActiveOrBackoff(now: number): void {
    this.moveRequestCycle = this.schedulingCycle;
    const list = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const e of list) this.moveOne(e, now);
  }

  flushBackoffCompleted(now: number): void {
    for (;;) {
      const e = this.backoff.peek();
      if (!e || e.backoffExpiry > now) return;
      this.backoff.pop();
      e.gen++;
      this.toActive(e);
    }
  }

  /** Pods parked longer than 5 min (strictly) are moved to activeQ/backoffQ. */
  flushUnschedulableLeftover(now: number): void {
    const list: Entry[] = [];
    for (const e of this.unschedulable.values()) if (now - e.timestamp > MaxInUnschedulableMs) list.push(e);
    for (const e of list) { this.unschedulable.delete(e.key); this.moveOne(e, now); }
  }

  /** Earliest time something becomes due (backoff expiry or a 5-min flush), or undefined. */
  nextWakeTime(): number | undefined {
    let t = this.backoff.peek()?.backoffExpiry;
    for (const e of this.unschedulable.values()) {
      const f = e.timestamp + MaxInUnschedulableMs + 1;
      if (t === undefined || f < t) t = f;
      break; // insertion order = timestamp order for parked pods
    }
    return t;
  }

  /** Pod bound or deleted: forget it (attempts included). */
  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.detach(e);
    this.entries.delete(key);
  }

  attempts(key: string): number { return this.entries.get(key)?.attempts ?? 0; }
  has(key: string): boolean { return this.entries.has(key); }
  get activeLength(): number { let n = 0; for (const e of this.entries.values()) if (e.where === 'active') n++; return n; }
  get backoffLength(): number { let n = 0; for (const e of this.entries.values()) if (e.where === 'backoff') n++; return n; }
  get unschedulableLength(): number { return this.unschedulable.size; }
  where(key: string): Where | undefined { return this.entries.get(key)?.where; }

  private moveOne(e: Entry, now: number): void {
    if (e.backoffExpiry > now) this.toBackoff(e);
    else this.toActive(e);
  }
  private toActive(e: Entry): void { e.where = 'active'; e.seq = this.seq++; this.active.push(e); }
  private toBackoff(e: Entry): void { e.where = 'backoff'; e.seq = this.seq++; this.backoff.push(e); }
  private detach(e: Entry): void {
    e.gen++;
    if (e.where === 'unschedulable') this.unschedulable.delete(e.key);
  }
}
