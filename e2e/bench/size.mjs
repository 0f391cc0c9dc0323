// First-load size of the release build: what a browser downloads before it renders the
// playground (the page's main wasm and its JS, gzip-compressed as a server would send them),
// against the 500 KB target of the UI issue. The wasm chunks fetched after it (the engine's
// behaviour, `split_*.wasm`, needed before the clock runs or an input is taken, and before a
// stored playground replays) are reported apart, and so is the sum: everything until the
// engine is ready. It reports, never asserts. `scripts/test.sh` runs it
// after the release build; `npm run -s bench:size` runs it by hand (after
// `scripts/build_split.sh`, or `trunk build --release` for the build without the split).
//
// With the main module's name section beside it (scripts/build_split.sh keeps
// target/lazy-engine/kplay.split-main.wasm; trunk leaves
// target/wasm32-unknown-unknown/release/kplay.wasm), it also splits the code by Rust module
// path, so the next size fix starts from a measurement. That split is of the code before
// wasm-opt; wasm-opt shrinks it by about a fifth, evenly enough for the shares to hold.
//
// Writes e2e/bench/results/size.json.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const rawWasm = [
  join(targetDir, 'lazy-engine', 'kplay.split-main.wasm'),
  join(targetDir, 'wasm32-unknown-unknown', 'release', 'kplay.wasm'),
].find((path) => existsSync(path));
const TARGET_GZIP_BYTES = 500 * 1000;
const GZIP_LEVEL = 9;

const gzipBytes = (bytes) => gzipSync(bytes, { level: GZIP_LEVEL }).length;

function firstLoadFiles() {
  if (!existsSync(dist)) throw new Error('no dist/: run `scripts/build_split.sh` first');
  // The page loads its JS modules and the main wasm they instantiate; chunks come after the
  // first render; the stylesheet is reported apart.
  return readdirSync(dist)
    .filter((name) => /\.(wasm|js|css)$/.test(name))
    .map((name) => {
      const bytes = readFileSync(join(dist, name));
      const kind = /^split_.*\.wasm$/.test(name) ? 'chunk' : name.split('.').pop();
      return { name, kind, bytes: bytes.length, gzip: gzipBytes(bytes) };
    });
}

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** The sections of a wasm module: id, custom name, start and end of the payload. */
function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, start] = leb(bytes, at);
    let name = null;
    let payload = start;
    if (id === 0) {
      const [len, nameAt] = leb(bytes, start);
      name = new TextDecoder().decode(bytes.subarray(nameAt, nameAt + len));
      payload = nameAt + len;
    }
    out.push({ id, name, start: payload, end: start + size });
    at = start + size;
  }
  return out;
}

/** Rust's legacy mangling (`_ZN5kplay6engine...17h<hash>E`) to its path, hash dropped. */
function demangle(symbol) {
  if (!symbol.startsWith('_ZN')) return symbol;
  const parts = [];
  let at = 3;
  while (at < symbol.length && /\d/.test(symbol[at])) {
    const digits = /^\d+/.exec(symbol.slice(at))[0];
    at += digits.length;
    parts.push(symbol.slice(at, at + Number(digits)));
    at += Number(digits);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$RF\$/g, '&')
    .replace(/\.\./g, '::')
    .replace(/^_</, '<');
}

/** Which part of the program a function belongs to, by its path: `kplay::engine::group`, `core::slice`, ... */
function bucket(path) {
  const inner = path.replace(/^<+/, '');
  const segments = inner.split(/::|[ <>,]/).filter(Boolean);
  if (segments[0] === 'kplay') return segments.slice(0, 3).join('::');
  return segments.slice(0, 2).join('::') || '(unnamed)';
}

