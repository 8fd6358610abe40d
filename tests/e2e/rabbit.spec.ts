// The message broker (RabbitMQ) view: a learner builds a topic exchange with a DLX, publishes,
// consumes, nacks into the dead-letter queue and reads x-death; asks why a message was routed;
// sees the redelivered mark; gets typed errors that change nothing; imports a definitions file.
import { test, expect, Page, Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openTools } from './helpers';

type Lang = 'en' | 'ko';

const L = {
  en: {
    exchangeForm: 'Declare an exchange',
    queueForm: 'Declare a queue',
    bindForm: 'Bind',
    publishForm: 'Publish',
    consumeForm: 'Consume (basic.consume)',
    name: 'Name',
    type: 'Type',
    dlx: 'Dead letter exchange',
    ttl: 'Message TTL (ms)',
    source: 'Source exchange',
    destination: 'Destination',
    bindingKey: 'Binding key (pattern)',
    exchange: 'Exchange',
    routingKey: 'Routing key',
    body: 'Body',
    queue: 'Queue',
    tag: 'Consumer tag',
    declare: 'Declare',
    bind: 'Bind',
    publish: 'Publish',
    consume: 'Consume (basic.consume)',
    queueRegion: (q: string) => `Queue ${q}`,
    inspector: 'Why? (inspector)',
    nackDrop: /Delivery tag \d+: nack without requeue/,
    nackRequeue: 'Delivery tag 1: nack and requeue',
    diedOnce: 'Died in `jobs` once, because of rejected',
    tryKey: 'Try a routing key',
    starTook: '`*` took `football`',
    wordCount: 'pattern `sport.*.goal` has 3 words and key `sport.football.final.goal` has 4',
    hashTook: 'pattern `sport.#` matched `sport.football.goal`: `#` took `football.goal`',
    recorded: 'The routing decision the engine recorded at publish:',
    ttlError: 'argument `x-message-ttl`: must be an integer, got a string',
    reserved: 'names starting with `amq.` are reserved',
    redelivered: 'Redelivered:',
    importForm: 'Load your own broker',
    importText: 'Definitions JSON',
    import: 'Import',
    imported: 'Imported 1 exchanges, 2 queues and 1 bindings from vhost `/`. Not imported: 1.',
    skipped: 'exchanges[1] `delayed`: exchange type `x-delayed-message` is not simulated (a plugin type)',
    exportJson: 'Definitions JSON (rabbitmqctl import_definitions)',
    exportCmds: 'rabbitmqadmin commands',
    properties: 'Properties',
    moreArgs: 'More arguments',
  },
  ko: {
    exchangeForm: 'exchange 선언',
    queueForm: '큐 선언',
    bindForm: '바인딩 만들기',
    publishForm: '메시지 보내기',
    consumeForm: '구독 (basic.consume)',
    name: '이름',
    type: '타입',
    dlx: '데드 레터 exchange',
    ttl: '메시지 TTL (ms)',
    source: '출발 exchange',
    destination: '도착지',
    bindingKey: '바인딩 키 (패턴)',
    exchange: 'exchange',
    routingKey: '라우팅 키',
    body: '본문',
    queue: '큐',
    tag: '컨슈머 태그',
    declare: '선언',
    bind: '바인딩 만들기',
    publish: '메시지 보내기',
    consume: '구독 (basic.consume)',
    queueRegion: (q: string) => `큐 ${q}`,
    inspector: '왜? (인스펙터)',
    nackDrop: /delivery tag \d+: nack, requeue 없음/,
    nackRequeue: 'delivery tag 1: nack 후 requeue',
    diedOnce: '큐 `jobs`에서 거절됨(reject/nack, requeue 없음) (rejected) 이유로 1번 죽었습니다',
    tryKey: '라우팅 키로 시험해 보기',
    starTook: '`*` 자리에 `football`',
    wordCount: '패턴 `sport.*.goal`: 3단어, 키 `sport.football.final.goal`: 4단어입니다',
    hashTook: '패턴 `sport.#` 일치 (라우팅 키 `sport.football.goal`): `#` 자리에 `football.goal`',
    recorded: '보낼 때 엔진이 기록한 라우팅 결정:',
    ttlError: '인자 `x-message-ttl`: 정수 값이어야 하는데 문자열 값입니다',
    reserved: '`amq.`로 시작하는 exchange 이름은 RabbitMQ가 예약해 두어 쓸 수 없습니다',
    redelivered: 'redelivered: 이 메시지는 전에 한 번 전달됐다가',
    importForm: '내 브로커 불러오기',
    importText: 'definitions JSON',
    import: '불러오기',
    imported: 'vhost `/`에서 exchange 1개, 큐 2개, 바인딩 1개를 불러왔습니다. 불러오지 못한 것: 1개.',
    skipped: 'exchanges[1] `delayed`: 이 시뮬레이터에 없는 exchange 타입입니다: `x-delayed-message` (플러그인 타입)',
    exportJson: 'definitions JSON (rabbitmqctl import_definitions)',
    exportCmds: 'rabbitmqadmin 명령',
    properties: '속성',
    moreArgs: '인자 더 보기',
  },
};

