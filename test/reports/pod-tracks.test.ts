// The pod reports share one record per live pod: one store observer for all of them, handlers in
// subscription order, `fresh` on a pod's first change, the record gone after its DELETED (a
// recreated pod of the same name is a new record), live records in the order first seen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ObjectStore } from '../../models/api/store.js';
import type { Pod } from '../../models/api/types.js';
import { PodTracks, type PodChange } from '../../reports/pod-tracks.js';

function fakeStore() {
  const observers: ((type: PodChange, pod: Pod) => void)[] = [];
  const store = { now: 0, observe: (_k: string, f: (type: PodChange, pod: Pod) => void) => observers.push(f) };
  return { store: store as unknown as ObjectStore, change: (type: PodChange, pod: Pod) => observers.forEach((o) => o(type, pod)), observers };
}
const pod = (name: string) => ({ kind: 'Pod', metadata: { namespace: 'default', name } }) as unknown as Pod;

test('one observer per store; handlers share one record per pod, in order; DELETED drops it', () => {
  const { store, change, observers } = fakeStore();
  const tracks = PodTracks.of(store);
  assert.is(PodTracks.of(store), tracks);
  assert.is(observers.length, 1);
  const seen: string[] = [];
  tracks.subscribe((type, p, t, fresh) => {
    seen.push(`A ${type} ${p.metadata.name} ${fresh}`);
    t.scheduled = (t.scheduled ?? 0) + 1;
  });
  tracks.subscribe((type, p, t, fresh) => seen.push(`B ${type} ${p.metadata.name} ${fresh} ${t.scheduled}`));
  const a = pod('a');
  const b = pod('b');
  change('ADDED', a);
  change('ADDED', b);
  change('MODIFIED', a);
  assert.equal([...tracks.values()].map((t) => t.pod), [a, b]);
  change('DELETED', a);
  assert.is(tracks.get(a), undefined);
  assert.is(tracks.get(b)?.scheduled, 1);
  const a2 = pod('a');
  change('ADDED', a2);
  assert.equal([...tracks.values()].map((t) => t.pod), [b, a2]);
  // A pod first seen at its deletion gets a record for that change only.
  const c = pod('c');
  change('DELETED', c);
  assert.is(tracks.get(c), undefined);
  assert.equal(seen, [
    'A ADDED a true', 'B ADDED a true 1',
    'A ADDED b true', 'B ADDED b true 1',
    'A MODIFIED a false', 'B MODIFIED a false 2',
    'A DELETED a false', 'B DELETED a false 3',
    'A ADDED a true', 'B ADDED a true 1',
    'A DELETED c true', 'B DELETED c true 1',
  ]);
});

test.run();
