// The bundled scenarios/examples/cronjob-and-sidecars.yaml: what its header comment promises.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Job, Pod } from '../../models/api/types.js';
import { podReadyText } from '../../reports/kubectl-format.js';
import { example, load } from './helpers.js';

test('cronjob-and-sidecars: backups at 00:15/00:30/00:45 (two kept), web pods through Init:0/2 → Running 3/3, the RC keeps 2', () => {
  const h = load([example('cronjob-and-sidecars.yaml')], 42);
  h.model.runUntil(50 * 60_000);
  const creates = h.events.filter((e) => e.kind === 'CronJob' && e.reason === 'SuccessfulCreate').map((e) => [e.time, e.message]);
  assert.equal(creates, [[900_100, 'Created job backup-15'], [1_800_100, 'Created job backup-30'], [2_700_100, 'Created job backup-45']]);
  assert.equal([...h.model.store.list<Job>('Job')].map((j) => j.metadata.name), ['backup-30', 'backup-45']);
  const web = [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.labels?.app === 'web');
  assert.is(web.length, 2);
  for (const p of web) {
    const seq = (h.statuses.get(p.metadata.name) ?? []).map(([, s]) => s);
    assert.equal(seq, ['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'], p.metadata.name);
    assert.is(podReadyText(p), '3/3');
  }
  const cache = [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.labels?.app === 'legacy-cache' && p.status.phase === 'Running');
  assert.is(cache.length, 2);
  assert.is(h.model.kubelet.warnings.length, 1);
});

test.run();
