// InterPodAffinity: namespaceSelector against namespace labels, matchLabelKeys /
// mismatchLabelKeys, invalid selectors matching nothing (upstream interpodaffinity
// filtering_test.go cases "namespaceSelector", "matchLabelKeys", and framework.NewPodInfo's
// parse errors).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, makePodInfo, CycleState } from '../../models/scheduler/policy/index.js';
import { InterPodAffinity, termMatches } from '../../models/scheduler/policy/plugins/inter-pod-affinity.js';
import type { PodAffinityTerm } from '../../models/api/types.js';
import { ClusterModel } from '../../models/cluster.js';
import { pool } from '../models/cluster-helpers.js';
import type { KObject, Pod } from '../../models/api/types.js';
import { mkNode, mkPod, res } from './helpers.js';

const nsLabels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns, ...(ns === 'team-a' ? { team: 'a' } : {}) });

test('namespaceSelector selects pods by their namespace\'s labels; namespaces and the selector are ORed', () => {
  const target = (ns: string) => makePodInfo(mkPod('t', {}, { ns, labels: { app: 'db' } }), res(0, 0));
  const term = (extra: Partial<PodAffinityTerm>): PodAffinityTerm => ({ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone', ...extra });
  const sel = term({ namespaceSelector: { matchLabels: { team: 'a' } } });
  assert.ok(termMatches(sel, 'default', target('team-a'), nsLabels));
  assert.not.ok(termMatches(sel, 'default', target('team-b'), nsLabels));
  assert.not.ok(termMatches(sel, 'default', target('default'), nsLabels), 'a selector replaces the own-namespace default');
  const both = term({ namespaces: ['team-b'], namespaceSelector: { matchLabels: { team: 'a' } } });
  assert.ok(termMatches(both, 'default', target('team-b'), nsLabels));
  assert.ok(termMatches(both, 'default', target('team-a'), nsLabels));
  // {} selects every namespace; the API server's kubernetes.io/metadata.name label works without a Namespace object
  assert.ok(termMatches(term({ namespaceSelector: {} }), 'default', target('anything'), nsLabels));
  assert.ok(termMatches(term({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }), 'default', target('x')));
  assert.ok(termMatches(term({}), 'x', target('x')));
  assert.not.ok(termMatches(term({}), 'y', target('x')));
});

test('an invalid label value, key or operator in a term matches nothing', () => {
  const t = makePodInfo(mkPod('t', {}, { labels: { app: 'db' } }), res(0, 0));
  const bad: PodAffinityTerm[] = [
    { labelSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'v', operator: 'NotIn', values: ['not valid!'] }] }, topologyKey: 'zone' },
    { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, topologyKey: 'zone' },
    { labelSelector: { matchLabels: { '-bad-key': 'x' } }, topologyKey: 'zone' },
    { labelSelector: { matchLabels: { app: 'db' } }, namespaceSelector: { matchLabels: { team: '%' } }, topologyKey: 'zone', namespaces: ['default'] },
  ];
  for (const term of bad) assert.not.ok(termMatches(term, 'default', t), JSON.stringify(term));
  // the same term with a valid value matches
  assert.ok(termMatches({ labelSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'v', operator: 'NotIn', values: ['ok'] }] }, topologyKey: 'zone' }, 'default', t));
  // an existing pod whose anti-affinity term is invalid repels nobody
  const c = new SchedulerCache();
  const a = c.addNode(mkNode('a', 1, 1, { labels: { zone: 'z1' } }));
  c.addPod(mkPod('lonely', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [bad[0]!] } } }), res(0, 0), 'a');
  const ipa = new InterPodAffinity(0, 1);
  const s = new CycleState();
  const web = makePodInfo(mkPod('w', {}, { labels: { app: 'db', v: 'x' } }), res(0, 0));
  ipa.preFilter(s, web, c);
  assert.is(ipa.filter(s, web, a), null);
});

test('matchLabelKeys / mismatchLabelKeys: the pod\'s own values join its terms\' selectors', () => {
  const c = new SchedulerCache();
  const a = c.addNode(mkNode('a', 1, 1, { labels: { zone: 'z1' } }));
  const b = c.addNode(mkNode('b', 1, 1, { labels: { zone: 'z2' } }));
  c.addPod(mkPod('old', {}, { labels: { app: 'web', hash: 'v1' } }), res(0, 0), 'a');
  c.addPod(mkPod('new', {}, { labels: { app: 'web', hash: 'v2' } }), res(0, 0), 'b');
  const ipa = new InterPodAffinity(0, 1);
  const anti = (keys: Partial<PodAffinityTerm>) => makePodInfo(mkPod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone', ...keys }] } } }, { labels: { app: 'web', hash: 'v2' } }), res(0, 0));
  const verdicts = (p: ReturnType<typeof anti>) => {
    const s = new CycleState();
    ipa.preFilter(s, p, c);
    return [ipa.filter(s, p, a) === null, ipa.filter(s, p, b) === null];
  };
  assert.equal(verdicts(anti({})), [false, false], 'plain selector: both zones have a web pod');
  assert.equal(verdicts(anti({ matchLabelKeys: ['hash'] })), [true, false], 'only hash=v2 pods repel');
  assert.equal(verdicts(anti({ mismatchLabelKeys: ['hash'] })), [false, true], 'only hash!=v2 pods repel');
  assert.equal(verdicts(anti({ matchLabelKeys: ['absent'] })), [false, false], 'a key the pod lacks adds nothing');
});

test('in the cluster model, namespaceSelector reads the Namespace objects\' labels', () => {
  const run = (labels: Record<string, string>): string | undefined => {
    const model = new ClusterModel({ seed: 1, nodePools: [pool('n', 2, { labels: {} })] });
    model.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels } } as KObject);
    model.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'team-a', labels: { app: 'db' } },
      spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'n-0' }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } } as Pod);
    model.runUntil(1000);
    // required affinity to the db pod: it pulls p onto the busier node n-0 (LeastAllocated alone would pick n-1)
    const p = model.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'i' }], affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'db' } }, namespaceSelector: { matchLabels: { team: 'a' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
      status: { phase: 'Pending', conditions: [], containerStatuses: [] } } as Pod);
    model.runUntil(5000);
    return p.spec.nodeName;
  };
  assert.is(run({ team: 'a' }), 'n-0');
  assert.is(run({ team: 'b' }), undefined, 'the namespace does not match: no pod satisfies the affinity');
});

test.run();
