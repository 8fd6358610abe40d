// Embedding in a blog: step widgets (one lesson step alone), the demo post with its lazily
// loaded widgets in both languages, a sub-path, and a parent page that tries to inject markup
// through the message channel.
import { test, expect, Page, Frame } from '@playwright/test';
import { openTools, watchErrors, expectFitted } from './helpers';

const SUB = process.env.SUB_PATH!;
// Each journey loads several widgets (five steps, or a post of five iframes): more than the
// default 30 s on a loaded machine.
test.describe.configure({ timeout: 120_000 });
const SHOTS = 'target/e2e/screenshots/';

type Lang = 'ko' | 'en';
const LANGS: Lang[] = ['ko', 'en'];

/** The steps the demo post embeds, each with its title and the control its idea needs. */
const STEPS = [
  { lesson: 'message-anatomy', step: 2, title: { en: "The key's hash picks the partition", ko: '키의 해시가 파티션을 고른다' },
    action: { en: /^Produce$/, ko: /^보내기$/ } },
  { lesson: 'consumer-groups', step: 3, title: { en: 'Rebalance', ko: '리밸런스' },
    action: { en: /^c2 leaves$/, ko: /^c2 나가기$/ } },
  { lesson: 'replication', step: 2, title: { en: 'When the leader dies', ko: '리더가 죽으면' },
    action: { en: /^Broker \d: kill$/, ko: /^브로커 \d: 강제 종료$/ } },
  { lesson: 'exchange-types', step: 1, title: { en: 'Direct: the exact key', ko: 'direct: 정확히 같은 키' },
    action: { en: /^Publish → billing$/, ko: /^보내기 → billing$/ } },
  { lesson: 'dead-letters', step: 1, title: { en: 'Messages with nowhere to go', ko: '갈 곳 없는 메시지' },
    action: { en: /: reject/, ko: /: reject/ } },
];
const STAGE = { en: /^The (Kafka cluster|RabbitMQ broker), drawn$/, ko: /^(Kafka 클러스터|RabbitMQ 브로커) 그림$/ };
const LESSONS = { en: /Lessons/, ko: /레슨 목록/ };
const TOOLS = { en: /^Tools/, ko: /^도구/ };
const OPEN_STEP = { en: /Open this step in the full course/, ko: /전체 코스에서 이 단계 열기/ };

async function ready(scope: Page | Frame) {
  await expect(scope.locator('body[data-ready="1"]')).toHaveCount(1);
}

/** What a step widget shows: the step's title and narration, its stage and its action, the way
 * to the full course; and what it does not: no lesson list, no site navigation, no tools. */
async function expectStepOnly(scope: Page | Frame, s: (typeof STEPS)[number], lang: Lang) {
  await expect(scope.getByRole('heading', { name: s.title[lang], exact: true })).toBeVisible();
  await expect(scope.locator('.step-widget .narration')).not.toBeEmpty();
  await expect(scope.getByRole('figure', { name: STAGE[lang] })).toBeVisible();
  await expect(scope.getByRole('button', { name: s.action[lang] }).first()).toBeVisible();
  await expect(scope.getByRole('link', { name: OPEN_STEP[lang] })).toHaveAttribute(
    'href', new RegExp(`lesson=${s.lesson}&step=${s.step}`));
  await expect(scope.getByRole('button', { name: LESSONS[lang] })).toHaveCount(0);
  await expect(scope.getByRole('navigation')).toHaveCount(0);
  await expect(scope.getByText(TOOLS[lang])).toHaveCount(0);
}

for (const lang of LANGS) {
  test(`a step widget at 720 px is at most 640 px tall and shows only its step (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    // A short window, so the document's scroll height is the content's, not the window's.
    await page.setViewportSize({ width: 720, height: 400 });
    for (const s of STEPS) {
      await page.goto(`/?embed=1&lang=${lang}&lesson=${s.lesson}&step=${s.step}`);
      await ready(page);
      await expectStepOnly(page, s, lang);
      // What the embedding page is told (the body's box) and what the document scrolls to.
      const heights = await page.evaluate(() => [
        Math.ceil(document.body.getBoundingClientRect().height),
        document.documentElement.scrollHeight,
      ]);
      expect(Math.max(...heights), `${s.lesson} step ${s.step}: ${heights}`).toBeLessThanOrEqual(640);
      await page.screenshot({ path: `${SHOTS}widget-${s.lesson}-${s.step}-720-${lang}.png`, fullPage: true });
    }
    // On a phone it is one readable column: no side scrolling of the page itself.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const s of [STEPS[0], STEPS[3]]) {
      await page.goto(`/?embed=1&lang=${lang}&lesson=${s.lesson}&step=${s.step}`);
      await ready(page);
      await expectStepOnly(page, s, lang);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}widget-${s.lesson}-${s.step}-390-${lang}.png`, fullPage: true });
    }
    expect(errors).toEqual([]);
  });
}