async function open(page: Page, lang: Lang) {
  await page.goto(`/?page=rabbit&lang=${lang}`);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
  await expect(page.getByRole('region', { name: L[lang].queueRegion('goals'), exact: true })).toBeVisible();
}

const form = (page: Page, name: string) => page.getByRole('form', { name, exact: true });
const field = (f: Locator, name: string) => f.getByLabel(name, { exact: true });

async function declareExchange(page: Page, lang: Lang, name: string, type: string) {
  const f = form(page, L[lang].exchangeForm);
  await field(f, L[lang].name).fill(name);
  await field(f, L[lang].type).selectOption(type);
  await f.getByRole('button', { name: L[lang].declare, exact: true }).click();
}

async function declareQueue(page: Page, lang: Lang, name: string, dlx = '', ttl = '') {
  const f = form(page, L[lang].queueForm);
  await field(f, L[lang].name).fill(name);
  await field(f, L[lang].dlx).fill(dlx);
  await field(f, L[lang].ttl).fill(ttl);
  await f.getByRole('button', { name: L[lang].declare, exact: true }).click();
}

async function bind(page: Page, lang: Lang, source: string, queue: string, key: string) {
  const f = form(page, L[lang].bindForm);
  await field(f, L[lang].source).selectOption(source);
  await field(f, L[lang].destination).selectOption(queue);
  await field(f, L[lang].bindingKey).fill(key);
  await f.getByRole('button', { name: L[lang].bind, exact: true }).click();
}

async function publish(page: Page, lang: Lang, exchange: string, key: string, body: string) {
  const f = form(page, L[lang].publishForm);
  await field(f, L[lang].exchange).selectOption(exchange);
  await field(f, L[lang].routingKey).fill(key);
  await field(f, L[lang].body).fill(body);
  await f.getByRole('button', { name: L[lang].publish, exact: true }).click();
}

