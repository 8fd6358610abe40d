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

// 1. Cold loads: bytes (gzip, as a server would send them, everything until the network is idle)
// and time to ready, for the course page and for two blog widgets, one step each: a Kafka step
// and a RabbitMQ step.
const FIRST_LOADS = [
  ['first_load_gzip_bytes', '/?lang=en'],
  ['widget_kafka_first_load_gzip_bytes', '/?lang=en&embed=1&lesson=message-anatomy&step=2'],
  ['widget_rabbit_first_load_gzip_bytes', '/?lang=en&embed=1&lesson=rabbit-basics&step=2'],
];
const readies = [];
for (const [key, path] of FIRST_LOADS) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length).catch(() => 0)));
  await page.goto(BASE + path, SLOW);
  await page.waitForSelector('body[data-ready="1"]', SLOW);
  // The step itself, not only the shell: its stage is drawn.
  await page.waitForSelector('.step-stage svg.stage-svg', SLOW);
  await page.waitForLoadState('networkidle');
  out(key, (await Promise.all(bodies)).reduce((a, b) => a + b, 0));
  await context.close();
}
// Ready: the course page's step is on screen (its lesson's chunk in), median of cold loads.
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE + '/?lang=en', SLOW);
  await page.waitForSelector('#step-title', SLOW);
  readies.push(await page.evaluate(() => performance.now()));
  await context.close();
}
out('ready_median_ms', median(readies).toFixed(1));
if (process.env.FIRST_LOAD_ONLY) { await browser.close(); process.exit(0); }

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
await browser.close();
