// End-to-end flows against the release build (dist/), served on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveDist } from './serve.mjs';
import { launch } from './browser.mjs';

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

async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.waitForSelector('.app-header');
  return { page, errors };
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
