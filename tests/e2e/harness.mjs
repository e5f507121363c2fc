// Shared end-to-end harness: serves dist/ on a free localhost port and starts Debian's Chromium.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../dist');
export const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ (or another build directory `root`) under `base` (e.g. "/" or "/kariz/") on
 * 127.0.0.1; resolves to { url, close }.
 */
export async function serveDist(base = '/', root = ROOT) {
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // Closing also drops kept-alive connections, so "the server is stopped" really is.
  const close = () =>
    new Promise((ok) => {
      server.close(ok);
      for (const socket of sockets) socket.destroy();
    });
  return { url: `http://127.0.0.1:${port}${base}`, close };
}

/** Launches headless Chromium as root-safe as this machine needs. */
export async function launch() {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects console errors and page errors of a page, to assert none happened. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

/** Text of a KPI card's value. */
export async function kpi(page, id) {
  return (await page.getByTestId(`kpi-${id}`).textContent()).trim();
}

/**
 * Registers before/after hooks that serve dist/ and start Chromium for a test file; the returned
 * object's `url` and `browser` are filled in once the hooks have run.
 */
export function useApp(base = '/') {
  const app = { url: '', browser: null };
  let server;
  before(async () => {
    server = await serveDist(base);
    app.url = server.url;
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await server?.close();
  });
  return app;
}

/** Rewrites the stored dataset as if a newer Kariz (schema 99) had saved it; returns the text. */
export function storeNewerSchema(page) {
  return page.evaluate(() => {
    const ds = JSON.parse(localStorage.getItem('kariz.dataset'));
    ds.schema_version = 99;
    const text = JSON.stringify(ds);
    localStorage.setItem('kariz.dataset', text);
    return text;
  });
}
