// The event broker (Kafka) view: the journeys a learner takes, in both languages.
import { test, expect, Page, Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openTools, watchErrors } from './helpers';

type Lang = 'en' | 'ko';
const L = {
  en: {
    key: 'Key', value: 'Value', produce: 'Produce', step: 'Step', play: 'Play', pause: 'Pause', timeline: 'Timeline',
    part: (p: number) => `Partition ${p} · orders`, empty: 'No messages yet', leader: 'leader', kill: (b: string) => `Kill broker ${b}`,
    inspector: 'Inspector: why?', under: 'under-replicated', group: 'Consumer group shipping', lag: (n: number) => `total lag ${n}`,
    poll: 'Poll c1', commit: 'Commit c1', heading: 'Broker Playground',
  },
  ko: {
    key: '키', value: '값', produce: '보내기', step: '한 틱 진행', play: '재생', pause: '일시 정지', timeline: '타임라인',
    part: (p: number) => `파티션 ${p} · orders`, empty: '아직 메시지가 없습니다', leader: '리더', kill: (b: string) => `브로커 ${b} 강제 종료`,
    inspector: '인스펙터: 왜?', under: '복제 부족', group: '컨슈머 그룹 shipping', lag: (n: number) => `전체 lag ${n}`,
    poll: 'c1 poll', commit: 'c1 커밋', heading: '브로커 플레이그라운드',
  },
};

async function open(page: Page, lang: Lang, extra = '') {
  await page.goto(`/?page=kafka&lang=${lang}${extra}`);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
}

async function produce(page: Page, lang: Lang, key: string, value: string) {
  const l = L[lang];
  await page.getByLabel(l.key, { exact: true }).fill(key);
  await page.getByLabel(l.value, { exact: true }).fill(value);
  await page.getByRole('button', { name: l.produce, exact: true }).click();
}

function part(page: Page, lang: Lang, p: number): Locator {
  return page.getByRole('region', { name: L[lang].part(p), exact: true });
}

/** The broker currently leading a partition, read from its card ("leader B2 · …"). */
async function leaderOf(region: Locator, lang: Lang): Promise<string> {
  const text = (await region.locator('p', { hasText: L[lang].leader }).first().textContent()) ?? '';
  const m = text.match(/B(\d+)/);
  expect(m, `a leader in "${text}"`).not.toBeNull();
  return m![1];
}

