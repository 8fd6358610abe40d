// The browser half of `cargo xtask bench --browser`: drives Debian's Chromium against the
// release build at BASE_URL and prints `name=value` lines for xtask to tabulate.
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';

const BASE = process.env.BASE_URL;
const LOADS = Number(process.env.LOADS || 7);
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-precise-memory-info'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
// A loaded 2-core machine (builds beside the bench) has taken over 30 s, Playwright's default,
// to bring a page up; a slow load is measured, not a failure.
const SLOW = { timeout: 120_000 };
const out = (k, v) => console.log(`${k}=${v}`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

// 1. Cold loads of the first page: bytes (gzip, as a server would send them) and time to ready.
const readies = [];
let firstLoadGzip = 0;
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length).catch(() => 0)));
  await page.goto(BASE + '/?lang=en', SLOW);
  await page.waitForSelector('body[data-ready="1"]', SLOW);
  readies.push(await page.evaluate(() => performance.getEntriesByName('app-ready')[0].startTime));
  if (i === 0) {
    await page.waitForLoadState('networkidle');
    firstLoadGzip = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  }
  await context.close();
}
out('first_load_gzip_bytes', firstLoadGzip);
out('ready_median_ms', median(readies).toFixed(1));

// 2. The engine in wasm: pipeline and scrub; then, in a fresh page, ten simulated minutes of
// streaming and the memory it leaves.
for (const run of ['engine', 'stream']) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE + '/?bench=' + run, SLOW);
  await page.waitForSelector('#bench-result[data-done="1"]', { timeout: 600_000 });
  const text = await page.locator('#bench-result').innerText();
  for (const line of text.trim().split('\n')) console.log(line);
  if (run === 'stream') {
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
    out('stream_js_heap_bytes', heap);
  }
  await context.close();
}

// 3. Frame times while the World Cup scene streams (the Kafka sandbox's preset, if present).
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/?page=kafka&lang=en', SLOW);
  await page.waitForSelector('body[data-ready="1"]', SLOW);
  // The preset sits in the tools drawer under the stage.
  await page.locator('details.tools-drawer > summary').first().click();
  const preset = page.getByRole('button', { name: /World Cup/ });
  await preset.first().waitFor(SLOW);
  if ((await preset.count()) > 0) {
    await preset.first().click();
    const play = page.getByRole('button', { name: 'Play' });
    if ((await play.count()) > 0) await play.first().click();
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const times = [];
      let last = performance.now();
      const end = last + 5000;
      const step = (t) => { times.push(t - last); last = t; if (t < end) requestAnimationFrame(step); else resolve(times); };
      requestAnimationFrame(step);
    }));
    // A frame lasts a whole number of display refreshes; rAF timestamps jitter by a fraction of
    // a millisecond around them, so each delta counts as the refreshes it spans.
    const refresh = median(frames);
    const quantized = frames.map((d) => Math.max(1, Math.round(d / refresh)) * refresh);
    out('frame_median_ms', median(quantized).toFixed(2));
    out('frame_p95_ms', pct(quantized, 0.95).toFixed(2));
    out('frame_dropped_percent', (100 * quantized.filter((d) => d > refresh * 1.5).length / frames.length).toFixed(1));
  } else {
    out('frame_median_ms', 'n/a');
    out('frame_p95_ms', 'n/a');
  }
  await context.close();
}
// 4. The stage with about 200 tokens in flight (the busy scene): frame times, how busy the main
// thread is (Chromium's own task time over wall time), and how many tokens were drawn.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/?page=kafka&lang=en&scene=busy', SLOW);
  await page.waitForSelector('body[data-ready="1"]', SLOW);
  await page.getByRole('button', { name: 'Play' }).first().click();
  await page.waitForTimeout(2000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const t0 = await task();
  const w0 = Date.now();
  const [frames, counts] = await page.evaluate(() => new Promise((resolve) => {
    const times = [];
    const counts = [];
    let last = performance.now();
    const end = last + 5000;
    const step = (t) => {
      times.push(t - last);
      last = t;
      counts.push(document.querySelectorAll('.tokens .token').length);
      if (t < end) requestAnimationFrame(step); else resolve([times, counts]);
    };
    requestAnimationFrame(step);
  }));
  const busy = (await task()) - t0;
  const wall = (Date.now() - w0) / 1000;
  const refresh = median(frames);
  const quantized = frames.map((d) => Math.max(1, Math.round(d / refresh)) * refresh);
  out('stage_frame_p95_ms', pct(quantized, 0.95).toFixed(2));
  out('stage_busy_percent', (100 * busy / wall).toFixed(1));
  out('stage_tokens_max', Math.max(...counts));
  out('stage_tokens_median', median(counts));
  await context.close();
}
// 5. Share links at the limits (tests/e2e/hostile-links.json, the heaviest one included): the
// longest the page is frozen (the longest task) from the app being ready until every input of
// the replay is in, and how long that replay takes.
{
  const { readFileSync } = await import('node:fs');
  const rows = JSON.parse(readFileSync(new URL('../e2e/hostile-links.json', import.meta.url), 'utf8'));
  let frozen = 0;
  let worst = '';
  let heaviest = 0;
  for (const row of rows) {
    if (row.at.length > rows.find((r) => r.limit === 'LinkLength').max) continue;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.tasks_ = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.tasks_.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${BASE}/?page=${row.page}&lang=en&scenario=${encodeURIComponent(row.at)}`, SLOW);
    await page.waitForSelector('body[data-ready="1"]', SLOW);
    await page.waitForFunction((n) => !document.querySelector('progress')
      && document.querySelector('input[type=range]')?.getAttribute('aria-valuetext') === `${n} / ${n}`, row.inputs, SLOW);
    const done = await page.evaluate(() => performance.now());
    await page.waitForTimeout(300);
    const [ready, longest] = await page.evaluate(() => {
      const ready = performance.getEntriesByName('app-ready')[0].startTime;
      // A task that began before the app was ready is the page starting (the wasm compiling).
      const after = window.tasks_.filter(([start]) => start >= ready).map(([, d]) => d);
      return [ready, Math.max(0, ...after)];
    });
    if (longest > frozen) { frozen = longest; worst = row.limit; }
    if (row.limit === 'Work') heaviest = done - ready;
    await context.close();
  }
  out('hostile_longest_task_ms', frozen.toFixed(0));
  out('hostile_longest_task_link', worst);
  out('hostile_heaviest_replay_ms', heaviest.toFixed(0));
}
await browser.close();