function breakdown(bytes) {
  const secs = sections(bytes);
  const importSec = secs.find((s) => s.id === 2);
  let functionImports = 0;
  if (importSec) {
    let [count, at] = leb(bytes, importSec.start);
    for (let i = 0; i < count; i++) {
      let len;
      [len, at] = leb(bytes, at);
      at += len;
      [len, at] = leb(bytes, at);
      at += len;
      const kind = bytes[at++];
      if (kind === 0) {
        [, at] = leb(bytes, at);
        functionImports++;
      } else if (kind === 1) {
        at += 1;
        const [flags, next] = leb(bytes, at);
        [, at] = leb(bytes, next);
        if (flags & 1) [, at] = leb(bytes, at);
      } else if (kind === 2) {
        const [flags, next] = leb(bytes, at);
        [, at] = leb(bytes, next);
        if (flags & 1) [, at] = leb(bytes, at);
      } else {
        at += 2;
      }
    }
  }
  const names = new Map();
  const nameSec = secs.find((s) => s.name === 'name');
  if (nameSec) {
    let at = nameSec.start;
    while (at < nameSec.end) {
      const sub = bytes[at++];
      const [size, start] = leb(bytes, at);
      if (sub === 1) {
        let [count, p] = leb(bytes, start);
        for (let i = 0; i < count; i++) {
          let index;
          let len;
          [index, p] = leb(bytes, p);
          [len, p] = leb(bytes, p);
          names.set(index, new TextDecoder().decode(bytes.subarray(p, p + len)));
          p += len;
        }
      }
      at = start + size;
    }
  }
  const code = secs.find((s) => s.id === 10);
  const groups = new Map();
  let [count, at] = leb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, body] = leb(bytes, at);
    const key = bucket(demangle(names.get(functionImports + i) ?? '(unnamed)'));
    const group = groups.get(key) ?? { functions: 0, bodies: [] };
    group.functions++;
    group.bodies.push(bytes.subarray(body, body + size));
    groups.set(key, group);
    at = body + size;
  }
  const data = secs.filter((s) => s.id === 11).map((s) => bytes.subarray(s.start, s.end));
  const rows = [...groups].map(([path, g]) => {
    const joined = Buffer.concat(g.bodies);
    return { path, functions: g.functions, bytes: joined.length, gzip: gzipBytes(joined) };
  });
  const dataBytes = Buffer.concat(data);
  rows.push({ path: '(data: strings and tables)', functions: 0, bytes: dataBytes.length, gzip: gzipBytes(dataBytes) });
  rows.sort((a, b) => b.gzip - a.gzip);
  return rows;
}

const files = firstLoadFiles();
const firstLoad = files.filter((f) => f.kind === 'wasm' || f.kind === 'js');
const firstLoadGzip = firstLoad.reduce((sum, f) => sum + f.gzip, 0);
const chunksGzip = files.filter((f) => f.kind === 'chunk').reduce((sum, f) => sum + f.gzip, 0);
const report = {
  measured_at: new Date().toISOString(),
  gzip_level: GZIP_LEVEL,
  target_gzip_bytes: TARGET_GZIP_BYTES,
  first_load_gzip_bytes: firstLoadGzip,
  chunks_after_first_render_gzip_bytes: chunksGzip,
  until_engine_ready_gzip_bytes: firstLoadGzip + chunksGzip,
  files,
  breakdown_of: rawWasm ?? null,
  breakdown_before_wasm_opt: rawWasm ? breakdown(readFileSync(rawWasm)).slice(0, 40) : null,
};

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
for (const f of files) console.log(`${f.name.padEnd(36)} ${kb(f.bytes).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
console.log(
  `first load (main wasm + JS): ${kb(firstLoadGzip)} gzip, target ${kb(TARGET_GZIP_BYTES)}: ` +
    (firstLoadGzip <= TARGET_GZIP_BYTES ? 'within' : `${kb(firstLoadGzip - TARGET_GZIP_BYTES)} over`),
);
if (chunksGzip > 0) {
  console.log(`fetched after the first render (chunks): ${kb(chunksGzip)} gzip`);
  console.log(`until the engine is ready (first load + chunks): ${kb(firstLoadGzip + chunksGzip)} gzip`);
}
if (report.breakdown_before_wasm_opt) {
  console.log(`largest parts of ${rawWasm.replace(root + '/', '')} before wasm-opt (gzip of each part alone):`);
  for (const row of report.breakdown_before_wasm_opt.slice(0, 15)) {
    console.log(`  ${kb(row.gzip).padStart(9)}  ${String(row.functions).padStart(5)} fns  ${row.path}`);
  }
}
const results = join(root, 'e2e', 'bench', 'results');
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'size.json'), JSON.stringify(report, null, 2) + '\n');
