// End-to-end flows against the release build (dist/), served on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveDist } from './serve.mjs';
import { launch, openPlayground, engineLoaded } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'e2e', 'screenshots');
let server, browser;

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await serveDist(join(root, 'dist'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

function openPage() {
  return openPlayground(browser, server.url);
}

test('the shell renders in Korean and switches to English', async () => {
  const { page, errors } = await openPage();
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.match(await page.textContent('.tagline'), /실습장/);
  await page.screenshot({ path: join(shots, 'shell-ko.png'), fullPage: true });
  await page.click('button[data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('.tagline'), /playground/);
  assert.equal(await page.textContent('#cluster-title'), 'Cluster');
  assert.deepEqual(errors, []);
  await page.close();
});

test('creating a topic with the form shows its partitions and an event', async () => {
  const { page, errors } = await openPage();
  await page.fill('input[name="topic"]', 'orders');
  await page.fill('input[name="partitions"]', '3');
  await page.click('.create-topic button[type="submit"]');
  await page.waitForSelector('article.topic[data-topic="orders"]');
  const rows = await page.$$('article.topic[data-topic="orders"] tbody tr');
  assert.equal(rows.length, 3);
  const events = await page.textContent('.events');
  assert.match(events, /orders/);
  // A second create of the same name is Kafka's TOPIC_ALREADY_EXISTS, shown to the user.
  await page.fill('input[name="topic"]', 'orders');
  await page.click('.create-topic button[type="submit"]');
  await page.waitForSelector('.create-topic .error');
  assert.match(await page.textContent('.create-topic .error'), /already exists/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(shots, 'topic-created.png'), fullPage: true });
  await page.close();
});

test('the terminal runs kafka-topics.sh against the engine', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server my-kafka:9092 --create --topic hello.kafka --partitions 2');
  await input.press('Enter');
  await page.waitForSelector('.scrollback .stdout');
  assert.match(await page.textContent('.scrollback'), /Created topic hello\.kafka\./);
  await input.fill('kafka-topics.sh --bootstrap-server my-kafka:9092 --describe --topic hello.kafka');
  await input.press('Enter');
  await page.waitForFunction(() => document.querySelector('.scrollback').textContent.includes('PartitionCount: 2'));
  await page.waitForSelector('article.topic[data-topic="hello.kafka"]');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(shots, 'terminal-en.png'), fullPage: true });
  await page.close();
});

test('the console producer sends typed lines that appear in the partition strip', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  assert.equal(await page.getAttribute('.profile', 'data-profile'), '4.x');
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic greetings --partitions 1');
  await input.press('Enter');
  await page.waitForSelector('article.topic[data-topic="greetings"]');
  await input.fill('kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings --property parse.key=true --property key.separator=:');
  await input.press('Enter');
  // While the producer reads standard input the prompt is its own.
  await page.waitForSelector('.input-line.tool-input');
  assert.equal((await page.textContent('.input-line .prompt')).trim(), '>');
  for (const line of ['alice:hello', 'bob:안녕하세요']) {
    await input.fill(line);
    await input.press('Enter');
  }
  // linger.ms is the tool's 1000 ms: the records reach the log as the clock runs.
  await page.waitForFunction(
    () => document.querySelector('article.topic[data-topic="greetings"] tr[data-partition="0"] .leo')?.textContent === '2',
    null,
    { timeout: 10_000 },
  );
  // An empty line ends the producer's input.
  await input.fill('');
  await input.press('Enter');
  await page.waitForSelector('.input-line:not(.tool-input)');
  await page.click('article.topic[data-topic="greetings"] tr[data-partition="0"]');
  await page.waitForSelector('.partition-log-panel button[data-offset="1"]');
  assert.match(await page.textContent('.partition-log-panel .cells'), /bob/);
  await page.click('.partition-log-panel button[data-offset="1"]');
  await page.waitForSelector('.inspector-panel .fields');
  assert.match(await page.textContent('.inspector-panel .tp'), /greetings-0 @ 1/);
  assert.match(await page.textContent('.inspector-panel .fields'), /안녕하세요/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(shots, 'console-producer-en.png'), fullPage: true });
  await page.click('button[data-lang="ko"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.screenshot({ path: join(shots, 'console-producer-ko.png'), fullPage: true });
  await page.close();
});

