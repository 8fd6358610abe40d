// Side by side: the same order through both brokers; Kafka keeps the record, RabbitMQ forgets
// the acked task.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';


test('one order through both brokers: a record that stays, a task that is done', async ({ page }) => {
  await page.goto('/?page=compare&lang=en');
  const table = page.getByRole('table', { name: 'What each broker holds now' });
  await expect(table.getByRole('row', { name: /Orders sent/ }).getByRole('cell')).toHaveText(['10', '10']);
  await page.getByRole('button', { name: 'Send one order to both' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(table.getByRole('row', { name: /Orders sent/ }).getByRole('cell')).toHaveText(['11', '11']);
  await expect(table.getByRole('row', { name: /Messages still in the broker/ }).getByRole('cell')).toHaveText(['11', '0']);
  await expect(table.getByRole('row', { name: /Can a new consumer/ }).getByRole('cell').first()).toContainText('Yes');
  await page.getByRole('button', { name: 'Kafka: fulfilment polls and commits' }).click();
  await expect(table.getByRole('row', { name: /Processed/ }).getByRole('cell')).toHaveText(['11', '11']);
  // Replay: the consumer's position goes back; the records are still there to read again.
  await page.getByRole('button', { name: 'Kafka: replay from the start' }).click();
  await expect(table.getByRole('row', { name: /Messages still in the broker/ }).getByRole('cell').first()).toHaveText('11');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByRole('table', { name: '지금 브로커에 남아 있는 것' })).toBeVisible();
  await expect(page.getByRole('table', { name: '지금 브로커에 남아 있는 것' }).getByRole('row', { name: /보낸 주문/ }).getByRole('cell')).toHaveText(['11', '11']);
});

for (const lang of ['en', 'ko'] as const) {
  test(`side by side: no accessibility violations (${lang})`, async ({ page }) => {
    await page.goto(`/?page=compare&lang=${lang}`);
    await expect(page.getByRole('table', { name: lang === 'en' ? 'What each broker holds now' : '지금 브로커에 남아 있는 것' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(" ")})`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/compare-${lang}.png`, fullPage: true });
  });
}
