// Hostile share links (issue 19): one per limit class, and the heaviest link the limits let
// through ("Work"), built by the engine's own encoder (`cargo run -p playground-fuzz --
// --write-seeds` writes hostile-links.json). Just over a limit, the page says which limit in the
// page's language and starts clean; at the limit, the page is up at once, the session replays
// in slices between frames, and every input is in at the end. A long replay shows its progress, can be stopped, and keeps going through a language
// switch. A panic shows a banner in both languages with a reload, and saved progress stays.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { watchErrors } from './helpers';

/** `names`: the limit the refusal names (the heaviest link's is the simulated time); `inputs`:
 * how many inputs the link at the limit replays. */
type Row = { limit: string; names: string; max: number; page: string; inputs: number; over: string; at: string };
const rows: Row[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'hostile-links.json'), 'utf8'));

/** The limit's name as `app/src/refusal.rs` says it. */
const NAME: Record<string, { en: string; ko: string }> = {
  StreamRate: { en: 'stream rate', ko: '스트림 속도' },
  AdvanceLength: { en: 'time passed in one step', ko: '한 번에 흐르는 시간' },
  TotalSimulatedTime: { en: 'total simulated time', ko: '시뮬레이션 시간 합계' },
  Inputs: { en: 'number of inputs', ko: '입력 개수' },
  StreamRecords: { en: 'records the stream creates', ko: '스트림이 만드는 레코드 수' },
  StreamTime: { en: 'time a stream runs', ko: '스트림이 도는 시간' },
  Partitions: { en: 'number of partitions', ko: '파티션 수' },
  Brokers: { en: 'number of brokers', ko: '브로커 수' },
  Queues: { en: 'number of queues', ko: '큐 개수' },
  NestingDepth: { en: 'nesting depth', ko: '중첩 깊이' },
  LinkLength: { en: 'link length', ko: '링크 길이' },
};
const OVER = { en: 'Over a limit', ko: '한도를 넘었습니다' };
const REPLAYING = { en: 'Replaying the shared session', ko: '공유된 세션을 재생하는 중' };

async function open(page: Page, lang: 'en' | 'ko', row: Row, scenario: string) {
  await page.goto(`/?page=${row.page}&lang=${lang}&scenario=${encodeURIComponent(scenario)}`);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
}

/** The timeline slider: `position / length` of the session on the stage. */
function timeline(page: Page, lang: 'en' | 'ko') {
  return page.getByRole('slider', { name: lang === 'en' ? 'Timeline' : '타임라인' });
}

for (const row of rows) {
  for (const lang of ['en', 'ko'] as const) {
    test(`over the ${row.limit} limit: the message names it and the page starts clean (${lang})`, async ({ page }) => {
      const errors = watchErrors(page);
      await open(page, lang, row, row.over);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(OVER[lang]);
      // 1,001 queues do not fit in a link of 16 KiB: the link-length limit refuses that one first.
      const names = row.limit === 'Queues' ? [NAME.Queues[lang], NAME.LinkLength[lang]] : [NAME[row.names][lang]];
      await expect(alert).toContainText(new RegExp(names.join('|')));
      // Clean: nothing of the link was replayed, and the time controls work.
      await expect(page.getByRole('button', { name: lang === 'en' ? 'Step' : '한 틱 진행', exact: true })).toBeEnabled();
      expect(errors).toEqual([]);
    });
  }

  test(`at the ${row.limit} limit: the page is up at once and every input replays`, async ({ page }) => {
    const linkMax = rows.find((r) => r.limit === 'LinkLength')!.max;
    // 1,000 queues need a longer link than any link may be: that limit is reached through a
    // definitions import or the forms (engine/tests/hostile.rs), not a link.
    test.skip(row.at.length > linkMax, `the link at the ${row.limit} limit is over the link length`);
    const errors = watchErrors(page);
    await open(page, 'en', row, row.at);
    // Usable at once: the replay is either in, or under way in slices with its progress shown
    // (how long the page waits at most is a figure of `cargo xtask bench --browser`).
    await expect(page.getByRole('alert')).toHaveCount(0);
    // Every input is in, then the stage shows the session's end.
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
    await expect(timeline(page, 'en')).toHaveAttribute('aria-valuetext', `${row.inputs} / ${row.inputs}`);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

const heaviest = rows.find((r) => r.limit === 'Work')!;

test('the heaviest link replays in slices with its progress shown, through a language switch', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, 'ko', heaviest, heaviest.at);
  // Not replayed in one go: the page is up while the replay runs, and says how far it is.
  const bar = page.getByRole('progressbar', { name: REPLAYING.ko });
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('value'));
  expect(first).toBeLessThan(100);
  // The page answers meanwhile: the language switches at once, and the replay goes on.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('progressbar', { name: REPLAYING.en })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 60_000 });
  await expect(timeline(page, 'en')).toHaveAttribute('aria-valuetext', `${heaviest.inputs} / ${heaviest.inputs}`);
  expect(errors).toEqual([]);
});

for (const lang of ['en', 'ko'] as const) {
  test(`a replay can be stopped: the page starts clean and says so (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, lang, heaviest, heaviest.at);
    await page.getByRole('button', { name: lang === 'en' ? 'Stop replaying' : '재생 멈추기' }).click();
    await expect(page.getByRole('status').filter({ hasText: lang === 'en' ? 'not replayed' : '재생하지 않았습니다' })).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(timeline(page, lang)).toHaveAttribute('aria-valuetext', '0 / 0');
    await expect(page.getByRole('button', { name: lang === 'en' ? 'Step' : '한 틱 진행', exact: true })).toBeEnabled();
    expect(errors).toEqual([]);
  });
}

test('a panic shows a bilingual banner with a reload, and saved progress stays', async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await page.evaluate(() => localStorage.setItem('hostile-test', 'kept'));
  const before = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await page.goto('/?lang=en&bench=panic');
  const banner = page.getByRole('alert').filter({ hasText: 'Something went wrong' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('문제가 생겨 페이지가 멈췄습니다');
  const reload = banner.getByRole('button', { name: /Reload/ });
  await expect(reload).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(before);
  await banner.getByRole('link', { name: /clean state/ }).click();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await expect(page.locator('#crash-banner')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('hostile-test'))).toBe('kept');
});
