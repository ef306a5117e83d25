// The run report's page model, built from a real run's output folder and from small folders
// written here; cross-checked against summary.csv, which the page does not derive its series from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../../runner/simulate.js';
import { loadRunData } from '../../../reports/html/run-data.js';
import { runPage } from '../../../reports/html/run-page.js';
import { renderPage } from '../../../reports/html/page-html.js';
import { MAX_POINTS } from '../../../reports/html/downsample.js';
import { ReportInputError } from '../../../reports/html/input-error.js';
import { formatVirtualTime } from '../../../reports/html/time-axis.js';
import { packageRoot, tempDir } from '../../helpers.js';

const example = (name: string) => join(packageRoot(), 'scenarios', 'examples', `${name}.yaml`);

function runTo(name: string): string {
  const out = join(tempDir(), 'out');
  runFiles([example(name)], { seed: 42, out });
  return out;
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;

test('hpa-walkthrough: every chart has data aligned with its x values; pods and events agree with summary.csv', async () => {
  const d = await loadRunData(runTo('hpa-walkthrough'));
  const page = runPage(d);
  const charts = page.sections.flatMap((s) => s.charts);
  for (const c of charts) {
    assert.ok(c.series.length > 0, c.id);
    for (const s of c.series) {
      assert.is(s.values.length, c.xs.length, `${c.id} ${s.label}`);
      assert.ok(s.values.some((v) => v !== null), `${c.id} ${s.label} has data`);
    }
  }
  const ids = charts.map((c) => c.id);
  for (const id of ['chart-pods-by-phase', 'chart-deployment-default-php-apache', 'chart-hpa-default-php-apache', 'chart-service-default-php-apache-latency', 'chart-nodes-by-pool', 'chart-cost', 'chart-events-per-interval'])
    assert.ok(ids.includes(id), `${id} in ${ids.join(' ')}`);
  const pods = charts.find((c) => c.id === 'chart-pods-by-phase')!;
  const running = pods.series.find((s) => s.label === 'running')!;
  assert.is(last(running.values), Number(d.summary.get('pods_running')), 'running at the end (pods.csv) = pods_running (summary)');
  assert.is(d.events.total, Number(d.summary.get('k8s_events')));
  // The SLO line comes from timeseries.csv's slo_latency_p99_s (the scenario says 500ms).
  const latency = charts.find((c) => c.id === 'chart-service-default-php-apache-latency')!;
  assert.equal(latency.hlines?.map((h) => h.value), [0.5]);
  // Worst p99 in the headline is the maximum of the p99 series.
  const p99 = d.series.get('service', 'default/php-apache', 'latency_p99_s').filter((v): v is number => v !== null);
  assert.ok(page.headline.some((h) => h.text.startsWith('Worst p99') && h.href === '#chart-service-default-php-apache-latency'), 'worst p99 links to its chart');
  assert.ok(Math.max(...p99) > 0);
});

test('rendered page: self-contained (no external script, stylesheet or fetch) and every headline link resolves', async () => {
  const d = await loadRunData(runTo('ch7-node-failure'));
  const html = renderPage(runPage(d));
  assert.not.match(html, /<script[^>]+src=/);
  assert.not.match(html, /<link[^>]+href=/);
  assert.ok(html.includes('uPlot'), 'uPlot inlined');
  for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) assert.ok(html.includes(`id="${id}"`), `link #${id} has a target`);
  assert.ok(d.actions.length > 0, 'the node-failure timeline is read');
  assert.ok(runPage(d).markers.some((m) => m.kind === 'action'), 'timeline actions are page markers');
});

/** A minimal run folder: summary.csv, timeseries.csv with `rows`, empty pods.csv and events.csv. */
function folder(timeseries: string, extra: Record<string, string> = {}): string {
  const dir = join(tempDir(), 'run');
  mkdirSync(dir);
  writeFileSync(join(dir, 'summary.csv'), 'metric,value\nvirtual_time_s,86400\nk8s_events,0\n');
  writeFileSync(join(dir, 'timeseries.csv'), `time_s,scope,name,metric,value\n${timeseries}`);
  writeFileSync(join(dir, 'pods.csv'), 'namespace,name,owner,node,created_s,scheduled_s,started_s,ready_s,finished_s,phase,reason,restarts\n');
  writeFileSync(join(dir, 'events.csv'), 'time_s,namespace,kind,name,reason,message,type,source\n');
  for (const [f, text] of Object.entries(extra)) writeFileSync(join(dir, f), text);
  return dir;
}

