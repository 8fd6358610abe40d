// The two teaching moments of issue 16 item 3 that a learner makes happen by acting in the views
// (never "show me"), in Korean and in English: a 2 MB upload refused by the broker
// (MESSAGE_TOO_LARGE) before the pointer is sent, and a payment request whose publisher confirm
// (basic.ack) comes back. The goals are checked on the engine's state.
import { test, expect, Page } from '@playwright/test';
import { openTools } from './helpers';

const T = {
  en: {
    goal: 'Goal', reached: 'Reached! Go on to the next step.', open: 'Not reached yet.',
    key: 'Key', value: 'Value', valueSize: 'Value size (bytes, optional: fills the value up to it)', produce: 'Produce',
    publishForm: 'Publish', exchange: 'Exchange', routingKey: 'Routing key', body: 'Body', publish: 'Publish',
    properties: 'Properties', persistent: 'Persistent (delivery mode 2)', messageId: 'Message id',
  },
  ko: {
    goal: '목표', reached: '달성했습니다! 다음 단계로 넘어가세요.', open: '아직 달성하지 못했습니다.',
    key: '키', value: '값', valueSize: 'value 크기 (바이트, 선택: 적은 value를 이 크기까지 채움)', produce: '보내기',
    publishForm: '메시지 보내기', exchange: 'exchange', routingKey: '라우팅 키', body: '본문', publish: '메시지 보내기',
    properties: '속성', persistent: 'persistent (delivery mode 2)', messageId: 'message id',
  },
};

async function open(page: Page, query: string) {
  await page.goto('/' + query);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
}

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];
  test(`limits: the learner's 2 MB upload is refused by the broker, then the pointer goes in (${lang})`, async ({ page }) => {
    await open(page, `?lesson=limits&step=2&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    await expect(goal.getByRole('status')).toHaveText(t.open);
    const form = page.locator('.k-produce');
    await form.getByLabel(t.key, { exact: true }).fill('video-final-7');
    await form.getByLabel(t.valueSize, { exact: true }).fill('2097152');
    await form.getByRole('button', { name: t.produce, exact: true }).click();
    await expect(form.locator('p[role="status"]')).toContainText('MESSAGE_TOO_LARGE');
    await expect(goal.getByRole('status')).toHaveText(t.open);
    // The size field was cleared with the value: the pointer goes out as typed.
    await form.getByLabel(t.key, { exact: true }).fill('video-final-7');
    await form.getByLabel(t.value, { exact: true }).fill('s3://videos/final-7.mp4');
    await form.getByRole('button', { name: t.produce, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached);
  });
}

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];
  test(`order flow: the payment request's publisher confirm comes back (${lang})`, async ({ page }) => {
    await open(page, `?lesson=order-flow&step=3&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    await expect(goal.getByRole('status')).toHaveText(t.open);
    const publish = page.getByRole('form', { name: t.publishForm, exact: true });
    await publish.getByLabel(t.exchange, { exact: true }).selectOption('shop');
    await publish.getByLabel(t.routingKey, { exact: true }).fill('payment.request');
    await publish.getByLabel(t.body, { exact: true }).fill('order-2 pay 25000 KRW');
    await publish.locator('summary', { hasText: t.properties }).click();
    await publish.getByLabel(t.persistent, { exact: true }).check();
    await publish.getByLabel(t.messageId, { exact: true }).fill('order-2');
    await publish.getByRole('button', { name: t.publish, exact: true }).click();
    await expect(goal.getByRole('status')).toHaveText(t.reached);
    // The confirm is told in the RabbitMQ view's event lines (same words in both languages).
    await expect(page.getByText('basic.ack, delivery tag 1').first()).toBeAttached();
  });
}
