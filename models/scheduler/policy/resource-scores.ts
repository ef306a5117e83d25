// The default resource scores (NodeResourcesFit LeastAllocated and BalancedAllocation over cpu
// and memory) of each node for a pod request shape, kept between cycles. A node's two scores
// depend only on its own numbers and the pod's four (requests and non-zero requests of cpu and
// memory), and most pods of a cluster share a handful of shapes (one per pod template), while a
// cycle changes one node. So scheduleOne's fused score loop computes a node's scores once per
// shape and reuses them until the node's slot is written again (NodeArrays.ver): same numbers,
// same functions, so the same scores as computing them every cycle.

/** One request shape's scores by node slot, valid where stamp[slot] equals the slot's NodeArrays.ver. */
export interface ShapeScores {
  readonly reqCpu: number;
  readonly reqMem: number;
  readonly nzCpu: number;
  readonly nzMem: number;
  fit: Float64Array;
  bal: Float64Array;
  /** 0 = never computed (NodeArrays.ver is never 0 for a written slot). */
  stamp: Uint32Array;
  lastUsed: number;
}

/**
 * Shapes kept at once; the least recently used goes first. A few templates' shapes cover a
 * start-up; more only costs recomputation, never a different score.
 */
export const MaxShapes = 16;

export class ResourceScores {
  private readonly shapes: ShapeScores[] = [];
  private clock = 0;

  /** The shape's score arrays, holding at least `slots` slots (new slots unstamped). */
  shape(reqCpu: number, reqMem: number, nzCpu: number, nzMem: number, slots: number): ShapeScores {
    const now = ++this.clock;
    const list = this.shapes;
    let lru = 0;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.reqCpu === reqCpu && s.reqMem === reqMem && s.nzCpu === nzCpu && s.nzMem === nzMem) {
        s.lastUsed = now;
        if (s.stamp.length < slots) grow(s, slots);
        return s;
      }
      if (s.lastUsed < list[lru]!.lastUsed) lru = i;
    }
    const cap = Math.max(16, slots);
    const s: ShapeScores = { reqCpu, reqMem, nzCpu, nzMem, fit: new Float64Array(cap), bal: new Float64Array(cap),
      stamp: new Uint32Array(cap), lastUsed: now };
    if (list.length < MaxShapes) list.push(s); else list[lru] = s;
    return s;
  }

  get size(): number { return this.shapes.length; }

  /** Forget every shape (the next cycles recompute; the tests compare the two). */
  clear(): void { this.shapes.length = 0; }
}

function grow(s: ShapeScores, n: number): void {
  let cap = s.stamp.length;
  while (cap < n) cap *= 2;
  const fit = new Float64Array(cap); fit.set(s.fit); s.fit = fit;
  const bal = new Float64Array(cap); bal.set(s.bal); s.bal = bal;
  const stamp = new Uint32Array(cap); stamp.set(s.stamp); s.stamp = stamp;
}