test('a step widget acts: the key lands where the hash says, a consumer leaves and the goal is reached', async ({ page }) => {
  await page.goto('/?embed=1&lang=en&lesson=message-anatomy&step=2');
  await ready(page);
  const form = page.getByRole('form', { name: 'Produce to matches' });
  await form.getByLabel('Key').fill('match-42');
  await form.getByLabel('Value').fill('kick-off');
  await form.getByRole('button', { name: 'Produce' }).click();
  await expect(form.getByRole('status')).toHaveText(/^Sent: matches-2, offset \d+$/);
  // The prediction is the lesson's, checked on the engine.
  await page.getByRole('radio', { name: 'Partition 2' }).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.getByText('Right.')).toBeVisible();

  await page.goto('/?embed=1&lang=ko&lesson=consumer-groups&step=3');
  await ready(page);
  await expect(page.getByRole('status').filter({ hasText: '아직 달성하지 못했습니다.' })).toBeVisible();
  await page.getByRole('button', { name: 'c2 나가기' }).click();
  await expect(page.getByRole('button', { name: 'c2 나가기' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: '목표' }).getByRole('status')).not.toHaveText('아직 달성하지 못했습니다.');
});

/** The loader's iframes (one per `data-broker-playground`) and how many have started loading. */
const loaderFrames = (page: Page) => page.locator('[data-broker-playground] iframe');
const loadedCount = (page: Page) =>
  page.locator('[data-broker-playground] iframe').evaluateAll((fs) => fs.filter((f) => (f as HTMLIFrameElement).src).length);

async function frameAt(page: Page, i: number): Promise<Frame> {
  const el = loaderFrames(page).nth(i);
  await el.scrollIntoViewIfNeeded();
  await expect(el).toHaveAttribute('src', /embed=1/);
  const frame = (await el.elementHandle())!.contentFrame();
  await expect.poll(async () => (await frame)?.locator('body[data-ready="1"]').count(), { timeout: 15_000 }).toBe(1);
  return (await frame)!;
}

