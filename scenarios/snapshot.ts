// A snapshot of a cluster (`kubectl get deploy,rs,pods,… -A -o yaml`) keeps its objects' uids
// and the ownerReferences between them. The simulated API server gives every object a uid of its
// own, so the references are carried over: owners are created before their dependents (kubectl
// lists pods before their ReplicaSets), and each reference to a snapshot uid is rewritten to the
// uid its owner got (runner/simulate.ts). Controllers then find their ReplicaSets and pods as
// their own — a Deployment adopts its ReplicaSet and starts no rollout — as upstream would.

type Meta = { uid?: unknown; ownerReferences?: Array<{ uid?: unknown }> };
/** A scenario manifest (scenarios/build.ts Manifest), as far as ordering needs it. */
type WithObject = { obj: { metadata?: unknown } };

function metaOf(m: WithObject): Meta {
  return (m.obj.metadata ?? {}) as Meta;
}

/**
 * The manifests with every owner before its dependents; otherwise in file order (a stable sort by
 * depth in the owner graph, so a scenario without snapshot uids keeps its order exactly).
 */
export function ownersFirst<M extends WithObject>(manifests: readonly M[]): M[] {
  const byUid = new Map<string, M>();
  for (const m of manifests) {
    const uid = metaOf(m).uid;
    if (typeof uid === 'string' && uid !== '') byUid.set(uid, m);
  }
  if (byUid.size === 0) return [...manifests];
  const depth = new Map<M, number>();
  const visiting = new Set<M>();
  const depthOf = (m: M): number => {
    const known = depth.get(m);
    if (known !== undefined) return known;
    if (visiting.has(m)) return 0; // a cycle of owners: upstream's GC would not resolve it either
    visiting.add(m);
    let d = 0;
    for (const ref of metaOf(m).ownerReferences ?? []) {
      const owner = typeof ref.uid === 'string' ? byUid.get(ref.uid) : undefined;
      if (owner && owner !== m) d = Math.max(d, depthOf(owner) + 1);
    }
    visiting.delete(m);
    depth.set(m, d);
    return d;
  };
  return manifests.map((m, i) => ({ m, i, d: depthOf(m) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.m);
}

/** The uid a snapshot gave an object, if any (read before the API server replaces it). */
export function snapshotUid(obj: { metadata?: { uid?: unknown } }): string | undefined {
  const uid = obj.metadata?.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

/** Rewrites ownerReferences that name a snapshot uid to the uid that owner was created with. */
export function carryOwnerReferences(obj: { metadata: { ownerReferences?: Array<{ uid: string }> } }, created: ReadonlyMap<string, string>): void {
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const now = created.get(ref.uid);
    if (now !== undefined) ref.uid = now;
  }
}
