// The first vertical slice: a learner produces keyed messages and switches language.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

async function open(page: Page, query = '') {
  await page.goto('/?page=kafka' + query.replace('?', '&'));
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
}

async function produce(page: Page, key: string, value: string, lang: 'en' | 'ko' = 'en') {
  const l = lang === 'en' ? { key: 'Key', value: 'Value', go: 'Produce' } : { key: '키', value: '값', go: '보내기' };
  await page.getByLabel(l.key, { exact: true }).fill(key);
  await page.getByLabel(l.value, { exact: true }).fill(value);
  await page.getByRole('button', { name: l.go, exact: true }).click();
}

test('shows a topic with three empty partitions', async ({ page }) => {
  await open(page, '?lang=en');
  await expect(page.getByRole('heading', { name: 'Broker Playground' })).toBeVisible();
  for (const p of [0, 1, 2]) {
    await expect(page.getByRole('region', { name: `Partition ${p}` })).toContainText('No messages yet');
  }
});

test('keyed messages land with offsets in the partition murmur2 picks', async ({ page }) => {
  await open(page, '?lang=en');
  // Kafka's toPositive(murmur2(key)) % 3: "match-7" -> 311360154 % 3 = 0,
  // "match-42" -> 1287671156 % 3 = 2 (the engine's murmur2 passes Kafka's golden vectors).
  await produce(page, 'match-7', 'kick-off');
  await produce(page, 'match-7', 'goal');
  await produce(page, 'match-42', 'kick-off');
  const items = page.getByRole('listitem');
  await expect(items).toHaveCount(3);
  const p7 = page.getByRole('region', { name: 'Partition 0' });
  await expect(p7.getByRole('listitem')).toHaveCount(2);
  await expect(p7.getByRole('listitem').nth(0)).toContainText('offset 0');
  await expect(p7.getByRole('listitem').nth(0)).toContainText('kick-off');
  await expect(p7.getByRole('listitem').nth(1)).toContainText('offset 1');
  await expect(p7.getByRole('listitem').nth(1)).toContainText('goal');
  const p42 = page.getByRole('region', { name: 'Partition 2' });
  await expect(p42.getByRole('listitem')).toHaveCount(1);
  await expect(p42.getByRole('listitem')).toContainText('match-42');
  await expect(page.getByRole('region', { name: 'Partition 1' })).toContainText('No messages yet');
});

test('a value is required: the error shows and nothing is produced', async ({ page }) => {
  await open(page, '?lang=en');
  await page.getByRole('button', { name: 'Produce' }).click();
  await expect(page.getByRole('alert')).toHaveText('A value is required.');
  await expect(page.getByRole('listitem')).toHaveCount(0);
});

test('switching language changes every word and keeps the messages', async ({ page }) => {
  await open(page, '?lang=en');
  await produce(page, 'match-7', 'goal');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '브로커 플레이그라운드' })).toBeVisible();
  await expect(page.getByRole('button', { name: '보내기' })).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('listitem')).toContainText('goal');
  await expect(page.getByText('No messages yet')).toHaveCount(0);
  await produce(page, 'match-42', 'kick-off', 'ko');
  await expect(page.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Produce' })).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(2);
});

test.describe('default language', () => {
  test.use({ locale: 'ko-KR' });
  test('follows a Korean browser, and ?lang= wins over it', async ({ page }) => {
    await open(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('button', { name: '보내기' })).toBeVisible();
    await open(page, '?lang=en');
    await expect(page.getByRole('button', { name: 'Produce' })).toBeVisible();
  });
});

for (const lang of ['en', 'ko'] as const) {
  test(`no accessibility violations (${lang}), screenshot for people`, async ({ page }) => {
    await open(page, `?lang=${lang}`);
    await produce(page, 'match-7', lang === 'en' ? 'goal' : '골', lang);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/slice-${lang}.png`, fullPage: true });
  });
}