test('a long run is downsampled to at most MAX_POINTS per series and a one-sample spike survives', async () => {
  const samples = 4 * MAX_POINTS + 7;
  const spikeAt = 2 * MAX_POINTS + 3;
  let rows = '';
  for (let i = 0; i < samples; i++) rows += `${i * 15},cluster,,pods_pending,${i === spikeAt ? 250 : 1}\n`;
  const d = await loadRunData(folder(rows));
  assert.ok(d.bucket > 1);
  const page = runPage(d);
  const chart = page.sections.flatMap((s) => s.charts).find((c) => c.id === 'chart-pods-by-phase')!;
  assert.ok(chart.xs.length <= MAX_POINTS, `${chart.xs.length} points`);
  const unscheduled = chart.series.find((s) => s.label.startsWith('unscheduled'))!;
  assert.is(Math.max(...unscheduled.values.map((v) => v ?? 0)), 250);
  assert.ok(page.notes.some((n) => n.includes(`maximum of ${d.bucket} consecutive samples`)), 'the page says how it downsampled');
  assert.ok(page.headline.some((h) => h.text === `Up to 250 pods waiting for a node (at ${formatVirtualTime(spikeAt * 15)})` && h.href === '#chart-pods-by-phase'), 'the peak is in the headline');
});

test('bad input: a cell that is not a number names file:line:col and the column', async () => {
  const dir = folder('0,cluster,,pods_pending,1\n15,cluster,,pods_pending,abc\n');
  const line = '15,cluster,,pods_pending,abc';
  try {
    await loadRunData(dir);
    assert.unreachable('should fail');
  } catch (e) {
    assert.instance(e, ReportInputError);
    assert.is((e as Error).message, `${join(dir, 'timeseries.csv')}:3:${line.indexOf('abc') + 1}: value: not a number: "abc"`);
  }
});

test('bad input: a missing file and a header without its columns are named', async () => {
  const dir = folder('');
  writeFileSync(join(dir, 'pods.csv'), 'namespace,name\n');
  await loadRunData(dir).then(
    () => assert.unreachable('should fail'),
    (e: Error) => assert.is(e.message, `${join(dir, 'pods.csv')}:1:1: created_s: column missing from the header (namespace,name)`),
  );
  const dir2 = folder('');
  const { rmSync } = await import('node:fs');
  rmSync(join(dir2, 'events.csv'));
  await loadRunData(dir2).then(
    () => assert.unreachable('should fail'),
    (e: Error) => assert.ok(e.message.startsWith(`${join(dir2, 'events.csv')}: missing`), e.message),
  );
});

test('bad input: broken CSV quoting is one file:line message, not a parser stack', async () => {
  const dir = folder('0,cluster,,pods_pending,0\n', { 'events.csv': 'time_s,namespace,kind,name,reason,message,type,source\n1,default,Pod,p,Pulling,Pulling image "app:1",Normal,kubelet\n' });
  await loadRunData(dir).then(
    () => assert.unreachable('should fail'),
    (e: Error) => {
      assert.instance(e, ReportInputError);
      assert.ok(e.message.startsWith(`${join(dir, 'events.csv')}:2:1: column 6: `), e.message);
    },
  );
});

test('timeline.csv: a quoted multi-line kubectl output reads back whole; actions become markers', async () => {
  const dir = folder('0,cluster,,pods_pending,0\n', {
    'timeline.csv': 'time_s,command,outcome,output\n60,kubectl get pods,ok,"NAME   READY\nweb-1  1/1"\n120,kubectl scale deployment/web --replicas=3,ok,deployment.apps/web scaled\n',
  });
  const d = await loadRunData(dir);
  assert.equal(d.actions.map((a) => [a.time, a.output]), [
    [60, 'NAME   READY\nweb-1  1/1'],
    [120, 'deployment.apps/web scaled'],
  ]);
  assert.equal(runPage(d).markers.map((m) => m.t), [60, 120]);
});

test.run();
