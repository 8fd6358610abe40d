// A blog on another origin, with a strict CSP, embeds a widget with the loader.
import { test, expect } from '@playwright/test';
import { openTools, watchErrors, widgetFrames, expectFitted } from './helpers';

const BASE = process.env.BASE_URL!;

// The test blog is a routed (fulfilled) response, which Chromium places in the public address
// space, so its loopback fetches would be refused by Local Network Access checks. A real blog
// and a real deployment are both public; only the test needs this.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run',
      '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'],
  },
});
test('a blog on another origin with a strict CSP embeds it with the loader', async ({ page }) => {
  const errors = watchErrors(page);
  const blog = 'http://blog.example.test/post/';
  await page.route(blog + '**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy': `default-src 'self'; script-src 'self' ${BASE}; frame-src ${BASE}; style-src 'self'` },
      body: `<!doctype html><html lang="en"><head><title>A strict blog</title></head><body>
        <h1>A strict blog</h1>
        <div data-broker-playground data-page="kafka" data-lang="en"></div>
        <script src="${BASE}/embed.js" defer></script></body></html>`,
    }),
  );
  await page.goto(blog);
  const [frame] = await widgetFrames(page, 1);
  await openTools(frame);
  await frame.getByLabel('Value', { exact: true }).fill('goal');
  await frame.getByRole('button', { name: 'Produce', exact: true }).click();
  await expect(frame.getByRole('listitem')).toContainText('goal');
  await expectFitted(page, 0, frame);
  expect(errors).toEqual([]);
});

test('an autoplaying widget plays only while it is on screen', async ({ page }) => {
  const blog = 'http://blog.example.test/long-post/';
  await page.route(blog + '**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><title>A long post</title></head><body>
        <h1>A long post</h1><div style="height:3000px">…</div>
        <iframe id="w" title="Broker Playground" style="width:100%;height:600px;border:0"
          src="${BASE}/?embed=1&page=kafka&lang=en&autoplay=1"></iframe></body></html>`,
    }),
  );
  await page.goto(blog);
  const frame = page.frameLocator('#w');
  const slider = frame.getByRole('slider', { name: 'Timeline' });
  await expect(slider).toBeAttached();
  // Off screen: the session does not advance.
  await page.waitForTimeout(1500);
  expect(Number(await slider.getAttribute('max'))).toBe(0);
  // On screen: it plays by itself.
  await page.locator('#w').scrollIntoViewIfNeeded();
  await expect.poll(async () => Number(await slider.getAttribute('max')), { timeout: 10_000 }).toBeGreaterThan(0);
  // Scrolled away again: it stops.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const stopped = Number(await slider.getAttribute('max'));
  await page.waitForTimeout(1000);
  expect(Number(await slider.getAttribute('max'))).toBe(stopped);
});
