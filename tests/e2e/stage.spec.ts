// The stage: every message is a token that travels, sampled over time as a person watches it.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { watchErrors } from './helpers';

type Lang = 'en' | 'ko';
const L = {
  en: {
    kafkaStage: 'The Kafka cluster, drawn', rabbitStage: 'The RabbitMQ broker, drawn',
    produce: /^producer: send a record/, kill: (b: number) => `Broker ${b}: kill`, timeline: 'Timeline',
    nack: 'Message 1: nack (requeue)', reject: /^Message \d+: reject/, lane: (p: number) => new RegExp(`^orders-${p} · leader B`),
    record: /^offset 0, key user-1/, inspector: 'Inspector: why?',
    killed: (b: number) => `Broker ${b} was killed.`, elected: /orders-\d: /,
  },
  ko: {
    kafkaStage: 'Kafka 클러스터 그림', rabbitStage: 'RabbitMQ 브로커 그림',
    produce: /^producer: 레코드 전송/, kill: (b: number) => `브로커 ${b}: 강제 종료`, timeline: '타임라인',
    nack: '메시지 1: nack (다시 큐로)', reject: /^메시지 \d+: reject/, lane: (p: number) => new RegExp(`^orders-${p} · 리더 B`),
    record: /^offset 0, 키 user-1/, inspector: '인스펙터: 왜?',
    killed: (b: number) => `브로커 ${b}: 강제 종료되었습니다.`, elected: /orders-\d: /,
  },
};

type Tok = { cls: string; x: number; y: number; ring: boolean };

/** The tokens in flight now, with their SVG positions. */
async function tokens(page: Page): Promise<Tok[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.tokens .token')).map((g) => {
      // The token's own translate, as the SVG DOM holds it (the stage moves it there).
      const list = (g as SVGGElement).transform.baseVal;
      const m = list.numberOfItems > 0 ? list.getItem(0).matrix : null;
      return { cls: g.getAttribute('class') ?? '', x: m ? m.e : NaN, y: m ? m.f : NaN, ring: !!g.querySelector('.ring') };
    }),
  );
}

/** Samples the tokens every 40 ms for `ms`. */
async function sample(page: Page, ms: number): Promise<Tok[][]> {
  const out: Tok[][] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    out.push(await tokens(page));
    await page.waitForTimeout(40);
  }
  return out;
}

async function open(page: Page, lang: Lang, which: 'kafka' | 'rabbit') {
  await page.goto(`/?page=${which}&lang=${lang}`);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
}

