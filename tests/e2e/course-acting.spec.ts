// A learner completes the first lessons of each broker by acting in the views (never "show
// me"), in Korean and in English; the goals are checked on the engine's state.
import { test, expect, Page } from '@playwright/test';
import { openTools } from './helpers';

const T = {
  en: {
    goal: 'Goal', reached: 'Reached! Go on to the next step.', open: 'Not reached yet.', next: 'Next',
    publishForm: 'Publish', bindForm: 'Bind', exchange: 'Exchange', routingKey: 'Routing key', body: 'Body',
    publish: 'Publish', source: 'Source exchange', destination: 'Destination', bindingKey: 'Binding key (pattern)', bind: 'Bind',
    topics: 'Topics', topicName: 'Topic name', partitions: 'Partitions', create: 'Create topic', topic: 'Topic',
    value: 'Value', produce: 'Produce',
  },
  ko: {
    goal: '목표', reached: '달성했습니다! 다음 단계로 넘어가세요.', open: '아직 달성하지 못했습니다.', next: '다음',
    publishForm: '메시지 보내기', bindForm: '바인딩 만들기', exchange: 'exchange', routingKey: '라우팅 키', body: '본문',
    publish: '메시지 보내기', source: '출발 exchange', destination: '도착지', bindingKey: '바인딩 키 (패턴)', bind: '바인딩 만들기',
    topics: '토픽 관리', topicName: '토픽 이름', partitions: '파티션 수', create: '토픽 만들기', topic: '토픽',
    value: '값', produce: '보내기',
  },
};

async function open(page: Page, query: string) {
  await page.goto('/' + query);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
}

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];
  test(`RabbitMQ, first lesson, by acting (${lang})`, async ({ page }) => {
    await open(page, `?lesson=rabbit-basics&step=2&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    await expect(goal.getByRole('status')).toHaveText(t.open);
    const publish = page.getByRole('form', { name: t.publishForm, exact: true });
    await publish.getByLabel(t.exchange, { exact: true }).selectOption('shop');
    await publish.getByLabel(t.routingKey, { exact: true }).fill('payment');
    await publish.getByLabel(t.body, { exact: true }).fill('order-1 paid');
    await publish.getByRole('button', { name: t.publish, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached);

    // Step 2: no binding, no delivery; the learner binds `refunds` and publishes a refund.
    await page.getByRole('button', { name: t.next, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.open);
    const bind = page.getByRole('form', { name: t.bindForm, exact: true });
    await bind.getByLabel(t.source, { exact: true }).selectOption('shop');
    await bind.getByLabel(t.destination, { exact: true }).selectOption('refunds');
    await bind.getByLabel(t.bindingKey, { exact: true }).fill('refund');
    await bind.getByRole('button', { name: t.bind, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.open);
    await publish.getByLabel(t.exchange, { exact: true }).selectOption('shop');
    await publish.getByLabel(t.routingKey, { exact: true }).fill('refund');
    await publish.getByLabel(t.body, { exact: true }).fill('refund order-3');
    await publish.getByRole('button', { name: t.publish, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached);
  });
}

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];
  test(`Kafka, first topic lesson, by acting (${lang})`, async ({ page }) => {
    await open(page, `?lesson=topics&step=1&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    await expect(goal.getByRole('status')).toHaveText(t.open);
    await page.locator('summary', { hasText: t.topics }).click();
    await page.getByLabel(t.topicName, { exact: true }).fill('tennis');
    await page.getByLabel(t.partitions, { exact: true }).fill('1');
    await page.getByRole('button', { name: t.create, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.open);
    await page.getByRole('combobox', { name: t.topic, exact: true }).first().selectOption('tennis');
    await page.getByLabel(t.value, { exact: true }).fill('match point');
    await page.getByRole('button', { name: t.produce, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached);
  });
}

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];
  test(`hot partitions at World Cup scale: the learner re-keys the stream (${lang})`, async ({ page }) => {
    test.setTimeout(60_000);
    await open(page, `?lesson=hot-partitions&step=6&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    await expect(goal.getByRole('status')).toHaveText(t.open);
    const topic = page.getByRole('region', { name: lang === 'en' ? 'Topic worldcup' : '토픽 worldcup' });
    await expect(topic.getByRole('button', { name: /worldcup/ })).toHaveCount(48);
    await page.getByRole('combobox', { name: lang === 'en' ? 'Key pattern' : '키 패턴', exact: true }).selectOption('salted');
    await page.getByRole('button', { name: lang === 'en' ? 'Play' : '재생', exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached, { timeout: 20_000 });
  });
}