for (const lang of ['en', 'ko'] as const) {
  const l = L[lang];

  test(`topic exchange + DLX: publish, consume, nack into the DLQ, read x-death (${lang})`, async ({ page }) => {
    await open(page, lang);
    await declareExchange(page, lang, 'orders', 'topic');
    await declareExchange(page, lang, 'orders.dlx', 'fanout');
    await declareQueue(page, lang, 'orders.dlq');
    await bind(page, lang, 'orders.dlx', 'orders.dlq', '');
    await declareQueue(page, lang, 'jobs', 'orders.dlx');
    await bind(page, lang, 'orders', 'jobs', 'order.*.created');
    await expect(page.getByRole('region', { name: 'exchange orders', exact: true })).toContainText('jobs `order.*.created`');

    await publish(page, lang, 'orders', 'order.kr.created', 'pizza-1');
    const jobs = page.getByRole('region', { name: l.queueRegion('jobs'), exact: true });
    await expect(jobs.getByRole('button', { name: /pizza-1/ })).toBeVisible();

    const c = form(page, l.consumeForm);
    await field(c, l.queue).selectOption('jobs');
    await field(c, l.tag).fill('w1');
    await c.getByRole('button', { name: l.consume, exact: true }).click();
    const w1 = page.getByRole('region', { name: 'consumer w1', exact: true });
    await expect(w1).toContainText('pizza-1');
    await expect(jobs.getByRole('button', { name: /pizza-1/ })).toHaveCount(0);

    await w1.getByRole('button', { name: l.nackDrop }).click();
    await expect(w1).not.toContainText('pizza-1');
    const dlq = page.getByRole('region', { name: l.queueRegion('orders.dlq'), exact: true });
    const dead = dlq.getByRole('button', { name: /pizza-1/ });
    await expect(dead).toContainText('☠rejected×1');
    await dead.click();
    const insp = page.getByRole('region', { name: l.inspector, exact: true });
    await expect(insp.getByRole('list', { name: 'x-death' })).toContainText('count: 1, reason: rejected, queue: jobs, exchange: orders, routing-keys: [order.kr.created]');
    await expect(insp).toContainText(l.diedOnce);
    await expect(insp).toContainText('x-first-death-queue: jobs');
  });

  test(`the inspector explains a topic routing (${lang})`, async ({ page }) => {
    await open(page, lang);
    const sport = page.getByRole('region', { name: 'exchange sport', exact: true });
    await sport.getByRole('button', { name: '→ goals `sport.*.goal`', exact: true }).click();
    const insp = page.getByRole('region', { name: l.inspector, exact: true });
    await insp.getByLabel(l.tryKey).fill('sport.football.goal');
    await expect(insp.getByRole('status')).toContainText(l.starTook);
    await insp.getByLabel(l.tryKey).fill('sport.football.final.goal');
    await expect(insp.getByRole('status')).toContainText(l.wordCount);

    await publish(page, lang, 'sport', 'sport.football.goal', 'Kim 67');
    await page.getByRole('region', { name: l.queueRegion('all-sport'), exact: true }).getByRole('button', { name: /Kim 67/ }).click();
    await expect(insp).toContainText(l.recorded);
    await expect(insp).toContainText(l.hashTook);
    await expect(insp).toContainText(l.starTook);
  });

  test(`a nack with requeue brings the message back marked redelivered (${lang})`, async ({ page }) => {
    await open(page, lang);
    const sb = page.getByRole('region', { name: 'consumer scoreboard', exact: true });
    await expect(sb).toContainText("Son 23' 1-0");
    await expect(sb).not.toContainText('redelivered');
    await sb.getByRole('button', { name: l.nackRequeue }).click();
    // Back in `goals`, then straight to scoreboard again (it has room): a new tag, redelivered.
    await expect(sb).toContainText('tag 2');
    await expect(sb).toContainText('↻ redelivered');
    await sb.getByRole('button', { name: /Son 23/ }).click();
    await expect(page.getByRole('region', { name: l.inspector, exact: true })).toContainText(l.redelivered);
  });

  test(`invalid input shows the typed error and changes nothing (${lang})`, async ({ page }) => {
    await open(page, lang);
    const before = await page.getByRole('textbox', { name: l.exportJson }).inputValue();
    await declareQueue(page, lang, 'q-ttl', '', 'five seconds');
    const qf = form(page, l.queueForm);
    await expect(qf.getByRole('alert')).toContainText('406 PRECONDITION_FAILED');
    await expect(qf.getByRole('alert')).toContainText(l.ttlError);
    await expect(page.getByRole('region', { name: l.queueRegion('q-ttl'), exact: true })).toHaveCount(0);

    await declareExchange(page, lang, 'amq.mine', 'direct');
    const xf = form(page, l.exchangeForm);
    await expect(xf.getByRole('alert')).toContainText('403 ACCESS_REFUSED');
    await expect(xf.getByRole('alert')).toContainText(l.reserved);
    await expect(page.getByRole('textbox', { name: l.exportJson })).toHaveValue(before);

    // User text is text: a script payload shows literally.
    await publish(page, lang, 'sport', 'sport.x', '<script>window.pwned=1</script>');
    await expect(page.getByRole('region', { name: l.queueRegion('all-sport'), exact: true })).toContainText('<script>window.pwned=1</sc');
    expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
  });

  test(`imports a definitions export and reports what it skipped (${lang})`, async ({ page }) => {
    await open(page, lang);
    const defs = {
      rabbit_version: '3.13.7',
      rabbitmq_version: '3.13.7',
      product_name: 'RabbitMQ',
      product_version: '3.13.7',
      users: [],
      vhosts: [{ name: '/' }],
      permissions: [],
      topic_permissions: [],
      parameters: [],
      global_parameters: [{ name: 'cluster_name', value: 'rabbit@demo' }],
      policies: [],
      queues: [
        { name: 'invoices', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'classic', 'x-dead-letter-exchange': '' , 'x-dead-letter-routing-key': 'invoices.dlq' } },
        { name: 'invoices.dlq', vhost: '/', durable: true, auto_delete: false, arguments: {} },
      ],
      exchanges: [
        { name: 'billing', vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} },
        { name: 'delayed', vhost: '/', type: 'x-delayed-message', durable: true, auto_delete: false, internal: false, arguments: { 'x-delayed-type': 'direct' } },
      ],
      bindings: [
        { source: 'billing', vhost: '/', destination: 'invoices', destination_type: 'queue', routing_key: 'invoice', arguments: {} },
      ],
    };
    const f = form(page, l.importForm);
    await field(f, l.importText).fill(JSON.stringify(defs, null, 2));
    await f.getByRole('button', { name: l.import, exact: true }).click();
    await expect(f.getByRole('status')).toContainText(l.imported);
    await expect(f.getByRole('status')).toContainText(l.skipped);
    await expect(page.getByRole('region', { name: 'exchange billing', exact: true })).toContainText('invoices `invoice`');
    await expect(page.getByRole('region', { name: l.queueRegion('goals'), exact: true })).toHaveCount(0);
    await publish(page, lang, 'billing', 'invoice', 'inv-1');
    await expect(page.getByRole('region', { name: l.queueRegion('invoices'), exact: true })).toContainText('inv-1');
    await expect(page.getByRole('textbox', { name: l.exportCmds })).toHaveValue(
      /rabbitmqadmin declare binding source=billing destination=invoices destination_type=queue routing_key=invoice/,
    );
  });

  test(`exports definitions JSON and rabbitmqadmin lines (${lang})`, async ({ page }) => {
    await open(page, lang);
    const cmds = page.getByRole('textbox', { name: l.exportCmds });
    await expect(cmds).toHaveValue(/rabbitmqadmin declare exchange name=sport type=topic durable=true/);
    await expect(cmds).toHaveValue(/rabbitmqadmin declare queue name=goals durable=true auto_delete=false arguments='\{"x-dead-letter-exchange":"sport.dlx"\}'/);
    await expect(cmds).toHaveValue(/routing_key='sport\.\*\.goal'/);
    await declareExchange(page, lang, 'payments', 'direct');
    const json = page.getByRole('textbox', { name: l.exportJson });
    // The engine's export (RabbitMQ 4.0.5's layout, one field a line).
    await expect(json).toHaveValue(/"name": "payments",\s*"vhost": "\/",\s*"type": "direct"/);
    await expect(json).toHaveValue(/"rabbit_version": "4\.0\.5"/);
  });

  test(`no accessibility violations (${lang}), screenshots`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, lang);
    await publish(page, lang, 'sport', 'sport.tennis.goal', 'ace');
    await page.getByRole('region', { name: l.queueRegion('all-sport'), exact: true }).getByRole('button', { name: /ace/ }).click();
    await page.getByText(l.properties, { exact: true }).click();
    await page.getByText(l.moreArgs, { exact: true }).click();
    await page.getByRole('button', { name: lang === 'en' ? 'Step' : '한 틱 진행', exact: true }).click();
    await page.getByRole('button', { name: lang === 'en' ? 'Step' : '한 틱 진행', exact: true }).click();
    const results = await new AxeBuilder({ page }).include('.rabbit').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
    await page.screenshot({ path: `target/e2e/screenshots/rabbit-${lang}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `target/e2e/screenshots/rabbit-${lang}-phone.png`, fullPage: true });
    await page.locator('.stage').first().screenshot({ path: `target/e2e/screenshots/rabbit-${lang}-phone-stage.png` });
  });
}

test('crashing a consumer returns its unacked message, marked redelivered', async ({ page }) => {
  await open(page, 'en');
  const goals = page.getByRole('region', { name: 'Queue goals', exact: true });
  await expect(goals).toContainText('ready 0');
  await page.getByRole('button', { name: 'Crash consumer scoreboard', exact: true }).click();
  await expect(page.getByRole('region', { name: 'consumer scoreboard', exact: true })).toHaveCount(0);
  await expect(goals).toContainText('ready 1');
  await expect(goals.getByRole('button', { name: /Son 23/ })).toContainText('↻ redelivered');
  await expect(page.getByRole('region', { name: 'What just happened', exact: true })).toContainText('Channel 2 closed: the client crashed.');
});

test('a steady stream publishes on every tick while playing, and the charts follow', async ({ page }) => {
  await open(page, 'en');
  const stream = form(page, 'Steady stream');
  await field(stream, 'Messages per second').fill('40');
  await stream.getByRole('button', { name: 'Start the stream' }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const allSport = page.getByRole('region', { name: 'Queue all-sport', exact: true });
  await expect(allSport.getByRole('button', { name: /event-\d+/ }).first()).toBeVisible();
  await expect.poll(async () => allSport.getByRole('button', { name: /event-\d+/ }).count()).toBeGreaterThan(5);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('img', { name: /^all-sport: ready now \d+/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^DLQ depth: now 0/ })).toBeVisible();
});

test('testing a route changes nothing and says where the message would go', async ({ page }) => {
  await open(page, 'en');
  const f = form(page, 'Publish');
  await field(f, 'Routing key').fill('news.football.goal');
  await f.getByRole('button', { name: 'Test the route (no publish)' }).click();
  await expect(f.getByRole('status')).toContainText('No binding matches: it reaches no queue.');
  await field(f, 'Routing key').fill('sport.football.goal');
  await f.getByRole('button', { name: 'Test the route (no publish)' }).click();
  await expect(f.getByRole('status')).toContainText('Would reach: all-sport, goals');
  await expect(f.getByRole('status')).toContainText('pattern `sport.*.goal` matched `sport.football.goal`: `*` took `football` → `goals`');
  await expect(page.getByRole('region', { name: 'Queue all-sport', exact: true })).toContainText('ready 1');
});

test('a RabbitMQ lesson goal is reached with the view’s own controls', async ({ page }) => {
  await page.goto('/?lesson=dead-letters&step=1&lang=en');
  await expect(page.locator('body[data-ready="1"]')).toBeAttached();
  await openTools(page);
  const goal = page.getByRole('region', { name: 'Goal' });
  await expect(goal.getByRole('status')).toHaveText('Not reached yet.');
  await expect(page.getByRole('region', { name: 'Queue work', exact: true })).toHaveClass(/highlight/);
  // The stage rings what the step points at (work, its DLX and work.dlq), and nothing else.
  const lit = async (sel: string) => (await page.locator(sel).allTextContents()).map((t) => t.trim()).sort();
  expect(await lit('.stage .r-queue.lit .queue-name')).toEqual(['work', 'work.dlq']);
  expect(await lit('.stage .r-exchange.lit .exchange-name')).toEqual(['work.dlx']);
  const worker = page.getByRole('region', { name: 'consumer worker', exact: true });
  await worker.getByRole('button', { name: 'Delivery tag 1: reject without requeue (to the DLX)' }).click();
  await expect(goal.getByRole('status')).toHaveText('Reached! Go on to the next step.');
  await page.getByRole('region', { name: 'Queue work.dlq', exact: true }).getByRole('button', { name: /photo-13/ }).click();
  await expect(page.getByRole('region', { name: 'Why? (inspector)', exact: true })).toContainText('count: 1, reason: rejected, queue: work');
});