for (const lang of ['en', 'ko'] as const) {
  const l = L[lang];

  test(`a produced record travels to its leader, is copied to the followers, and the ack comes back (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, lang, 'kafka');
    const stage = page.getByRole('group', { name: l.kafkaStage });
    await expect(stage).toBeVisible();
    expect(await tokens(page)).toHaveLength(0);
    await stage.getByRole('button', { name: l.produce }).click();
    // Watched live: a record token appears first, then the ack token comes back. A loaded
    // machine may draw only a few frames of each hop, so positions are checked by scrubbing below,
    // where the picture is a pure function of the clock.
    const frames = await sample(page, 4000);
    const firstRecord = frames.findIndex((f) => f.some((t) => t.cls.includes('record')));
    const firstAck = frames.findIndex((f) => f.some((t) => t.cls.includes(' ack')));
    expect(firstRecord, 'a record token seen live').toBeGreaterThanOrEqual(0);
    expect(firstAck, 'the ack token seen live, after the record').toBeGreaterThan(firstRecord);
    // Then it settles: nothing in flight, time stopped, the record stays in the log.
    await expect.poll(async () => (await tokens(page)).length, { timeout: 8000 }).toBe(0);
    await expect(stage.getByRole('button', { name: l.record }).first()).toBeVisible();

    // Scrubbing back through the trip shows every token where it was, moment by moment.
    const slider = page.getByRole('slider', { name: l.timeline });
    const end = Number(await slider.getAttribute('max'));
    expect(end, 'the produce and the ticks it played are on the timeline').toBeGreaterThan(1);
    const scrubTo = (v: number) =>
      slider.evaluate((el, value) => {
        (el as HTMLInputElement).value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, v.toFixed(3));
    const scrubbed: Tok[] = [];
    let onTheWay = -1;
    for (let v = 0; v <= end; v += 0.02) {
      await scrubTo(v);
      const now = await tokens(page);
      if (onTheWay < 0 && now.some((t) => t.cls.includes('record') && t.x > 160 && t.x < 235)) onTheWay = v;
      scrubbed.push(...now);
    }
    const records = scrubbed.filter((t) => t.cls.includes('record'));
    // Leaving the producer (its box ends at x=158) towards the lanes (cells start at x=240).
    expect(records.some((t) => t.x > 160 && t.x < 235), 'a record token between producer and partition').toBe(true);
    // Copied down to a follower row: record tokens inside the cells at more than one height.
    const inLane = records.filter((t) => t.x >= 240 && t.x < 700);
    expect(new Set(inLane.map((t) => Math.round(t.y))).size, 'a record token moving down the lane').toBeGreaterThanOrEqual(2);
    // The ack goes back to the producer.
    const acks = scrubbed.filter((t) => t.cls.includes(' ack'));
    expect(acks.length, 'an ack token').toBeGreaterThan(0);
    expect(Math.min(...acks.map((t) => t.x)), 'the ack reaches the producer').toBeLessThan(235);
    await scrubTo(onTheWay);
    await page.screenshot({ path: `target/e2e/screenshots/stage-kafka-scrubbed-${lang}.png` });
    expect(errors).toEqual([]);
  });

  test(`keyboard only: produce, kill the leader, inspect a record (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, lang, 'kafka');
    const stage = page.getByRole('group', { name: l.kafkaStage });
    await stage.getByRole('button', { name: l.produce }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await tokens(page)).length, { timeout: 8000 }).toBe(0);
    const cell = stage.getByRole('button', { name: l.record }).first();
    await expect(cell).toBeVisible();
    const lane = stage.getByRole('button', { name: l.lane(0) }).or(stage.getByRole('button', { name: l.lane(1) })).or(stage.getByRole('button', { name: l.lane(2) }));
    const before = (await lane.first().getAttribute('aria-label')) ?? '';
    const leader = Number(before.match(/B(\d+), ISR/)?.[1]);
    expect(Number.isNaN(leader)).toBe(false);
    // Which lane holds the record: the one whose cell we found.
    await stage.getByRole('button', { name: l.kill(leader) }).focus();
    await page.keyboard.press('Enter');
    await expect(stage.getByRole('button', { name: l.kill(leader) })).toHaveCount(0);
    // The live region tells what the learner did and what followed (the leadership moving), in a
    // few sentences, and keeps them while the picture plays out: not one line per token.
    const log = page.getByRole('log');
    await expect(log).toContainText(l.killed(leader));
    await expect(log).toContainText(l.elected);
    await page.waitForTimeout(1500);
    await expect(log).toContainText(l.killed(leader));
    expect(await log.locator('p').count()).toBeLessThanOrEqual(3);
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: l.inspector }).or(page.getByRole('complementary', { name: l.inspector })).first()).toContainText('offset');
    expect(errors).toEqual([]);
  });

  test(`RabbitMQ: a nack requeues with the ring, a reject falls into the DLQ (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await open(page, lang, 'rabbit');
    const stage = page.getByRole('group', { name: l.rabbitStage });
    await expect(stage).toBeVisible();
    await stage.getByRole('button', { name: l.nack }).click();
    const back = (await sample(page, 2500)).flat();
    expect(back.some((t) => t.cls.includes('requeue') && t.ring), 'a requeued token with its ring').toBe(true);
    await expect.poll(async () => (await tokens(page)).length, { timeout: 8000 }).toBe(0);
    await stage.getByRole('button', { name: l.reject }).first().click();
    const dead = (await sample(page, 2500)).flat();
    expect(dead.some((t) => t.cls.includes('dead')), 'a dead-lettered token').toBe(true);
    await expect.poll(async () => (await tokens(page)).length, { timeout: 8000 }).toBe(0);
    await expect(stage.getByRole('button', { name: /^sport\.dlq: / })).toHaveAttribute('aria-label', /^sport\.dlq: (1 ready|대기 1)/);
    expect(errors).toEqual([]);
  });

  test(`under reduced motion the picture settles at once (${lang})`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(page, lang, 'kafka');
    const stage = page.getByRole('group', { name: l.kafkaStage });
    await stage.getByRole('button', { name: l.produce }).click();
    const frames = await sample(page, 1500);
    expect(frames.flat()).toHaveLength(0);
    await expect(stage.getByRole('button', { name: l.record }).first()).toBeVisible();
    expect(await page.locator('.cell.ghost').count()).toBe(0);
  });

  test(`the stage is accessible and drawn at 1280, 720 and 390 px (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    for (const which of ['kafka', 'rabbit'] as const) {
      for (const width of [1280, 720, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await open(page, lang, which);
        await expect(page.getByRole('group', { name: which === 'kafka' ? l.kafkaStage : l.rabbitStage })).toBeVisible();
        await page.screenshot({ path: `target/e2e/screenshots/stage-${which}-${lang}-${width}.png` });
      }
      const axe = await new AxeBuilder({ page }).include('.stage').analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}
