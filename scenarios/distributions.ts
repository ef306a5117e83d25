// Checks of k8sim distributions that the schema cannot state: a `uniform: [min, max]` whose min
// is above its max would fail when the first value is drawn, mid-run; it is refused at load.

import { parseDuration } from '../sim/index.js';
import type { FieldPath } from './errors.js';

export interface DistributionIssue {
  path: FieldPath;
  message: string;
}

/** Every `uniform: [a, b]` in a (schema-valid) k8sim document with a > b: durations or plain numbers. */
export function distributionIssues(body: unknown): DistributionIssue[] {
  const issues: DistributionIssue[] = [];
  // Paths as (parent, segment) links, made whole only for an issue: a Timeline of 2,000
  // manifests would otherwise allocate every node's whole path.
  const stack: Array<[unknown, Link | undefined]> = [[body, undefined]];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push([v, { up: at, seg: i }]));
      continue;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'uniform' && Array.isArray(v) && v.length === 2) {
        const [a, b] = v.map(boundValue);
        if (a !== undefined && b !== undefined && a > b) {
          issues.push({ path: pathOf({ up: at, seg: k }), message: `min ${String(v[0])} is greater than max ${String(v[1])}; write [min, max]` });
        }
      }
      if (v !== null && typeof v === 'object') stack.push([v, { up: at, seg: k }]);
    }
  }
  return issues;
}

type Link = { up: Link | undefined; seg: string | number };

function pathOf(at: Link): FieldPath {
  const segs: Array<string | number> = [];
  for (let l: Link | undefined = at; l !== undefined; l = l.up) segs.push(l.seg);
  return segs.reverse();
}

function boundValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  try {
    return parseDuration(v);
  } catch {
    return undefined; // the schema has already said what is wrong with it
  }
}
