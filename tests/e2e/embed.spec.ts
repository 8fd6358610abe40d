// Embedding in a blog: the demo blog page, a foreign origin under a strict CSP, a sub-path, and
// a parent page that tries to inject markup through the message channel.
import { test, expect } from '@playwright/test';
import { openTools, watchErrors, widgetFrames, expectFitted } from './helpers';

const SUB = process.env.SUB_PATH!;

test('the demo blog page shows three widgets in both languages, each sized to its content', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/blog.html');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const frames = await widgetFrames(page, 3);
  await expect(frames[0].locator('html')).toHaveAttribute('lang', 'ko');
  await expect(frames[1].locator('html')).toHaveAttribute('lang', 'en');
  await expect(frames[2].locator('html')).toHaveAttribute('lang', 'ko');
  // Embed mode drops the site chrome but keeps a way out.
  await expect(frames[1].getByRole('heading', { name: 'Broker Playground' })).toHaveCount(0);
  await expect(frames[1].getByRole('link', { name: /Open in the full playground/ })).toHaveAttribute('href', /page=kafka/);
  // The iframe (no loader) is sized by the blogger; the loader widgets fit their content.
  await expectFitted(page, 1, frames[1]);
  await expectFitted(page, 2, frames[2]);
  // Each widget is independent: producing in one leaves the other empty.
  await openTools(frames[1]);
  await frames[1].getByLabel('Value', { exact: true }).fill('goal');
  await frames[1].getByRole('button', { name: 'Produce', exact: true }).click();
  await expect(frames[1].getByRole('listitem')).toHaveCount(1);
  await expect(frames[2].getByRole('listitem')).toHaveCount(0);
  // A widget that grows tells the page, and the page follows.
  await expectFitted(page, 1, frames[1]);
  await page.screenshot({ path: 'target/e2e/screenshots/blog.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('works under a sub-path', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(SUB + 'blog.html');
  const frames = await widgetFrames(page, 3);
  expect(frames[1].url()).toContain(SUB);
  await openTools(frames[1]);
  await expect(frames[1].getByRole('button', { name: 'Produce', exact: true })).toBeVisible();
  await page.goto(SUB + '?lang=ko');
  await openTools(page);
  await expect(page.getByRole('button', { name: '보내기', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the parent can only send documented commands, and only as data', async ({ page }) => {
  await page.goto('/blog.html');
  const frames = await widgetFrames(page, 3);
  const target = frames[1];
  const post = (msg: unknown) =>
    page.evaluate((m) => (document.querySelectorAll('iframe')[1] as HTMLIFrameElement).contentWindow!.postMessage(m, '*'), msg);
  await post({ type: 'broker-playground:setLang', lang: '<img src=x onerror="document.title=\'pwned\'">' });
  await post('<img src=x onerror="document.title=\'pwned\'">');
  await post({ type: 'broker-playground:html', html: '<b id="injected">x</b>' });
  await post({ type: 'broker-playground:goToStep', step: '<script>' });
  await page.waitForTimeout(300);
  await expect(target.locator('html')).toHaveAttribute('lang', 'en');
  await expect(target.locator('#injected, img[src="x"]')).toHaveCount(0);
  expect(await target.evaluate(() => document.title)).not.toContain('pwned');
  // The documented command works.
  await post({ type: 'broker-playground:setLang', lang: 'ko' });
  await expect(target.locator('html')).toHaveAttribute('lang', 'ko');
  await openTools(target);
  await expect(target.getByRole('button', { name: '보내기', exact: true })).toBeVisible();
});

test('bad parameters show a clear message inside the widget, and the host page is fine', async ({ page }) => {
  await page.goto('/blog.html');
  await widgetFrames(page, 3);
  const bad = [
    ['?embed=1&lang=en&lesson=no-such-lesson', "There is no lesson called 'no-such-lesson'"],
    ['?embed=1&lang=ko&lesson=topics&step=42', '42단계가 없습니다'],
    ['?embed=1&lang=en&page=kafka&scenario=v1.%40%40%40', 'The shared scenario in this link could not be read'],
    ['?embed=1&lang=en&page=rabbit&scenario=v9.AAAA', 'The shared scenario in this link could not be read'],
  ];
  for (const [query, message] of bad) {
    await page.evaluate((src) => {
      const f = document.querySelectorAll('iframe')[0] as HTMLIFrameElement;
      f.loading = 'eager';
      f.scrollIntoView();
      f.src = './' + src;
    }, query);
    const frame = page.frameLocator('iframe >> nth=0');
    await expect(frame.getByRole('alert').filter({ hasText: message })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});
