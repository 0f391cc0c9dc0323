// The split build (scripts/build_split.sh): a new playground renders from the main module
// while the engine's chunk (its behaviour and Kafka's tools) is still on its way, refuses
// inputs until it arrives, then runs kafka-topics.sh from the terminal and replays that line
// from its journal after a reload; a chunk that cannot be fetched never breaks the page or a
// stored playground. Usage: node e2e/split.mjs [distDir]
import assert from 'node:assert/strict';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist } from './serve.mjs';
import { launch, openPlayground } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const server = await serveDist(dist);
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  const fetched = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('requestfinished', (r) => fetched.push({ url: r.url().replace(server.url, '/'), at: Date.now() }));
  const t0 = Date.now();
  await page.goto(server.url);
  await page.waitForSelector('.app-header');
  const headerMs = Date.now() - t0;
  await page.waitForSelector('.engine-loading', { state: 'detached', timeout: 20000 });
  await page.click('button[data-lang="en"]');
  const input = page.locator('.terminal-input');
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3');
  await input.press('Enter');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.textContent.includes('Created topic t.'), null, { timeout: 20000 });
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic t');
  await input.press('Enter');
  await page.waitForFunction(() => document.querySelector('.scrollback').textContent.includes('PartitionCount: 3'));
  const first = await page.textContent('.scrollback');
  const chunk = fetched.find((f) => f.url.includes('split_engine'));
  console.log(`header after ${headerMs} ms; chunk fetched ${chunk ? chunk.at - t0 + ' ms after navigation' : 'NOT'}`);
  console.log('files fetched:', fetched.map((f) => f.url).join(', '));
  console.log('scrollback:\n' + first.slice(0, 600));
  // Reload: the journal replays the two tool lines at boot (the chunk first).
  await new Promise((r) => setTimeout(r, 1500));
  await page.reload();
  await page.waitForSelector('.app-header');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.textContent.includes('PartitionCount: 3'), null, { timeout: 20000 });
  const replayed = await page.textContent('.scrollback');
  assert.match(replayed, /Created topic t\./);
  assert.doesNotMatch(replayed, /still loading/);
  await page.waitForSelector('article.topic[data-topic="t"]');
  assert.deepEqual(errors, []);
  console.log('replayed after reload: ok; errors: none');

  // A slow chunk: the new playground renders from the main module (brokers, panels, the
  // terminal) before the chunk arrives; its clock stands still and its inputs are refused,
  // unjournaled, until then; a reload of a stored playground waits for the chunk to replay.
  const slow = await browser.newContext();
  let chunkServedAt = null;
  await slow.route('**/split_engine.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    chunkServedAt = Date.now();
    await route.continue();
  });
  const p2 = await slow.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors2 = [];
  p2.on('pageerror', (e) => errors2.push(e.message));
  p2.on('console', (m) => m.type() === 'error' && errors2.push(m.text()));
  await p2.goto(server.url);
  await p2.waitForSelector('.broker-columns');
  await p2.screenshot({ path: join(root, 'e2e', 'screenshots', 'engine-loading-ko.png') });
  await p2.click('button[data-lang="en"]');
  assert.equal(chunkServedAt, null, 'the playground rendered before the chunk was served');
  assert.match(await p2.textContent('.terminal-panel .engine-loading'), /Loading the broker engine/);
  assert.match(await p2.textContent('.time-controls .engine-loading-badge'), /Loading the engine/);
  const elapsedBefore = await p2.textContent('.time-controls .elapsed .value');
  const in2 = p2.locator('.terminal-input');
  await in2.fill('kafka-topics.sh --bootstrap-server localhost:9092 --list');
  await in2.press('Enter');
  await p2.waitForFunction(() => document.querySelector('.scrollback')?.textContent.includes('still loading'));
  await p2.fill('input[name="topic"]', 'early');
  await p2.click('form.create-topic button[type="submit"]');
  await p2.waitForFunction(() => /still loading/.test(document.querySelector('form.create-topic')?.textContent ?? ''));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await p2.textContent('.time-controls .elapsed .value'), elapsedBefore, 'the clock stands still');
  await p2.screenshot({ path: join(root, 'e2e', 'screenshots', 'engine-loading-en.png') });
  console.log('slow chunk, before it arrives:', (await p2.textContent('.scrollback')).slice(0, 200));
  await p2.waitForSelector('.engine-loading', { state: 'detached', timeout: 10000 });
  assert.notEqual(chunkServedAt, null);
  await p2.waitForFunction((before) => document.querySelector('.time-controls .elapsed .value')?.textContent !== before, elapsedBefore);
  assert.equal(await p2.locator('article.topic[data-topic="early"]').count(), 0, 'a refused input never reached the engine');
  await in2.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic late --partitions 2');
  await in2.press('Enter');
  await p2.waitForFunction(() => document.querySelector('.scrollback').textContent.includes('Created topic late.'));
  await new Promise((r) => setTimeout(r, 2500));
  const t1 = Date.now();
  await p2.reload();
  await p2.waitForSelector('.app-header', { timeout: 20000 });
  await p2.waitForFunction(() => document.querySelector('.scrollback')?.textContent.includes('Created topic late.'), null, { timeout: 20000 });
  const after = await p2.textContent('.scrollback');
  console.log(`slow chunk, after reload: replayed in ${Date.now() - t1} ms; refused line journaled: ${/--list/.test(after)}`);
  assert.ok(Date.now() - t1 >= 3000, 'the replay waited for the chunk');
  assert.doesNotMatch(after, /--list|still loading/);
  assert.deepEqual(errors2, []);

  // A failed chunk fetch: no panic (which would abort the page); inputs are refused, the page
  // fetches again every few seconds, so once the network is back a later line runs.
  const failing = await browser.newContext();
  let blocked = true;
  await failing.route('**/split_engine.wasm', (route) => (blocked ? route.abort() : route.continue()));
  const p3 = await failing.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors3 = [];
  p3.on('pageerror', (e) => errors3.push(e.message));
  await p3.goto(server.url);
  await p3.waitForSelector('.app-header');
  await p3.click('button[data-lang="en"]');
  // The page's three fetches fail: the time bar and the terminal say so, not "loading".
  await p3.waitForFunction(() => /could not be loaded/.test(document.querySelector('.engine-loading')?.textContent ?? ''), null, { timeout: 15000 });
  assert.match(await p3.textContent('.time-controls .engine-loading-badge.failed'), /Engine not loaded/);
  await p3.screenshot({ path: join(root, 'e2e', 'screenshots', 'engine-failed-en.png') });
  const in3 = p3.locator('.terminal-input');
  await new Promise((r) => setTimeout(r, 500));
  await in3.fill('kafka-topics.sh --bootstrap-server localhost:9092 --list');
  await in3.press('Enter');
  await p3.waitForFunction(() => document.querySelector('.scrollback')?.textContent.includes('still loading'));
  blocked = false;
  await in3.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic back --partitions 1');
  await in3.press('Enter');
  await p3.waitForSelector('.engine-loading', { state: 'detached', timeout: 15000 });
  await in3.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic again --partitions 1');
  await in3.press('Enter');
  await p3.waitForFunction(() => document.querySelector('.scrollback').textContent.includes('Created topic again.'));
  assert.deepEqual(errors3, []);
  console.log('failed chunk fetch: refused without a panic, loaded on a later line');

  // A reload that cannot fetch the chunk for a stored playground: rather than show it
  // half-restored (or save over it), the page opens an empty one that saves nothing and says
  // why; once the chunk is reachable, the stored playground is back, whole.
  await new Promise((r) => setTimeout(r, 2500));
  blocked = true;
  await p3.reload();
  await p3.waitForFunction(() => /could not be loaded|불러오지 못했습니다/.test(document.body.textContent), null, { timeout: 20000 });
  assert.equal(await p3.locator('article.topic[data-topic="again"]').count(), 0, 'nothing replayed without the engine');
  await p3.screenshot({ path: join(root, 'e2e', 'screenshots', 'engine-unavailable.png') });
  blocked = false;
  await p3.reload();
  await p3.waitForSelector('article.topic[data-topic="again"]', { timeout: 20000 });
  assert.doesNotMatch(await p3.textContent('.scrollback'), /still loading/);
  console.log('boot without the chunk: nothing of the stored playground replayed or overwritten; back after a reload');
} finally {
  await browser.close();
  server.close();
}
