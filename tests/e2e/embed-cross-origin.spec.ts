// A blog on another origin, with a strict CSP, embeds a widget with the loader.
import { test, expect } from '@playwright/test';
import { watchErrors, widgetFrames, expectFitted } from './helpers';

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
  await frame.getByLabel('Value', { exact: true }).fill('goal');
  await frame.getByRole('button', { name: 'Produce' }).click();
  await expect(frame.getByRole('listitem')).toContainText('goal');
  await expectFitted(page, 0, frame);
  expect(errors).toEqual([]);
});
