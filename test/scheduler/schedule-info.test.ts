// scheduleOneInfo (the shell's cycle on a PodInfo it keeps and then accounts on the chosen node)
// against scheduleOne (which builds its own PodInfo) on the same 300 cycles: same results, same
// round-robin start, and addPodInfo accounts the very PodInfo the cycle read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, buildProfile, makePodInfo, scheduleOne } from '../../models/scheduler/policy/index.js';
import { scheduleOneInfo } from '../../models/scheduler/policy/schedule.js';
import { Gi, mkNode, mkPod, res } from './helpers.js';

test('scheduleOneInfo places like scheduleOne', () => {
  const mk = () => {
    const c = new SchedulerCache();
    for (let i = 0; i < 150; i++) c.addNode(mkNode(`n${i}`, 4000 + (i % 7) * 1000, (8 + (i % 5)) * Gi));
    return c;
  };
  const a = mk(), b = mk();
  const profile = buildProfile({});
  let sa = 1, sb = 1;
  const ra = () => ((sa = (sa * 48271) % 2147483647) / 2147483647);
  const rb = () => ((sb = (sb * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < 300; i++) {
    const r = res(100 + (i % 3) * 250, (1 + (i % 4)) * Gi / 2);
    const pa = mkPod(`p${i}`), pb = mkPod(`p${i}`);
    const x = scheduleOne(pa, r, a, profile, ra);
    const pi = makePodInfo(pb, r);
    const y = scheduleOneInfo(pi, b, profile, rb);
    assert.equal(y, x);
    if ('nodeName' in x && 'nodeName' in y) {
      a.addPod(pa, r, x.nodeName);
      assert.is(b.addPodInfo(pi, y.nodeName), pi);
    }
  }
  assert.is(a.nextStartNodeIndex, b.nextStartNodeIndex);
});

test.run();
