// Shared helpers of the browser tests.
import { expect, Page, Frame } from '@playwright/test';

/** Fails the test on any CSP violation or uncaught error in any frame. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function widgetFrames(page: Page, count: number): Promise<Frame[]> {
  const iframes = page.locator('iframe');
  await expect(iframes).toHaveCount(count);
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) {
    await iframes.nth(i).scrollIntoViewIfNeeded();
    const handle = await iframes.nth(i).elementHandle();
    const frame = await handle!.contentFrame();
    await expect.poll(async () => frame && (await frame.locator('body[data-ready="1"]').count())).toBe(1);
    frames.push(frame!);
  }
  return frames;
}

/** The iframe is as tall as its content: no inner scrollbar, no big gap. */
export async function expectFitted(page: Page, index: number, frame: Frame) {
  await expect
    .poll(async () => {
      const box = await page.locator('iframe').nth(index).boundingBox();
      const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      return Math.abs((box?.height ?? 0) - content) <= 2;
    }, { timeout: 10_000 })
    .toBe(true);
  const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > document.documentElement.clientHeight + 1);
  expect(scrolls).toBe(false);
}


/** Opens the tools drawer under the stage (forms, card view, admin) if it is closed. The app
 * keeps it open for the rest of the visit. */
export async function openTools(scope: Page | Frame) {
  const drawer = scope.locator('details.tools-drawer').first();
  await expect(drawer).toBeAttached();
  if (!(await drawer.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await drawer.locator('summary').first().click();
  }
  await expect(drawer).toHaveJSProperty('open', true);
}
