// Template verdicts (models/api/pod-spec-verdicts.ts): a pod created with `{ template }` reuses
// the spec verdict of an earlier pod of that template when its spec is the same data. Both
// paths — plain create (full validateCreate, as upstream) and stamped create — are run on the
// same inputs: same acceptance, same stored spec, same refusal message and causes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/index.js';
import { ApiServer } from '../../models/api/apiserver.js';
import { ApiError } from '../../models/api/errors.js';
import { EventRecorder } from '../../models/api/events.js';
import { ObjectStore } from '../../models/api/store.js';
import { validateCreate } from '../../models/api/policy/validation.js';
import { podResources } from '../../models/api/policy/pod-resources.js';
import { PodSpecVerdicts } from '../../models/api/pod-spec-verdicts.js';
import type { Pod, PodSpec } from '../../models/api/types.js';

function server(): ApiServer {
  const sim = new Simulation();
  return new ApiServer(new ObjectStore(sim), new EventRecorder(sim));
}

const good = (): PodSpec => ({
  containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1' } } }],
});

function pod(name: string, spec: PodSpec, labels: Record<string, string> = { app: 'web' }): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec, status: { phase: 'Pending', conditions: [], containerStatuses: [] } };
}

/** The outcome of a create: the stored spec, or the refusal's message and causes. */
function outcome(f: () => Pod): unknown {
  try {
    return { spec: structuredClone(f().spec) };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { message: e.message, details: e.details };
  }
}

// Each case: a spec after a valid first pod of the same template. Invalid specs must be refused
// with upstream's messages even though the template's verdict is "valid".
const cases: Array<[string, (s: PodSpec) => void, Record<string, string>?]> = [
  ['the same spec', () => {}],
  ['a request above its limit', (s) => { s.containers[0]!.resources!.requests!.cpu = '2'; }],
  ['a container without an image', (s) => { delete (s.containers[0] as { image?: string }).image; }],
  ['a second container with the same name', (s) => { s.containers.push({ name: 'app', image: 'x' }); }],
  ['an unknown restart policy', (s) => { (s as { restartPolicy: string }).restartPolicy = 'Sometimes'; }],
  ['a negative grace period', (s) => { s.terminationGracePeriodSeconds = -1; }],
  ['the same keys in another order (valid, validated afresh)', (s) => {
    const c = s.containers[0]!;
    s.containers[0] = { image: c.image, name: c.name, resources: c.resources! } as typeof c;
  }],
  ['a bad label key with a valid spec', () => {}, { 'a/b/c': 'x' }],
  ['a bad label value with a bad spec', (s) => { s.containers[0]!.name = 'Bad_Name'; }, { app: '-x-' }],
];

for (const [what, edit, labels] of cases) {
  test(`stamped create = plain create: ${what}`, () => {
    const template = { spec: good() };
    const plainApi = server();
    const stampedApi = server();
    // The first pod of the template leaves a "valid" verdict behind.
    plainApi.create(pod('web-0', structuredClone(template.spec)));
    stampedApi.create(pod('web-0', structuredClone(template.spec)), { template });
    const spec = structuredClone(template.spec);
    edit(spec);
    const plain = outcome(() => plainApi.create(pod('web-1', structuredClone(spec), labels)));
    const stamped = outcome(() => stampedApi.create(pod('web-1', structuredClone(spec), labels), { template }));
    assert.equal(stamped, plain);
    // And both are what validateCreate says of the defaulted pod.
    const errs = validateCreate(pod('web-1', structuredClone(plainApi.store.get<Pod>('Pod', 'default', 'web-0')!.spec)));
    assert.equal(errs, []);
  });
}

test('stamped pods of one template share numbers equal to podResources of their own spec', () => {
  const api = server();
  const template = { spec: good() };
  const pods = [0, 1, 2].map((i) => api.create(pod(`web-${i}`, structuredClone(template.spec)), { template }));
  for (const p of pods) assert.equal(api.resourcesOf(p), podResources(p.spec));
  assert.is(api.resourcesOf(pods[1]!), api.resourcesOf(pods[2]!), 'shared after the first');
  const other = structuredClone(template.spec);
  other.containers[0]!.resources!.requests!.cpu = '200m';
  const p3 = api.create(pod('web-3', other), { template });
  assert.equal(api.resourcesOf(p3), podResources(p3.spec), 'a different spec gets its own numbers');
  assert.is.not(api.resourcesOf(p3), api.resourcesOf(pods[2]!));
});

test('a refused spec does not become the verdict: the next same spec is refused again', () => {
  const api = server();
  const template = { spec: good() };
  const bad = good();
  bad.containers[0]!.image = '';
  const first = outcome(() => api.create(pod('web-0', structuredClone(bad)), { template }));
  const second = outcome(() => api.create(pod('web-1', structuredClone(bad)), { template }));
  assert.ok((first as { message?: string }).message?.includes('spec.containers[0].image: Required value'));
  assert.equal((second as { message: string }).message.replace('web-1', 'web-0'), (first as { message: string }).message);
});

test('a pod edited after its create does not change the verdict of the next pod', () => {
  const api = server();
  const template = { spec: good() };
  const p0 = api.create(pod('web-0', structuredClone(template.spec)), { template });
  p0.spec.containers[0]!.image = ''; // stored pods are written in place later (nodeName, …)
  const bad = structuredClone(template.spec);
  bad.containers[0]!.image = '';
  const r = outcome(() => api.create(pod('web-1', bad), { template }));
  assert.ok((r as { message?: string }).message?.includes('spec.containers[0].image: Required value'));
});
test('the verdict is kept per template and only for the same data', () => {
  const v = new PodSpecVerdicts();
  const t1 = {};
  const t2 = {};
  const spec = good();
  assert.not.ok(v.knownValid(t1, spec), "nothing known yet");
  const res = podResources(spec);
  const shared = v.remember(t1, spec, res);
  assert.equal(shared, res, 'the shared numbers are a copy of the computed ones');
  assert.ok(Object.isFrozen(shared) && Object.isFrozen(shared.requests) && Object.isFrozen(shared.containers[0]), 'and frozen: no pod may write them');
  assert.is(v.knownValid(t1, good()), shared, 'the same data from a fresh copy gets the shared numbers');
  assert.not.ok(v.knownValid(t2, good()), 'another template has its own verdict');
  spec.nodeName = 'n1';
  assert.ok(v.knownValid(t1, good()), 'the snapshot is a copy: editing the first spec leaves it');
  const other = good();
  other.containers[0]!.image = 'app:2';
  assert.not.ok(v.knownValid(t1, other));
});

test.run();
