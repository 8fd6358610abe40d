// One idea at a time (issue 15): a lesson step draws only the layers it declares and offers only
// its actions; a sentence that waits for the picture is told once the engine gets there, and
// "Next" waits with it; "Show me" plays the solution a press at a time. Both languages.
import { test, expect, Page } from '@playwright/test';

const T = {
  en: {
    goal: 'Goal', open: 'Not reached yet.', reached: 'Reached! Go on to the next step.', next: 'Next',
    showMe: 'Show me', showing: 'Showing…', kill: 'Broker 0: kill', isolate: /isolate from the network/,
    send: /send a record/, poll: /: poll$/, crash: /: crash$/, restart: 'Restart the broker',
    firstBeat: 'A record lands in the leader\'s log first.',
    secondBeat: 'Now all three replicas hold the same records',
    waits: 'Next opens once this happens on the stage.',
  },
  ko: {
    goal: '목표', open: '아직 달성하지 못했습니다.', reached: '달성했습니다! 다음 단계로 넘어가세요.', next: '다음',
    showMe: '직접 보여 주세요', showing: '보여 주는 중…', kill: '브로커 0: 강제 종료', isolate: /네트워크 격리/,
    send: /레코드 전송/, poll: /: poll$/, crash: /: 크래시$/, restart: '브로커 재시작',
    firstBeat: '메시지는 먼저 리더의 로그에 들어갑니다.',
    secondBeat: '이제 세 레플리카가 모두 같은 메시지를 갖고 있고',
    waits: "무대에서 위 장면이 일어나면 '다음'이 열립니다.",
  },
};

async function open(page: Page, query: string) {
  await page.goto('/' + query);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
}

const stage = (page: Page) => page.getByRole('figure').first();

for (const lang of ['en', 'ko'] as const) {
  const t = T[lang];

  test(`the first Kafka lesson draws one topic's lanes, no brokers, no replicas (${lang})`, async ({ page }) => {
    await open(page, `?lesson=why-brokers&step=4&lang=${lang}`);
    const s = stage(page);
    // Its actions: send, poll, commit. Not kill, isolate or crash.
    await expect(s.getByRole('button', { name: t.send }).first()).toBeVisible();
    await expect(s.getByRole('button', { name: t.poll }).first()).toBeVisible();
    await expect(s.getByRole('button', { name: t.kill })).toHaveCount(0);
    await expect(s.getByRole('button', { name: t.isolate })).toHaveCount(0);
    await expect(s.getByRole('button', { name: t.crash })).toHaveCount(0);
    // No replicas: no ISR badge or ISR in a lane's name, one row per lane.
    await expect(s.getByText(/ISR \d+\/\d+/)).toHaveCount(0);
    await expect(s.getByRole('button', { name: /ISR/ })).toHaveCount(0);
    const lanes = await s.locator('.lane:not(.compact)').count();
    expect(lanes).toBeGreaterThan(0);
    await expect(s.locator('.row-label')).toHaveCount(lanes);
    await page.screenshot({ path: `target/e2e/screenshots/focus-why-brokers-${lang}.png`, fullPage: true });
  });

  test(`the replication lesson draws replicas, the ISR and the brokers' kill button (${lang})`, async ({ page }) => {
    await open(page, `?lesson=replication&step=2&lang=${lang}`);
    const s = stage(page);
    await expect(s.getByText('ISR 3/3', { exact: true })).toBeVisible();
    await expect(s.locator('.row-label')).toHaveCount(3);
    await expect(s.getByRole('button', { name: t.kill })).toBeVisible();
    // Kill and restart only: the network tools belong to no step of this lesson.
    await expect(s.getByRole('button', { name: t.isolate })).toHaveCount(0);
  });

  test(`the DLX appears with the dead-letter lesson, the restart form only where it is offered (${lang})`, async ({ page }) => {
    await open(page, `?lesson=dead-letters&step=1&lang=${lang}`);
    await expect(stage(page).locator('.r-exchange .exchange-name', { hasText: 'work.dlx' })).toBeVisible();
    await page.locator('details.tools-drawer summary').first().click();
    await expect(page.getByRole('button', { name: t.restart, exact: true })).toHaveCount(0);
    await open(page, `?lesson=acks-persistence&step=3&lang=${lang}`);
    await page.locator('details.tools-drawer summary').first().click();
    await expect(page.getByRole('button', { name: t.restart, exact: true })).toBeVisible();
  });

  test(`a sentence waits for the picture, Next waits with it, and Show me plays a press at a time (${lang})`, async ({ page }) => {
    test.setTimeout(60_000);
    await open(page, `?lesson=replication&step=1&lang=${lang}`);
    const goal = page.getByRole('region', { name: t.goal });
    const next = page.getByRole('button', { name: t.next, exact: true });
    await expect(page.getByText(t.firstBeat)).toHaveCount(0);
    await expect(next).toBeDisabled();
    await expect(page.getByText(t.waits)).toBeVisible();
    await goal.getByRole('button', { name: t.showMe }).click();
    // The first press is played and told while the rest of the solution is still to come.
    await expect(page.getByText(t.firstBeat)).toBeVisible();
    await expect(goal.getByRole('button', { name: t.showing })).toBeDisabled();
    await expect(goal.getByRole('status')).toHaveText(t.open);
    await expect(page.getByText(t.secondBeat)).toHaveCount(0);
    await page.screenshot({ path: `target/e2e/screenshots/focus-replication-beat-${lang}.png`, fullPage: true });
    // Then, press by press, the goal; the second sentence, and Next opens.
    await expect(goal.getByRole('status')).toHaveText(t.reached, { timeout: 30_000 });
    await expect(page.getByText(t.secondBeat)).toBeVisible();
    await expect(next).toBeEnabled();
    await expect(page.getByText(t.waits)).toHaveCount(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `target/e2e/screenshots/focus-replication-390-${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 720, height: 900 });
    await page.screenshot({ path: `target/e2e/screenshots/focus-replication-720-${lang}.png`, fullPage: true });
  });
}
