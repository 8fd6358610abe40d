// The course player: deep links, back and next, goals reached on the engine, predictions,
// resume after reload, language switches that keep the step, and broken links explained.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openTools } from './helpers';

async function open(page: Page, query: string) {
  await page.goto('/' + query);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
}

const stepHeading = (page: Page) => page.locator('#step-title');

test('a deep link opens its step; back and next move both ways across lessons', async ({ page }) => {
  await open(page, '?lesson=topics&step=2&lang=en');
  await expect(page.getByText('Step 2 of 2')).toBeVisible();
  await expect(stepHeading(page)).toHaveText('Many producers, one topic');
  // The tab names the lesson.
  await expect(page).toHaveTitle('Topics · Broker Playground');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Step 1 of 3')).toBeVisible();
  await expect(page).toHaveTitle(/^Partitions/);
  await expect(page).toHaveURL(/lesson=partitions-offsets&step=1/);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page).toHaveURL(/lesson=topics&step=1/);
  await expect(stepHeading(page)).toHaveText('A topic is a named stream');
});

test('show me plays the reference solution and the engine says the goal is reached', async ({ page }) => {
  await open(page, '?lesson=topics&step=1&lang=en');
  const goal = page.getByRole('region', { name: 'Goal' });
  await expect(goal.getByRole('status')).toHaveText('Not reached yet.');
  await goal.getByRole('button', { name: 'Show a hint' }).click();
  await expect(goal.getByRole('listitem')).toHaveCount(1);
  await goal.getByRole('button', { name: 'Show me' }).click();
  await expect(goal.getByRole('status')).toHaveText('Reached! Go on to the next step.');
  // Undo on the timeline takes the solution back, and the goal is open again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(goal.getByRole('status')).toHaveText('Not reached yet.');
});

test('predict, then reveal on the engine', async ({ page }) => {
  await open(page, '?lesson=message-anatomy&lang=en');
  const fieldset = page.getByRole('group').filter({ has: page.getByRole('radio') });
  for (let i = 0; i < 3 && (await fieldset.count()) === 0; i++) {
    await page.getByRole('button', { name: 'Next' }).click();
  }
  await expect(fieldset).toHaveCount(1);
  const check = fieldset.getByRole('button', { name: 'Check my answer' });
  await expect(check).toBeDisabled();
  await fieldset.getByRole('radio').first().check();
  await check.click();
  await expect(fieldset.getByRole('status')).toContainText(/Right\.|Not quite\./);
});

test('switching language mid-step keeps the step and the simulation', async ({ page }) => {
  await open(page, '?lesson=topics&step=1&lang=en');
  const goal = page.getByRole('region', { name: 'Goal' });
  await goal.getByRole('button', { name: 'Show me' }).click();
  await expect(goal.getByRole('status')).toHaveText('Reached! Go on to the next step.');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByText('2단계 중 1단계')).toBeVisible();
  await expect(page).toHaveTitle('토픽 · 브로커 플레이그라운드');
  await expect(page.getByRole('region', { name: '목표' }).getByRole('status')).toHaveText('달성했습니다! 다음 단계로 넘어가세요.');
  await expect(page).toHaveURL(/lang=ko/);
});

test('progress survives a reload, and a corrupt store starts clean', async ({ page }) => {
  await open(page, '?lesson=partitions-offsets&step=2&lang=en');
  await expect(page.getByText('Step 2 of 3')).toBeVisible();
  await page.goto('/?lang=en');
  await expect(page.getByText('Step 2 of 3')).toBeVisible();
  await expect(page).toHaveTitle(/^Partitions and offsets/);
  await page.getByRole('button', { name: /Lessons/ }).click();
  await expect(page.getByRole('button', { name: /Partitions and offsets/ })).toHaveAttribute('aria-current', 'step');
  await page.evaluate(() => localStorage.setItem('broker-playground.progress', '{"garbage": true'));
  await page.goto('/?lang=en');
  await expect(page.getByText(/Step 1 of \d+/)).toBeVisible();
});

test('a broken deep link says why and shows the first lesson', async ({ page }) => {
  await open(page, '?lesson=no-such-lesson&lang=en');
  await expect(page.getByRole('alert').filter({ hasText: "There is no lesson called 'no-such-lesson'" })).toBeVisible();
  await open(page, '?lesson=topics&step=99&lang=ko');
  await expect(page.getByRole('alert').filter({ hasText: '99단계가 없습니다' })).toBeVisible();
});

