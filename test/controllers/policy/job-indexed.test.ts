// Indexed Jobs: upstream's TestAppendDuplicatedIndexPodsForRemoval and TestPodGenerateNameWithIndex
// (pkg/controller/job/indexed_job_utils_test.go) and TestSortingActivePods
// (pkg/controller/controller_utils_test.go), run against what the Job controller calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  activePodsForRemoval, completionIndexFromAnnotation, duplicatedIndexPodsForRemoval, podGenerateNameWithIndex,
} from '../../../models/controllers/policy/job-indexed.js';
import { compareActivePods, type RankedPod } from '../../../models/controllers/policy/replicaset.js';

type IndexPhase = [index: string | undefined, phase: 'Pending' | 'Running'];
const noIndex = undefined;
/** hollowPodsWithIndexPhase: only the phase and the index annotation. */
const hollow = (descs: IndexPhase[]) => descs.map(([index, phase], i) => ({ index, phase, id: i }));
type Hollow = ReturnType<typeof hollow>[number];
const ranked = (p: Hollow): RankedPod => ({ name: '', uid: '', phase: p.phase, ready: false, active: true });
const compare = (a: Hollow, b: Hollow) => compareActivePods(ranked(a), ranked(b));
const indexOf = (p: Hollow) => completionIndexFromAnnotation(p.index);
const strip = (ps: Hollow[]): IndexPhase[] => ps.map((p) => [p.index, p.phase]);

test('TestAppendDuplicatedIndexPodsForRemoval', () => {
  const cases: Record<string, { pods: IndexPhase[]; wantRm: IndexPhase[]; wantLeft: IndexPhase[]; completions: number }> = {
    'all unique': {
      pods: [[noIndex, 'Pending'], ['2', 'Pending'], ['5', 'Running'], ['6', 'Running']],
      wantRm: [[noIndex, 'Pending'], ['6', 'Running']],
      wantLeft: [['2', 'Pending'], ['5', 'Running']],
      completions: 6,
    },
    'all with index': {
      pods: [['5', 'Pending'], ['0', 'Running'], ['3', 'Pending'], ['0', 'Running'], ['3', 'Running'], ['0', 'Pending'], ['6', 'Running'], ['6', 'Pending']],
      wantRm: [['0', 'Pending'], ['0', 'Running'], ['3', 'Pending'], ['6', 'Running'], ['6', 'Pending']],
      wantLeft: [['0', 'Running'], ['3', 'Running'], ['5', 'Pending']],
      completions: 6,
    },
    mixed: {
      pods: [[noIndex, 'Pending'], ['invalid', 'Running'], ['-2', 'Running'], ['0', 'Pending'], ['1', 'Pending'], ['1', 'Pending'], ['1', 'Running']],
      wantRm: [[noIndex, 'Pending'], ['invalid', 'Running'], ['-2', 'Running'], ['1', 'Pending'], ['1', 'Pending']],
      wantLeft: [['0', 'Pending'], ['1', 'Running']],
      completions: 6,
    },
  };
  for (const [name, tc] of Object.entries(cases)) {
    const { rm, left } = duplicatedIndexPodsForRemoval(hollow(tc.pods), tc.completions, indexOf, compare);
    assert.equal(strip(rm), tc.wantRm, `${name}: rm`);
    assert.equal(strip(left), tc.wantLeft, `${name}: left`);
  }
});

test('activePodsForRemoval: duplicates first, then the rest in ActivePods order up to rmAtLeast; NonIndexed sorts all', () => {
  const pods = hollow([['0', 'Running'], ['1', 'Running'], ['1', 'Pending'], ['2', 'Pending']]);
  const indexed = { completions: 3, indexOf };
  assert.equal(strip(activePodsForRemoval(pods, 0, indexed, compare)), [['1', 'Pending']]);
  assert.equal(strip(activePodsForRemoval(pods, 2, indexed, compare)), [['1', 'Pending'], ['2', 'Pending']]);
  assert.equal(strip(activePodsForRemoval(pods, 1, undefined, compare)), [['1', 'Pending']]);
  assert.equal(activePodsForRemoval(pods, 0, undefined, compare), []);
});

test('TestPodGenerateNameWithIndex', () => {
  const cases: Array<[string, string, number, string]> = [
    ['short job name', 'indexed-job', 1, 'indexed-job-1-'],
    ['job name exceeds MaxGeneneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
    ['job name with index suffix exceeds MaxGeneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
  ];
  for (const [name, job, index, want] of cases) assert.is(podGenerateNameWithIndex(job, index), want, name);
  // The index is kept whole however long it is.
  assert.is(podGenerateNameWithIndex('x'.repeat(60), 12345), `${'x'.repeat(51)}-12345-`);
});

test('getCompletionIndex: strconv.Atoi, negative or unparsable = unknown', () => {
  const table: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined], ['', undefined], ['0', 0], ['7', 7], ['007', 7], ['+3', 3], ['-2', undefined], ['invalid', undefined], ['1.5', undefined], [' 1', undefined],
  ];
  for (const [v, want] of table) assert.is(completionIndexFromAnnotation(v), want, String(v));
});

test('TestSortingActivePods: the order the Job controller removes pods in', () => {
  const H = 3_600_000, NOW = 100 * 24 * H, then = NOW - 30 * 24 * H;
  const p = (name: string, o: Partial<RankedPod>): RankedPod => ({ name, uid: '', phase: 'Running', nodeName: 'foo', ready: false, active: true, ...o });
  const pods: RankedPod[] = [
    p('unscheduled', { nodeName: '', phase: 'Pending' }),
    p('scheduledButPending', { nodeName: 'bar', phase: 'Pending' }),
    p('unknownPhase', { phase: 'Unknown' }),
    p('runningButNotReady', {}),
    p('runningNoLastTransitionTime', { ready: true, restarts: 3 }),
    p('runningWithLastTransitionTime', { ready: true, readySince: NOW, restarts: 3 }),
    p('runningLongerTime', { ready: true, readySince: then, restarts: 3 }),
    p('lowerContainerRestartCount', { ready: true, readySince: then, restarts: 2, created: NOW }),
    p('oldest', { ready: true, readySince: then, restarts: 2, created: then }),
  ];
  const want = pods.map((x) => x.name);
  // Upstream shuffles 20 times; a fixed set of rotations and a reversal does the same job here.
  for (let r = 0; r < pods.length; r++) {
    const shuffled = [...pods.slice(r), ...pods.slice(0, r)];
    assert.equal([...shuffled].sort(compareActivePods).map((x) => x.name), want, `rotation ${r}`);
    assert.equal([...shuffled].reverse().sort(compareActivePods).map((x) => x.name), want, `reversed rotation ${r}`);
  }
});

test.run();