test('the address chooses the 2.5 version profile', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}?profile=2.5`);
  await page.waitForSelector('.profile');
  assert.equal(await page.getAttribute('.profile', 'data-profile'), '2.5');
  assert.match(await page.textContent('.profile .value'), /Kafka 2\.5/);
  await page.close();
});

test('a producer from the panel sends a keyed record and says why it chose the partition', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  await page.fill('input[name="topic"]', 'orders');
  await page.fill('input[name="partitions"]', '3');
  await page.click('.create-topic button[type="submit"]');
  await page.waitForSelector('article.topic[data-topic="orders"]');
  await page.selectOption('.create-producer select[name="acks"]', 'all');
  await page.click('.create-producer button[type="submit"]');
  await page.waitForSelector('article.producer[data-producer="0"]');
  assert.match(await page.textContent('article.producer[data-producer="0"]'), /producer-1/);
  await page.fill('.send-record input[name="topic"]', 'orders');
  await page.fill('.send-record input[name="key"]', 'user-1');
  await page.fill('.send-record input[name="value"]', 'hello');
  await page.click('.send-record button[type="submit"]');
  await page.waitForSelector('table.sent tr.ok', { timeout: 10_000 });
  const row = await page.textContent('table.sent tr.ok');
  // Kafka's partitioner: toPositive(murmur2("user-1")) % 3, shown with its numbers.
  assert.match(row, /orders-\d @ 0/);
  assert.match(row, /murmur2\(key\) = -?\d+, toPositive = \d+, \d+ % 3 = \d/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(shots, 'producer-panel-en.png'), fullPage: true });
  await page.close();
});

test('a console consumer group appears Stable with its partitions, catches up, and empties on Ctrl-C', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  assert.match(await page.textContent('.groups-panel'), /No consumer groups/);
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 2');
  await input.press('Enter');
  await page.waitForSelector('article.topic[data-topic="payments"]');
  await input.fill('kafka-console-producer.sh --bootstrap-server localhost:9092 --topic payments');
  await input.press('Enter');
  await page.waitForSelector('.input-line.tool-input');
  for (const line of ['one', 'two', 'three', 'four']) {
    await input.fill(line);
    await input.press('Enter');
  }
  // The records reach the logs as the clock runs (linger.ms 1000); an empty line ends input.
  await page.waitForFunction(
    () => [...document.querySelectorAll('article.topic[data-topic="payments"] .leo')]
      .reduce((sum, td) => sum + Number(td.textContent), 0) === 4,
    null,
    { timeout: 10_000 },
  );
  await input.fill('');
  await input.press('Enter');
  await page.waitForSelector('.input-line:not(.tool-input)');

  await input.fill('kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic payments --group billing --from-beginning');
  await input.press('Enter');
  const group = 'article.group[data-group="billing"]';
  // group.initial.rebalance.delay.ms (3 s) passes before the first generation.
  await page.waitForSelector(`${group}[data-state="Stable"]`, { timeout: 20_000 });
  assert.equal((await page.textContent(`${group} .generation`)).trim(), '1');
  const members = await page.$$(`${group} li.member`);
  assert.equal(members.length, 1);
  const chips = await page.$$eval(`${group} li.member .chip`, (els) => els.map((e) => e.textContent).sort());
  assert.deepEqual(chips, ['payments-0', 'payments-1']);
  assert.match(await page.textContent(`${group} li.member`), /console-consumer/);
  // Every record is printed, and the auto-commit (auto.commit.interval.ms 5 s) brings lag to 0.
  await page.waitForFunction(
    (sel) => {
      const rows = [...document.querySelectorAll(`${sel} table.lags tbody tr`)];
      return rows.length === 2 && rows.every((r) => r.querySelector('.lag').textContent === '0');
    },
    group,
    { timeout: 20_000 },
  );
  const printed = await page.textContent('.scrollback');
  for (const value of ['one', 'two', 'three', 'four']) assert.match(printed, new RegExp(value));
  const timeline = await page.textContent(`${group} .tl`);
  assert.match(timeline, /join/);
  assert.match(timeline, /sync/);
  assert.match(timeline, /commit/);
  assert.deepEqual(errors, []);
  await page.locator(group).screenshot({ path: join(shots, 'groups-stable-en.png') });
  await page.screenshot({ path: join(shots, 'groups-en.png'), fullPage: true });
  await page.click('button[data-lang="ko"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  assert.match(await page.textContent('#groups-title'), /컨슈머 그룹/);
  await page.locator(group).screenshot({ path: join(shots, 'groups-stable-ko.png') });
  await page.screenshot({ path: join(shots, 'groups-ko.png'), fullPage: true });

  // Ctrl-C closes the consumer: it leaves the group (LeaveGroup), which becomes Empty and keeps
  // its committed offsets.
  // A browser reports Ctrl-C as the key "c" with ctrlKey.
  await input.press('Control+c');
  await page.waitForSelector(`${group}[data-state="Empty"]`, { timeout: 20_000 });
  assert.equal((await page.$$(`${group} li.member`)).length, 0);
  assert.equal((await page.$$(`${group} table.lags tbody tr`)).length, 2);
  assert.match(await page.textContent('.scrollback'), /Processed a total of 4 messages/);
  assert.deepEqual(errors, []);
  await page.locator(group).screenshot({ path: join(shots, 'groups-empty-ko.png') });
  await page.close();
});

test('crashing the leader\'s broker from its column moves the leadership to an in-sync follower', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic failover --partitions 1 --replication-factor 3');
  await input.press('Enter');
  const row = '.replica-grid tr[data-tp="failover-0"]';
  await page.waitForSelector(row);
  const leader = await page.getAttribute(row, 'data-leader');
  assert.notEqual(leader, 'none');
  const epoch = Number(await page.getAttribute(row, 'data-epoch'));
  // Three replicas, one under each broker's column: the leader and two followers in the ISR.
  assert.equal((await page.$$(`${row} td[data-role="leader"]`)).length, 1);
  assert.equal((await page.$$(`${row} td[data-role="in-sync"]`)).length, 2);
  assert.equal(await page.getAttribute(`${row} td[data-role="leader"]`, 'data-broker'), leader);
  assert.equal(await page.getAttribute('.health-item.under-replicated', 'data-count'), '0');

  await page.click(`.broker-card[data-broker="${leader}"] button[aria-label="Crash broker ${leader}"]`);
  // The button typed the playground command into the terminal; the broker's column says so.
  await page.waitForFunction(
    (cmd) => document.querySelector('.scrollback').textContent.includes(cmd),
    `broker crash ${leader}`,
  );
  await page.waitForSelector(`.broker-card[data-broker="${leader}"][data-status="crashed"]`);
  assert.match(await page.textContent(`.broker-card[data-broker="${leader}"] .conditions`), /crashed/);
  // The controller fences the broker once its lease runs out (broker.session.timeout.ms, 9 s of
  // the clock, which runs at real speed) and elects a leader from the rest of the ISR.
  await page.waitForFunction(
    ({ sel, old }) => {
      const now = document.querySelector(sel)?.dataset.leader;
      return now !== undefined && now !== 'none' && now !== old;
    },
    { sel: row, old: leader },
    { timeout: 30_000 },
  );
  const newLeader = await page.getAttribute(row, 'data-leader');
  assert.ok(Number(await page.getAttribute(row, 'data-epoch')) > epoch, 'the leader epoch grows');
  assert.equal(await page.getAttribute(`${row} td[data-role="leader"]`, 'data-broker'), newLeader);
  // The crashed broker keeps its replica, out of the ISR: the partition is under-replicated.
  assert.equal(await page.getAttribute(`${row} td[data-broker="${leader}"]`, 'data-role'), 'out-of-sync');
  assert.match(await page.textContent(`${row} th`), /under-replicated/);
  assert.notEqual(await page.getAttribute('.health-item.under-replicated', 'data-count'), '0');
  assert.equal(
    await page.getAttribute(`article.topic[data-topic="failover"] tr[data-partition="0"]`, 'data-leader'),
    newLeader,
  );
  assert.deepEqual(errors, []);
  await page.locator('.cluster-panel').screenshot({ path: join(shots, 'cluster-crashed-en.png') });

  // Starting it again brings it back running, and its replica into the ISR once it has caught up.
  await page.click(`.broker-card[data-broker="${leader}"] button[aria-label="Start broker ${leader}"]`);
  await page.waitForSelector(`.broker-card[data-broker="${leader}"][data-status="running"]`);
  await page.waitForSelector(`.broker-card[data-broker="${leader}"] button[data-action="crash"]`);
  await page.waitForSelector(`${row} td[data-broker="${leader}"][data-role="in-sync"]`, { timeout: 30_000 });
  assert.equal(await page.getAttribute('.health-item.under-replicated', 'data-count'), '0');
  await page.click('button[data-lang="ko"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.locator('.cluster-panel').screenshot({ path: join(shots, 'cluster-ko.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

/** The time bar's elapsed simulated time, in ms (`T+m:ss.SSS`). */
async function elapsedMs(page) {
  const text = await page.textContent('.time-controls .elapsed time');
  const m = text.match(/^T\+(?:(\d+):)?(\d+):(\d+)\.(\d+)$/);
  assert.ok(m, `elapsed reads ${text}`);
  const [h, min, s, ms] = [m[1] ?? '0', m[2], m[3], m[4]].map(Number);
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

test('time controls pause, step and rewind; a shared link opens the scenario elsewhere', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  const input = page.locator('.terminal-input');
  const create = async (topic) => {
    await input.fill(`kafka-topics.sh --bootstrap-server localhost:9092 --create --topic ${topic} --partitions 1`);
    await input.press('Enter');
    await page.waitForSelector(`article.topic[data-topic="${topic}"]`);
  };
  await create('early');
  const earlyMs = await elapsedMs(page);
  await page.waitForTimeout(1_500);
  await create('late');

  // Paused, the simulated clock stands still; a step moves it to the next moment due.
  await page.click('.time-controls .pause-button');
  await page.waitForSelector('.time-controls.paused .paused-badge');
  const pausedMs = await elapsedMs(page);
  await page.waitForTimeout(1_000);
  assert.equal(await elapsedMs(page), pausedMs, 'the clock stands still while paused');
  const beforeStep = await page.textContent('.time-controls .elapsed time');
  await page.click('.time-controls .step-button');
  await page.waitForFunction((t) => {
    const m = document.querySelector('.time-controls .elapsed time').textContent;
    return m !== t;
  }, beforeStep);
  assert.ok((await elapsedMs(page)) > pausedMs, 'a step moves the clock');
  await page.screenshot({ path: join(shots, 'time-controls-paused-en.png') });

  // The link carries the whole scenario (both topics).
  await page.click('.time-controls .share-button');
  const link = await page.inputValue('.time-controls .share-link');
  assert.ok(link.startsWith(`${server.url}`) && link.includes('#scenario='), link);

  // Rewind to between the two topics: the page reloads paused, with only the first.
  const target = earlyMs + 700;
  await page.$eval('.rewind-slider', (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, target);
  page.once('dialog', (d) => d.accept());
  const reloaded = page.waitForEvent('load');
  await page.click('.time-controls .rewind-button');
  await reloaded;
  await page.waitForSelector('.time-controls.paused');
  await page.waitForSelector('article.topic[data-topic="early"]');
  assert.equal(await page.$('article.topic[data-topic="late"]'), null, 'the later input is gone');
  const rewoundMs = await elapsedMs(page);
  assert.ok(Math.abs(rewoundMs - target) <= 100, `rewound to ${rewoundMs}, asked ${target}`);
  assert.deepEqual(errors, []);
  await page.close();

  // Another browser opens the link: asked first, it gets a new playground with both topics.
  const other = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const otherErrors = [];
  other.on('pageerror', (e) => otherErrors.push(e.message));
  other.once('dialog', (d) => d.accept());
  await other.goto(link);
  await other.waitForSelector('article.topic[data-topic="late"]');
  await other.waitForSelector('article.topic[data-topic="early"]');
  assert.ok(!(await other.evaluate(() => location.hash)).includes('scenario'), 'the fragment is removed');
  assert.deepEqual(otherErrors, []);
  await other.close();
});

test('a second tab opens the playground read-only, takes it over, and a reload checks the stored segments', async () => {
  // One browser context: both tabs share the origin's IndexedDB and Web Locks.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  const open = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForSelector('.app-header');
    await engineLoaded(page);
    return page;
  };
  const owner = await open();
  await owner.click('button[data-lang="en"]');
  await owner.fill('input[name="topic"]', 'handover');
  await owner.fill('input[name="partitions"]', '2');
  await owner.click('.create-topic button[type="submit"]');
  await owner.waitForSelector('article.topic[data-topic="handover"]');
  // The durability line: after a flush nothing of the journal is in memory only.
  await owner.waitForFunction(
    () => /, 0 journal inputs · on disk \(IndexedDB\): [1-9]\d* files/.test(document.querySelector('.durability')?.textContent ?? ''),
    null,
    { timeout: 10_000 },
  );

  const second = await open();
  await second.waitForSelector('.read-only-banner[data-read-only="OtherTab"]');
  await second.waitForSelector('article.topic[data-topic="handover"]');
  const clock = await second.textContent('.clock time');
  const input = second.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --list');
  await input.press('Enter');
  await second.waitForSelector('.scrollback .stderr');
  assert.match(await second.textContent('.scrollback .stderr'), /read-only|읽기 전용/);
  await second.waitForTimeout(600);
  assert.equal(await second.textContent('.clock time'), clock, 'the read-only clock stands still');
  // The clock is not this tab's: its time controls are disabled, sharing is not.
  for (const control of ['.pause-button', '.step-button', '.speed-select', '.rewind-slider', '.rewind-button']) {
    assert.ok(await second.locator(`.time-controls ${control}`).isDisabled(), `${control} is disabled when read-only`);
  }
  assert.ok(await second.locator('.time-controls .share-button').isEnabled());
  await second.screenshot({ path: join(shots, 'read-only-tab.png'), fullPage: true });

  // Take over: the owner flushes, releases its lock and turns read-only; the second tab
  // reloads as the owner and finds the playground with the stored segments checked.
  await second.click('.take-over-button');
  await owner.waitForSelector('.read-only-banner[data-read-only="HandedOver"]');
  await second.waitForSelector('article.topic[data-topic="handover"]');
  await second.waitForFunction(() => !document.querySelector('.read-only-banner'), null, { timeout: 10_000 });
  await second.waitForSelector('.durability');
  const notes = await second.textContent('.save-notes');
  assert.match(notes, /(Stored segments checked|저장된 segment 검사).*(all valid|이상 없음)/);
  await owner.screenshot({ path: join(shots, 'handed-over-tab.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a producer sends at a rate from the panel; a frozen consumer drops out of its group after the session timeout and rejoins when thawed', async () => {
  const { page, errors } = await openPage();
  await page.click('button[data-lang="en"]');
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4');
  await input.press('Enter');
  await page.waitForSelector('article.topic[data-topic="orders"]');
  // The producers panel's rate form types `producer start` into the terminal.
  await page.fill('.rate-producer input[name="rate-topic"]', 'orders');
  await page.fill('.rate-producer input[name="rate"]', '20');
  await page.fill('.rate-producer input[name="keys"]', '4');
  await page.selectOption('.rate-producer select[name="rate-acks"]', 'all');
  await page.click('.rate-producer button[type="submit"]');
  await page.waitForSelector('.producer-jobs tr[data-job="1"]');
  assert.match(await page.textContent('.scrollback'), /producer start orders --rate 20 --keys key-:4 acks=all/);
  // The groups panel's form types `consumer start`.
  for (const job of ['2', '3']) {
    await page.fill('.start-consumer input[name="consumer-group"]', 'billing');
    await page.fill('.start-consumer input[name="consumer-topics"]', 'orders');
    await page.click('.start-consumer button[type="submit"]');
    await page.waitForSelector(`.consumer-jobs tr[data-job="${job}"]`);
  }
  assert.match(await page.textContent('.scrollback'), /consumer start billing orders/);
  // ×10: session.timeout.ms (45 s of the simulated clock) passes in a few seconds.
  await page.selectOption('.time-controls .speed-select', '10000');
  const group = 'article.group[data-group="billing"]';
  const members = (n) => page.waitForFunction(
    ({ sel, n }) => {
      const g = document.querySelector(sel);
      return g?.dataset.state === 'Stable' && g.querySelectorAll('li.member').length === n;
    },
    { sel: group, n },
    { timeout: 30_000 },
  );
  await members(2);
  await page.click('.consumer-jobs tr[data-job="3"] button.freeze');
  await page.waitForSelector('.consumer-jobs tr[data-job="3"][data-frozen="true"] .frozen-badge');
  await members(1);
  await page.locator('.groups-panel').screenshot({ path: join(shots, 'consumer-frozen-en.png') });
  await page.click('.consumer-jobs tr[data-job="3"] button.thaw');
  await page.waitForSelector('.consumer-jobs tr[data-job="3"][data-frozen="false"]');
  await members(2);
  assert.match(await page.textContent('.scrollback'), /consumer freeze 3[\s\S]*consumer thaw 3/);
  assert.ok(Number(await page.textContent('.producer-jobs tr[data-job="1"] .sent-count')) > 0);
  await page.click('.producer-jobs tr[data-job="1"] button.stop');
  await page.waitForFunction(() => !document.querySelector('.producer-jobs tr[data-job="1"]'));
  assert.deepEqual(errors, []);
  await page.close();
});
