#!/usr/bin/env node
// The browser preview: builds dist/preview/ (webpack --env preview) when the sources are newer than
// the last build, then serves it over plain http on 127.0.0.1, with the fixture and sample workbooks.
//
//   npm run preview                       build if needed, serve on PORT (default 3100)
//   node scripts/preview.mjs --build      build only (always)
//   node scripts/preview.mjs --ensure     build only if stale (the end-to-end tests use it)
//   node scripts/preview.mjs --no-build   serve what dist/preview/ holds
//   PREVIEW_MODE=production npm run preview   minified build (slower to build)
//
// Routes: /preview.html (the page), /review.html (审核台), /files.json (sample list), /fixtures/* (test/fixtures/xlsx),
// /samples/* (samples). Everything else is a 404: the page needs nothing from any other origin.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { TYPES } from './serve-static.mjs';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PREVIEW_DIR = join(ROOT, 'dist', 'preview');
const STAMP = join(PREVIEW_DIR, 'build-info.json');
/** What the bundle is built from: any of these newer than the last build makes it stale. */
const INPUTS = ['src', 'webpack.config.js', 'tsconfig.json', 'package.json', 'package-lock.json'];

function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why dist/preview/ must be rebuilt, or null when it is up to date. */
export function previewStaleReason() {
  if (!['preview.html', 'preview.js', 'review.html', 'review.js'].every((f) => existsSync(join(PREVIEW_DIR, f)))) return 'dist/preview 不存在';
  if (!existsSync(STAMP)) return 'dist/preview 没有构建记录';
  const built = statSync(STAMP).mtimeMs;
  for (const input of INPUTS) {
    if (newestMtime(join(ROOT, input)) > built) return `${input} 在上次构建之后有改动`;
  }
  return null;
}

/** Runs webpack for the preview only; throws with a Chinese message on failure. */
export function buildPreview(mode = process.env.PREVIEW_MODE === 'production' ? 'production' : 'development') {
  const t0 = Date.now();
  const cli = join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const r = spawnSync(process.execPath, [cli, '--mode', mode, '--env', 'preview'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`预览构建失败（webpack 退出码 ${r.status ?? r.signal}），见上面的 webpack 输出`);
  writeFileSync(STAMP, JSON.stringify({ mode, builtAt: new Date().toISOString() }, null, 2));
  return Date.now() - t0;
}

/** Builds unless dist/preview/ is up to date; returns what it did. */
export function ensurePreviewBuild(mode) {
  const reason = previewStaleReason();
  if (!reason) return { built: false, reason: null, ms: 0 };
  return { built: true, reason, ms: buildPreview(mode) };
}

async function listXlsx(dir) {
  try {
    return (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.xlsx')).sort();
  } catch {
    return [];
  }
}

/**
 * Serves the preview. Resolves with { url, port, close }. Port 0 picks a free port.
 * Only GET/HEAD, only files under the three roots, only on 127.0.0.1.
 */
export function startPreviewServer({ port = 3100, host = '127.0.0.1' } = {}) {
  const mounts = [
    { prefix: '/fixtures/', dir: join(ROOT, 'test', 'fixtures', 'xlsx') },
    { prefix: '/samples/', dir: join(ROOT, 'samples') },
    { prefix: '/', dir: PREVIEW_DIR },
  ];
  const server = createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (path === '/') {
      res.writeHead(302, { Location: '/preview.html' }).end();
      return;
    }
    if (path === '/files.json') {
      const body = JSON.stringify({ samples: await listXlsx(mounts[1].dir), fixtures: await listXlsx(mounts[0].dir) });
      return send(200, body, TYPES['.json']);
    }
    const mount = mounts.find((m) => path.startsWith(m.prefix));
    const root = resolve(mount.dir);
    const file = normalize(join(root, path.slice(mount.prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden');
    try {
      const st = await stat(file);
      if (!st.isFile()) return send(404, 'not found');
      send(200, await readFile(file), TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const actual = server.address().port;
      ok({
        url: `http://${host}:${actual}/preview.html`,
        origin: `http://${host}:${actual}`,
        port: actual,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

async function main(argv) {
  const buildOnly = argv.includes('--build');
  const noBuild = argv.includes('--no-build');
  if (argv.includes('--ensure')) {
    const r = ensurePreviewBuild();
    console.log(r.built ? `预览已重新构建（${r.reason}，用时 ${(r.ms / 1000).toFixed(1)} 秒）` : '预览构建是最新的');
    return;
  }
  if (buildOnly) {
    const ms = buildPreview();
    console.log(`预览已构建到 ${PREVIEW_DIR}（${(ms / 1000).toFixed(1)} 秒）`);
    return;
  }
  if (!noBuild) {
    const r = ensurePreviewBuild();
    if (r.built) console.log(`预览已重新构建（${r.reason}，用时 ${(r.ms / 1000).toFixed(1)} 秒）`);
    else console.log('预览构建是最新的，直接启动（强制重建：node scripts/preview.mjs --build）');
  } else if (previewStaleReason()?.includes('不存在')) {
    throw new Error('dist/preview 不存在：先运行 node scripts/preview.mjs --build');
  }
  const port = Number(process.env.PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 无效：${process.env.PORT}`);
  let server;
  try {
    server = await startPreviewServer({ port });
  } catch (e) {
    if (e && e.code === 'EADDRINUSE') throw new Error(`端口 ${port} 已被占用：用 PORT=3101 npm run preview 换一个端口`);
    throw e;
  }
  console.log(`绩效自评校核 · 浏览器预览：${server.url}`);
  console.log(`  打开示例：${server.url}?workbook=samples/zhuzhou-2024.xlsx`);
  console.log(`  审核台（一次审核多个单位的自评表）：${server.origin}/review.html`);
  console.log('  按 Ctrl+C 停止');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`预览未能启动：${e && e.message ? e.message : e}`);
    process.exit(1);
  });
}