for (const lang of ['en', 'ko'] as const) {
  const l = L[lang];

  test(`keyed records land where murmur2 says, failover, rewind, and why (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, lang);
    await expect(page.getByRole('heading', { name: l.heading })).toBeVisible();
    for (const p of [0, 1, 2]) await expect(part(page, lang, p)).toContainText(l.empty);
    // toPositive(murmur2("match-7")) % 3 = 0, toPositive(murmur2("match-42")) = 1287671156, % 3 = 2.
    await produce(page, lang, 'match-7', 'kick-off');
    await produce(page, lang, 'match-7', 'goal');
    await produce(page, lang, 'match-42', 'kick-off');
    await expect(page.getByRole('listitem')).toHaveCount(3);
    const p0 = part(page, lang, 0);
    await expect(p0.getByRole('listitem')).toHaveCount(2);
    await expect(p0.getByRole('listitem').nth(0)).toContainText('offset 0');
    await expect(p0.getByRole('listitem').nth(0)).toContainText('kick-off');
    await expect(p0.getByRole('listitem').nth(1)).toContainText('offset 1');
    await expect(p0.getByRole('listitem').nth(1)).toContainText('goal');
    const p2 = part(page, lang, 2);
    await expect(p2.getByRole('listitem')).toHaveCount(1);
    await expect(p2.getByRole('listitem')).toContainText('match-42');
    await expect(part(page, lang, 1)).toContainText(l.empty);

    // Followers copy on the next tick; the high watermark follows.
    await page.getByRole('button', { name: l.step, exact: true }).click();
    await expect(p0).toContainText(/LEO 2/);
    await expect(p0.getByText('ISR ✗')).toHaveCount(0);

    // Kill the leader of partition 0: a follower from the ISR takes over, the ISR shrinks.
    const slider = page.getByRole('slider', { name: l.timeline });
    const beforeKill = (await slider.getAttribute('max'))!;
    const old = await leaderOf(p0, lang);
    await page.getByRole('button', { name: l.kill(old), exact: true }).click();
    await expect(p0).not.toContainText(new RegExp(`${l.leader} B${old}\\b`));
    const now = await leaderOf(p0, lang);
    expect(now).not.toBe(old);
    await expect(p0).toContainText(l.under);
    await expect(p0.getByText('ISR ✗')).toHaveCount(1);
    await expect(p0.getByRole('listitem')).toHaveCount(2);

    // Rewind to just before the kill: the old leader is back.
    await slider.fill(beforeKill);
    await expect(p0).toContainText(new RegExp(`${l.leader} B${old}\\b`));
    await expect(p0).not.toContainText(l.under);

    // Ask why match-42 went to partition 2.
    await p2.getByRole('listitem').first().getByRole('button').click();
    const insp = page.getByRole('complementary', { name: l.inspector });
    await expect(insp).toContainText('murmur2');
    await expect(insp).toContainText('1287671156 mod 3 = 2');
    // The engine's own reason, not a recomputation.
    await expect(insp).not.toContainText(lang === 'en' ? 'recomputed' : '다시 계산');
    await expect(insp).toContainText(lang === 'en' ? 'partition 2' : '파티션 2');
    await expect(insp).toContainText('acks=all');
    expect(errors).toEqual([]);
  });

  test(`invalid input shows the typed error and changes nothing (${lang})`, async ({ page }) => {
    await open(page, lang);
    // Neither a key nor a value (a key alone would be a tombstone).
    await page.getByRole('button', { name: l.produce, exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(
      lang === 'en'
        ? 'Neither a key nor a value. A key with an empty value is sent as a tombstone.'
        : 'key와 value가 둘 다 비어 있습니다. key만 있고 value가 비어 있으면 tombstone으로 보냅니다.',
    );
    await expect(page.getByRole('listitem')).toHaveCount(0);
    // An oversize message (over max.request.size, 1 MiB).
    await page.getByLabel(l.value, { exact: true }).fill('x'.repeat(1_100_000));
    await page.getByRole('button', { name: l.produce, exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(lang === 'en' ? 'Message too large' : '메시지가 너무 큽니다');
    await expect(page.getByRole('listitem')).toHaveCount(0);
    // Topics: a bad name, then a replication factor above the live brokers.
    const create = lang === 'en' ? 'Create topic' : '토픽 만들기';
    await page.locator('summary', { hasText: lang === 'en' ? 'Topics' : '토픽 관리' }).click();
    const box = page.locator('details:not(.tools-drawer)', { has: page.getByRole('button', { name: create }) });
    const name = box.getByLabel(lang === 'en' ? 'Topic name' : '토픽 이름', { exact: true });
    const rf = box.getByLabel(lang === 'en' ? 'Replication factor' : '복제 계수 (replication factor)', { exact: true });
    await name.fill('<script>alert(1)</script>');
    await box.getByRole('button', { name: create }).click();
    await expect(box.getByRole('alert')).toContainText(lang === 'en' ? 'Invalid topic name' : '토픽 이름이 잘못되었습니다');
    await name.fill('scores');
    await rf.fill('5');
    await box.getByRole('button', { name: create }).click();
    await expect(box.getByRole('alert')).toContainText(
      lang === 'en' ? 'Replication factor 5 is larger than the 3 available brokers' : '복제 계수 5이(가) 사용 가능한 브로커 수 3보다 큽니다',
    );
    await expect(page.getByRole('region', { name: /scores/ })).toHaveCount(0);
    // Fixed, it works.
    await rf.fill('2');
    await box.getByRole('button', { name: create }).click();
    await expect(page.getByRole('region', { name: lang === 'en' ? 'Topic scores' : '토픽 scores' })).toBeVisible();
    await expect(box.getByRole('alert')).toHaveCount(0);
  });

  test(`a consumer group lags, polls and commits; a user's script stays text (${lang})`, async ({ page }) => {
    await open(page, lang);
    await produce(page, lang, '<script>window.pwned=1</script>', 'order 1');
    await produce(page, lang, 'match-7', 'order 2');
    await produce(page, lang, 'match-7', 'order 3');
    await page.getByRole('button', { name: l.step, exact: true }).click();
    await expect(page.getByText('<script>window.pwned=1</script>', { exact: true })).toBeVisible();
    expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
    const group = page.getByRole('region', { name: l.group });
    await expect(group).toContainText(l.lag(3));
    await group.getByRole('button', { name: l.poll, exact: true }).click();
    await expect(group).toContainText(l.lag(3));
    await group.getByRole('button', { name: l.commit, exact: true }).click();
    await expect(group).toContainText(l.lag(0));
    // A second consumer joins: the assignor splits the partitions; the inspector says how.
    await page.locator('summary', { hasText: lang === 'en' ? 'Subscribe' : '구독하기' }).click();
    await page.getByRole('button', { name: lang === 'en' ? 'Subscribe' : '구독하기', exact: true }).click();
    await expect(group.getByRole('button', { name: 'c2', exact: true })).toBeVisible();
    await group.getByRole('button', { name: 'c2', exact: true }).click();
    const insp = page.getByRole('complementary', { name: l.inspector });
    await expect(insp).toContainText('range');
    await expect(insp).toContainText(lang === 'en' ? 'c2 joined' : 'c2가 들어옴');
  });

  test(`no accessibility violations, screenshots at desktop and phone width (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, lang);
    await produce(page, lang, 'match-7', lang === 'en' ? 'goal' : '골');
    await produce(page, lang, 'match-42', 'kick-off');
    await produce(page, lang, '', 'no key here');
    await page.getByRole('button', { name: l.step, exact: true }).click();
    await part(page, lang, 2).getByRole('listitem').first().getByRole('button').click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' | ')})`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/kafka-${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `target/e2e/screenshots/kafka-${lang}-390.png`, fullPage: true });
    const phone = await new AxeBuilder({ page }).analyze();
    expect(phone.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}

