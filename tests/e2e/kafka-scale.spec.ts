// The World Cup at scale: 48 partitions, 12 consumers, ~2,000 msgs/s, aggregated views.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openTools, watchErrors } from './helpers';

for (const lang of ['en', 'ko'] as const) {
  test(`the World Cup at scale shows load, lag and the hot partition (${lang})`, async ({ page }) => {
    test.setTimeout(60_000);
    const errors = watchErrors(page);
    const en = lang === 'en';
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/?page=kafka&lang=${lang}`);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached();
    await openTools(page);
    await page.getByRole('button', { name: en ? 'Load the World Cup at scale' : '월드컵 규모 시나리오 불러오기' }).click();
    const topic = page.getByRole('region', { name: en ? 'Topic worldcup' : '토픽 worldcup' });
    const tiles = topic.getByRole('button', { name: en ? /^Partition \d+ · worldcup/ : /^파티션 \d+ · worldcup/ });
    await expect(tiles).toHaveCount(48);
    // Aggregated: no single-record dots at this scale.
    await expect(topic.getByRole('listitem')).toHaveCount(0);
    const group = page.getByRole('region', { name: en ? 'Consumer group scoreboard' : '컨슈머 그룹 scoreboard' });
    await expect(group.getByRole('button', { name: /^c\d\d$/ })).toHaveCount(12);
    // Keyed by match, the scoreboard reads every match in order; without a key it does not.
    const keys = page.getByRole('combobox', { name: en ? 'Key pattern' : '키 패턴', exact: true });
    await page.getByRole('button', { name: en ? 'Play' : '재생', exact: true }).click();
    await expect(page.getByText(en ? /^\d+ events read by the consumers, every match in order$/ : /^컨슈머가 읽은 이벤트 \d+건, 경기별 순서 어긋남 없음$/)).toBeVisible({ timeout: 15_000 });
    await keys.selectOption('none');
    await expect(page.getByText(en ? /^\d+ of \d+ events read came after a later event of the same match/ : /^컨슈머가 읽은 이벤트 \d+건 중 \d+건이 같은 경기의 더 늦은 이벤트보다 나중에 읽힘/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(en ? /Latest: match-\d+ #\d+ was read after #\d+ \(worldcup-\d+, offset \d+\)/ : /최근 사례: match-\d+ #\d+ 이벤트를 #\d+ 다음에 읽음 \(worldcup-\d+, offset \d+\)/)).toBeVisible();
    // One hot key: the final everyone watches.
    await keys.selectOption('hot');
    const hot = en ? 'hot partition' : '핫 파티션';
    await expect(topic.getByRole('button', { name: new RegExp(hot) })).toHaveCount(1, { timeout: 15_000 });
    await expect.poll(async () => Number((await group.textContent())!.match(/(?:total lag|전체 lag) (\d+)/)![1]), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: en ? 'Pause' : '일시 정지', exact: true }).click();
    await expect(page.getByText(en ? /Hottest partition: worldcup-\d+/ : /가장 뜨거운 파티션: worldcup-\d+/)).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' | ')})`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/kafka-worldcup-${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `target/e2e/screenshots/kafka-worldcup-${lang}-390.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('a World Cup session shares as a link that replays it (scene and stream)', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  await page.goto('/?page=kafka&lang=en');
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
  await page.getByRole('button', { name: 'Load the World Cup at scale' }).click();
  await page.getByRole('combobox', { name: 'Key pattern', exact: true }).selectOption('hot');
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 5; i++) await step.click();
  const sent = page.getByText(/^\d+ records sent by the stream$/);
  await expect(sent).toHaveText('1000 records sent by the stream');
  await page.getByText('Share · embed in a blog').click();
  const link = await page.getByRole('textbox', { name: 'Link to this view' }).inputValue();
  expect(link).toContain('scene=worldcup');
  await page.goto(link);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  const topic = page.getByRole('region', { name: 'Topic worldcup' });
  await expect(topic.getByRole('button', { name: /^Partition \d+ · worldcup/ })).toHaveCount(48);
  await expect(page.getByText(/^\d+ records sent by the stream$/)).toHaveText('1000 records sent by the stream');
  await expect(page.getByRole('combobox', { name: 'Key pattern', exact: true })).toHaveValue('hot');
  // A scene this build does not know: said plainly, and the default sandbox instead.
  await page.goto('/?page=kafka&lang=ko&scene=olympics');
  await expect(page.getByRole('alert').filter({ hasText: '장면 이름을 알 수 없어' })).toBeVisible();
  expect(errors).toEqual([]);
});
