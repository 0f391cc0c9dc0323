// Load timing of a release build: navigation to the terminal, and to a kafka-topics.sh answer
// typed as soon as the terminal shows (with the split build that includes the engine chunk's
// fetch). Served gzip-compressed, as a host would, over a throttled link (Chromium's network
// emulation: MBIT megabit/s down, 150 ms latency) or none (MBIT=0). Reports, never asserts.
// Usage: [MBIT=10] node e2e/bench/split_load.mjs DIST [RUNS]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch } from '../browser.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 5);
const mbit = Number(process.env.MBIT ?? 10);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const gzipped = new Map();
const http = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const file = join(dist, path === '/' ? 'index.html' : path);
  try {
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }));
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip' });
    res.end(gzipped.get(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => http.listen(0, '127.0.0.1', r));
const server = { url: `http://127.0.0.1:${http.address().port}/`, close: () => http.close() };
const browser = await launch();
const header = [];
const tool = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (mbit > 0) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (mbit * 1e6) / 8,
        uploadThroughput: (mbit * 1e6) / 8,
      });
    }
    const t0 = Date.now();
    await page.goto(server.url);
    await page.waitForSelector('.terminal-input');
    header.push(Date.now() - t0);
    const input = page.locator('.terminal-input');
    for (;;) {
      await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3');
      await input.press('Enter');
      await page.waitForFunction(() => /Created topic t\.|still loading|아직 불러오는/.test(document.querySelector('.scrollback')?.textContent ?? ''));
      if ((await page.textContent('.scrollback')).includes('Created topic t.')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    tool.push(Date.now() - t0);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${dist} at ${mbit || 'unthrottled'} Mbit/s: terminal shown ${median(header)} ms, first tool answer ${median(tool)} ms (median of ${runs}; ${header.join(',')} / ${tool.join(',')})`);