test('a broker joins empty; a topic is deleted, and deleting a missing one is refused', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, 'en');
  // Brokers panel: add a fourth broker (id 3).
  await page.locator('summary').filter({ hasText: /^Brokers$/ }).click();
  await expect(page.getByRole('button', { name: 'Kill broker 3', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add a broker', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Kill broker 3', exact: true })).toBeVisible();
  // Topic admin: create "matches", then delete it and "orders".
  await page.locator('summary', { hasText: 'Topics' }).click();
  const box = page.locator('details:not(.tools-drawer)', { has: page.getByRole('button', { name: 'Create topic' }) });
  await box.getByRole('button', { name: 'Create topic' }).click();
  await expect(page.getByRole('region', { name: 'Topic matches' })).toBeVisible();
  const pick = box.getByRole('combobox', { name: 'Delete topic', exact: true });
  const del = box.getByRole('button', { name: 'Delete topic', exact: true });
  await pick.selectOption('matches');
  await del.click();
  await expect(page.getByRole('region', { name: 'Topic matches' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Topic orders' })).toBeVisible();
  await pick.selectOption('orders');
  await del.click();
  await expect(page.getByRole('region', { name: 'Topic orders' })).toHaveCount(0);
  // Nothing left to delete: the typed error, inline.
  await del.click();
  await expect(box.getByRole('alert')).toContainText('No such topic.');
  expect(errors).toEqual([]);
});

test('switching language keeps the records and the inspector', async ({ page }) => {
  await open(page, 'en');
  await produce(page, 'en', 'match-42', 'goal');
  // Keyboard: focus the record and press Enter to inspect it.
  await part(page, 'en', 2).getByRole('listitem').first().getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Inspector: why?' })).toContainText('partition 2');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('button', { name: '보내기' })).toBeVisible();
  await expect(part(page, 'ko', 2).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('complementary', { name: '인스펙터: 왜?' })).toContainText('파티션 2');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(part(page, 'en', 2).getByRole('listitem')).toContainText('goal');
});

test.describe('default language', () => {
  test.use({ locale: 'ko-KR' });
  test('follows a Korean browser, and ?lang= wins over it', async ({ page }) => {
    await page.goto('/?page=kafka');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await openTools(page);
    await expect(page.getByRole('button', { name: '보내기', exact: true })).toBeVisible();
    await open(page, 'en');
    await expect(page.getByRole('button', { name: 'Produce', exact: true })).toBeVisible();
  });
});
