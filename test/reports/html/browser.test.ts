// report.html in a real headless browser (Debian's chromium, driven by playwright-core; one
// launch for every page): the page loads with no console error, every chart has data, the
// event filter works, and a screenshot of each page is written in this test's temp folder.
// Skips with a message only when there is no browser (.ci/run installs chromium where apt-get is).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium, type Browser } from 'playwright-core';
import { runFiles } from '../../../runner/simulate.js';
import { writeReport } from '../../../reports/html/write-report.js';
import { packageRoot, tempDir } from '../../helpers.js';
import { fakeSweep, GOAL, GRID } from './helpers.js';

/** The browser: $K8SIM_CHROMIUM, else Debian's chromium. */
const CHROMIUM = process.env.K8SIM_CHROMIUM ?? '/usr/bin/chromium';
// As root in a sandboxed machine with no network: no setuid sandbox, no background connections.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function runReport(example: string): Promise<string> {
  const out = join(tempDir(), example);
  runFiles([join(packageRoot(), 'scenarios', 'examples', `${example}.yaml`)], { seed: 42, out });
  return writeReport(out);
}

interface Loaded {
  errors: string[];
  charts: number;
  figures: { id: string; points: number; canvases: number }[];
}

if (!existsSync(CHROMIUM)) {
  test(`browser test skipped: no browser at ${CHROMIUM} (apt-get install -y chromium, or set K8SIM_CHROMIUM)`, () => {
    console.log(`\n  browser test skipped: no browser at ${CHROMIUM} (apt-get install -y chromium, or set K8SIM_CHROMIUM)\n`);
  });
} else {
  let browser: Browser;
  const shots = tempDir('k8sim-report-shots-');

  test.before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  test.after(async () => {
    await browser?.close();
  });

  async function open(file: string, shot: string, check?: (page: import('playwright-core').Page) => Promise<void>): Promise<Loaded> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    // Nothing may be fetched: the page is self-contained.
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) errors.push(`fetched ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready]', { timeout: 15000 });
    const loaded: Loaded = {
      errors,
      charts: Number(await page.getAttribute('body', 'data-charts')),
      figures: await page.$$eval('figure.chart', (fs) => fs.map((f) => ({ id: f.id, points: Number(f.getAttribute('data-points')), canvases: f.querySelectorAll('canvas').length }))),
    };
    if (check) await check(page);
    const png = join(shots, `${shot}.png`);
    await page.screenshot({ path: png });
    assert.ok(statSync(png).size > 10_000, `screenshot ${png} written`);
    await page.close();
    return loaded;
  }

  function assertCharts(l: Loaded, least: number): void {
    assert.equal(l.errors, [], 'no console error');
    assert.ok(l.figures.length >= least, `${l.figures.length} charts`);
    assert.is(l.charts, l.figures.length, 'every chart drawn');
    for (const f of l.figures) {
      assert.ok(f.points > 0, `${f.id} has data`);
      assert.ok(f.canvases > 0, `${f.id} has a canvas`);
    }
  }

  test('run reports (hpa-walkthrough, ch5-deployment): no console error, every chart has data, the event filter filters', async () => {
    assertCharts(await open(await runReport('hpa-walkthrough'), 'run-hpa-walkthrough'), 10);
    const l = await open(await runReport('ch5-deployment'), 'run-ch5-deployment', async (page) => {
      const rows = page.locator('#table-events tbody tr');
      const all = await rows.count();
      await page.selectOption('#table-events select[aria-label="reason"]', 'ScalingReplicaSet');
      const shown = await page.$$eval('#table-events tbody tr', (rs) => rs.filter((r) => (r as unknown as { style: { display: string } }).style.display !== 'none').map((r) => r.children[2]!.textContent));
      assert.ok(shown.length > 0 && shown.length < all, `${shown.length} of ${all} rows shown`);
      assert.ok(shown.every((r) => r === 'ScalingReplicaSet'));
    });
    assertCharts(l, 10);
  });

  test('sweep reports (grid with objectives, goal seek): no console error, every chart has data', async () => {
    assertCharts(await open(await writeReport(await fakeSweep(GRID)), 'sweep-grid'), 3);
    assertCharts(await open(await writeReport(await fakeSweep(GOAL)), 'sweep-goal'), 2);
  });
}

test.run();