for (const lang of LANGS) {
  test(`the demo post (${lang}) reads as an article; its widgets load as the reader reaches them and fit their content`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/blog.html?lang=${lang}`);
    const other: Lang = lang === 'ko' ? 'en' : 'ko';
    const h1 = { ko: '월드컵 중계로 배우는 두 가지 브로커', en: 'Two kinds of broker, told by a World Cup live site' };
    await expect(page.getByRole('heading', { level: 1, name: h1[lang] })).toBeVisible();
    await expect(loaderFrames(page)).toHaveCount(4);
    // Only what is near the screen loads: the widgets further down wait for the reader.
    await expect.poll(() => loadedCount(page)).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(500);
    const before = await loadedCount(page);
    expect(before).toBeLessThan(4);
    await expect(loaderFrames(page).last()).not.toHaveAttribute('src', /./);
    const frames: Frame[] = [];
    for (let i = 0; i < 4; i++) {
      frames.push(await frameAt(page, i));
      await expect(frames[i].locator('html')).toHaveAttribute('lang', lang);
      await expectStepOnly(frames[i], STEPS[i], lang);
      // Each iframe is as tall as its widget (auto-height), with no inner scrollbar.
      await expectFitted(page, i, frames[i]);
    }
    expect(await loadedCount(page)).toBe(4);
    // The plain iframe (for blogs without scripts) is sized by the blogger and speaks the post's language.
    const plain = page.locator('iframe.playground');
    await plain.scrollIntoViewIfNeeded();
    const plainFrame = page.frameLocator('iframe.playground');
    await expect(plainFrame.locator('html')).toHaveAttribute('lang', lang);
    await page.screenshot({ path: `${SHOTS}blog-1280-${lang}.png`, fullPage: true });

    // Switching the post's language switches the text and tells every widget.
    await page.getByRole('button', { name: other === 'ko' ? '한국어' : 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: h1[other] })).toBeVisible();
    for (let i = 0; i < 4; i++) {
      await expect(frames[i].locator('html')).toHaveAttribute('lang', other);
      await expect(frames[i].getByRole('heading', { name: STEPS[i].title[other], exact: true })).toBeVisible();
    }
    await expect(plainFrame.locator('html')).toHaveAttribute('lang', other);
    await expect(loaderFrames(page).first()).toHaveAttribute('title', other === 'ko' ? /위젯/ : /Widget/);
    expect(errors).toEqual([]);
  });
}

for (const [width, lang] of [[720, 'ko'], [720, 'en'], [390, 'ko'], [390, 'en']] as const) {
  test(`the demo post at ${width} px (${lang}): every widget fits the column`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width, height: 844 });
    await page.goto(`/blog.html?lang=${lang}`);
    for (let i = 0; i < 4; i++) {
      const frame = await frameAt(page, i);
      await expectFitted(page, i, frame);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${SHOTS}blog-${width}-${lang}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('the sandbox widget keeps its stage gestures and the tools in the drawer', async ({ page }) => {
  await page.goto('/?embed=1&lang=en&page=kafka');
  await ready(page);
  await expect(page.getByRole('figure', { name: STAGE.en })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Broker 0: kill$/ })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await openTools(page);
  await page.getByLabel('Value', { exact: true }).fill('goal');
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'goal' })).toHaveCount(1);
  await expect(page.getByRole('link', { name: /Open in the full playground/ })).toHaveAttribute('href', /page=kafka/);
});

test('works under a sub-path', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(SUB + 'blog.html?lang=en');
  const frame = await frameAt(page, 0);
  expect(frame.url()).toContain(SUB);
  await expect(frame.getByRole('button', { name: 'Produce', exact: true })).toBeVisible();
  await page.goto(SUB + '?lang=ko');
  await openTools(page);
  await expect(page.getByRole('button', { name: '보내기', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the parent can only send documented commands, and only as data', async ({ page }) => {
  await page.goto('/blog.html?lang=en');
  const target = await frameAt(page, 0);
  const post = (msg: unknown) =>
    page.evaluate((m) => (document.querySelector('[data-broker-playground] iframe') as HTMLIFrameElement).contentWindow!.postMessage(m, '*'), msg);
  await post({ type: 'broker-playground:setLang', lang: '<img src=x onerror="document.title=\'pwned\'">' });
  await post('<img src=x onerror="document.title=\'pwned\'">');
  await post({ type: 'broker-playground:html', html: '<b id="injected">x</b>' });
  await post({ type: 'broker-playground:goToStep', step: '<script>' });
  await page.waitForTimeout(300);
  await expect(target.locator('html')).toHaveAttribute('lang', 'en');
  await expect(target.locator('#injected, img[src="x"]')).toHaveCount(0);
  expect(await target.evaluate(() => document.title)).not.toContain('pwned');
  // The documented commands work: the language, and another step of the same lesson.
  await post({ type: 'broker-playground:setLang', lang: 'ko' });
  await expect(target.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(target.getByRole('button', { name: '보내기', exact: true })).toBeVisible();
  await post({ type: 'broker-playground:goToStep', step: 3 });
  await expect(target.getByRole('heading', { name: '키가 없으면', exact: true })).toBeVisible();
  await expect(target.getByRole('link', { name: OPEN_STEP.ko })).toHaveAttribute('href', /step=3/);
});

test('bad parameters show a clear message inside the widget, and the host page is fine', async ({ page }) => {
  await page.goto('/blog.html');
  await frameAt(page, 0);
  const bad = [
    ['?embed=1&lang=en&lesson=no-such-lesson', "There is no lesson called 'no-such-lesson'"],
    ['?embed=1&lang=ko&lesson=topics&step=42', '42단계가 없습니다'],
    ['?embed=1&lang=en&page=kafka&scenario=v1.%40%40%40', 'The shared scenario in this link could not be read'],
    ['?embed=1&lang=en&page=rabbit&scenario=v9.AAAA', 'The shared scenario in this link could not be read'],
  ];
  for (const [query, message] of bad) {
    await page.evaluate((src) => {
      const f = document.querySelector('[data-broker-playground] iframe') as HTMLIFrameElement;
      f.scrollIntoView();
      f.src = './' + src;
    }, query);
    const frame = page.frameLocator('[data-broker-playground] iframe >> nth=0');
    await expect(frame.getByRole('alert').filter({ hasText: message })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});
