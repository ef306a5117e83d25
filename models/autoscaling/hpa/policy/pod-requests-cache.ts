// calculatePodRequests kept while an HPA's pod views are the same objects. A pod's request sums
// are a function of its view's containers (a view is rebuilt when its pod is written, and its
// requests are never edited in place), so the per-pod sums the last calculation built hold until
// some view in the list is another object; a steady HPA recalculates once a minute (new samples)
// over the same views, and rebuilding the map then cost as much as the rest of the calculation.
// A calculation that throws (a container without the request) is not kept: it throws each time.

import { calculatePodRequests, samePodViews, type HpaPod, type PodRequests } from './replica-calculator.js';

export class PodRequestsCache implements PodRequests {
  private pods: HpaPod[] = [];
  private readonly byKey = new Map<string, ReadonlyMap<string, number>>();
  /** Maps built / served from the cache (cost figures for tests). */
  built = 0;
  served = 0;

  of(pods: readonly HpaPod[], resource: string, container: string): ReadonlyMap<string, number> {
    if (!samePodViews(this.pods, pods)) {
      this.pods = pods.slice();
      this.byKey.clear();
    }
    const key = container === '' ? resource : `${resource}\u0000${container}`;
    const kept = this.byKey.get(key);
    if (kept !== undefined) {
      this.served++;
      return kept;
    }
    const m = calculatePodRequests(pods, resource, container);
    this.byKey.set(key, m);
    this.built++;
    return m;
  }
}
