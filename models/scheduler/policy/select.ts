// Which nodes are filtered and how the winner is picked (upstream schedule_one.go).

export const MinFeasibleNodesToFind = 100;
export const MinFeasibleNodesPercentageToFind = 5;

/**
 * How many feasible nodes to find before stopping (numFeasibleNodesToFind):
 * < 100 nodes or percentage >= 100 → all; p = percentage, or adaptive 50 − n/125 (integer),
 * floored at 5; result n×p/100, at least 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore: number): number {
  if (numAllNodes < MinFeasibleNodesToFind || percentageOfNodesToScore >= 100) return numAllNodes;
  let p = percentageOfNodesToScore;
  if (p === 0) {
    p = 50 - Math.trunc(numAllNodes / 125);
    if (p < MinFeasibleNodesPercentageToFind) p = MinFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : n;
}

/**
 * Highest total score; ties broken uniformly at random with ONE draw per call (this is what
 * scheduleOne uses). With cnt nodes sharing the maximum, the tied node at position
 * cnt − 1 − floor(rand()·cnt) in list order wins: uniform over the tied nodes, like upstream's
 * reservoir sampling (selectHost below), and at the extremes it agrees with it (a draw near 0
 * takes the last tied node, a draw near 1 keeps the first). It does not reproduce the reservoir's
 * choice for intermediate draws, and it consumes one number instead of one per tied node.
 * No draw when the maximum is unique. Returns the index into scores[0..n).
 */
export function selectHostUniform(scores: Float64Array, n: number, rand: () => number): number {
  let best = 0, max = scores[0]!, cnt = 1;
  for (let i = 1; i < n; i++) {
    const s = scores[i]!;
    if (s > max) { max = s; best = i; cnt = 1; }
    else if (s === max) cnt++;
  }
  return pickTied(scores, n, max, best, cnt, rand);
}

/**
 * selectHostUniform's choice given the maximum `max`, the index of its first occurrence `first`
 * and its number of occurrences `cnt` in scores[0..n).
 */
export function pickTied(scores: Float64Array, n: number, max: number, first: number, cnt: number, rand: () => number): number {
  if (cnt === 1) return first;
  let pick = cnt - 1 - Math.floor(rand() * cnt);
  for (let i = first; i < n; i++) {
    if (scores[i] === max && pick-- === 0) return i;
  }
  return first; // not reached
}

/**
 * Upstream's literal form, kept as the reference: highest total score; ties broken uniformly
 * at random by reservoir sampling in list order
 * (the k-th tied node replaces the choice when floor(rand()·k) == 0, i.e. Go rand.Intn(k) == 0).
 * Returns the index into scores[0..n).
 */
export function selectHost(scores: Float64Array, n: number, rand: () => number): number {
  let best = 0, max = scores[0]!, cnt = 1;
  for (let i = 1; i < n; i++) {
    const s = scores[i]!;
    if (s > max) { max = s; best = i; cnt = 1; }
    else if (s === max) {
      cnt++;
      if (Math.floor(rand() * cnt) === 0) best = i;
    }
  }
  return best;
}