test('the glossary pairs the terms in both languages', async ({ page }) => {
  await open(page, '?lang=ko');
  await page.getByText('용어집').click();
  await expect(page.getByRole('term').filter({ hasText: '컨슈머 그룹' })).toContainText('consumer group');
});

for (const lang of ['en', 'ko'] as const) {
  test(`course page: no accessibility violations (${lang}), screenshots`, async ({ page }) => {
    await open(page, `?lesson=message-anatomy&step=1&lang=${lang}`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/course-${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `target/e2e/screenshots/course-${lang}-phone.png`, fullPage: true });
  });
}

test('a Kafka lesson loads its tools when one is opened, and they work (both languages)', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => { if (/split_.*\.wasm$/.test(r.url())) chunks.push(r.url()); });
  await open(page, '?lesson=topics&step=1&lang=ko');
  await expect(page.getByRole('region', { name: '목표' })).toBeVisible();
  // Nothing beyond the lesson's own chunk (its text, scenes and goals) came with the page.
  expect(chunks.map((u) => u.replace(/^.*\/(split_[a-z_]+)-.*$/, '$1'))).toEqual(['split_lessons_kafka_basics']);
  await openTools(page);
  await page.locator('summary', { hasText: '실제 Kafka 명령어와 설정' }).click();
  const script = page.getByRole('textbox', { name: /명령/ });
  await expect(script).toHaveValue(/kafka-topics\.sh/);
  expect(chunks.filter((u) => u.includes('split_kafka_tools'))).toHaveLength(1);
  // The forms come from the same chunk: create a topic and see it drawn.
  await page.locator('summary', { hasText: '토픽 관리' }).click();
  await page.getByLabel('토픽 이름').fill('scores');
  await page.getByRole('button', { name: '토픽 만들기' }).click();
  await expect(page.getByRole('region', { name: '토픽 scores' })).toBeVisible();
  // A language switch keeps what is open and what was made.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('textbox', { name: /commands/i })).toHaveValue(/--topic scores/);
  await expect(page.getByRole('region', { name: 'Topic scores' })).toBeVisible();
  expect(chunks.filter((u) => u.includes('split_kafka_tools'))).toHaveLength(1);
});

for (const lang of ['en', 'ko'] as const) {
  const goalName = lang === 'en' ? 'Goal' : '목표';
  const lessonsName = lang === 'en' ? 'Lessons' : '레슨 목록';
  test(`a lesson step shows its narration, picture and goal together (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, `?lesson=topics&step=1&lang=${lang}`);
    const box = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!;
    const narration = await box(page.locator('.narration'));
    const stage = await box(page.getByRole('figure').first());
    const goal = await box(page.getByRole('region', { name: goalName }).getByRole('heading'));
    // Without scrolling: every one of them starts and ends inside the first screen.
    for (const [what, b] of [['narration', narration], ['stage', stage], ['goal', goal]] as const) {
      expect(b.y, `${what} top`).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, `${what} bottom within 800 px`).toBeLessThanOrEqual(800);
    }
    // The lesson list is closed until asked for, and opens over the page from its button.
    const list = page.getByRole('navigation', { name: lessonsName });
    await expect(list).toBeHidden();
    const toggle = page.getByRole('button', { name: new RegExp(lessonsName) });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(list).toBeVisible();
    await list.getByRole('button').nth(3).click();
    await expect(list).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  test(`on a phone a step reads narration, then the picture, then the goal (${lang})`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, `?lesson=topics&step=1&lang=${lang}`);
    const top = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!.y;
    const narration = await top(page.locator('.narration'));
    const stage = await top(page.getByRole('figure').first());
    const goal = await top(page.getByRole('region', { name: goalName }));
    expect(narration).toBeLessThan(stage);
    expect(stage).toBeLessThan(goal);
    // No lesson list in the way: the narration is on the first screen.
    await expect(page.getByRole('navigation', { name: lessonsName })).toBeHidden();
    expect(narration).toBeLessThan(844);
    await page.screenshot({ path: `target/e2e/screenshots/lesson-step-390-${lang}.png`, fullPage: true });
  });
}
