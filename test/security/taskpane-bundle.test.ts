// The built task pane as Excel loads it (dist/*.html and the JavaScript they run): a strict
// Content-Security-Policy, no network API anywhere in the emitted JavaScript, no telemetry, and no
// absolute URL that is not accounted for. `npm test` builds dist/ before vitest; a checkout without
// a build gets one here.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const OFFICE_CDN = 'https://appsforoffice.microsoft.com';
const OFFICE_JS = `${OFFICE_CDN}/lib/1/hosted/office.js`;
/** Pages the manifest opens that run our bundle. */
const SCRIPT_PAGES = ['taskpane.html', 'commands.html'];

beforeAll(() => {
  if (!existsSync(path.join(DIST, 'taskpane.html'))) {
    execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'ignore', timeout: 280_000 });
  }
}, 300_000);

const read = (file: string) => readFileSync(path.join(DIST, file), 'utf8');

/** Every .js the add-in's pages can run: the top level of dist/ (not dist/node, dist/preview). */
function bundles(): { file: string; text: string }[] {
  return readdirSync(DIST, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.js'))
    .map((d) => ({ file: d.name, text: read(d.name) }));
}

function csp(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content=(?:"([^"]*)"|'([^']*)')/gi)];
  expect(metas, 'exactly one CSP meta').toHaveLength(1);
  const text = metas[0]![1] ?? metas[0]![2]!;
  const out = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('Content-Security-Policy of the built pages', () => {
  it.each(SCRIPT_PAGES)('%s: scripts only from self and the Office CDN, connections only to self', (page) => {
    const html = read(page);
    const policy = csp(html);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    const scriptSrc = policy.get('script-src')!;
    expect(scriptSrc.length).toBeGreaterThan(0);
    for (const s of scriptSrc) expect(["'self'", OFFICE_CDN]).toContain(s);
    // No other connect target: 'self' (office.js needs its own origin) or nothing.
    for (const s of policy.get('connect-src') ?? ["'none'"]) expect(["'self'", "'none'"]).toContain(s);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    for (const directive of ['frame-src', 'child-src', 'worker-src', 'img-src', 'font-src', 'media-src', 'manifest-src']) {
      for (const s of policy.get(directive) ?? []) expect(["'self'", "'none'", 'data:']).toContain(s);
    }

    // The page itself keeps to its policy: no inline script, every script from here or office.js.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      const src = /\bsrc=["']?([^"'\s>]+)/.exec(attrs!)?.[1];
      expect(src).toBeDefined();
      if (/^[a-z]+:/i.test(src!) || src!.startsWith('//')) expect(src).toBe(OFFICE_JS);
      else expect(existsSync(path.join(DIST, src!)), `${src} is in dist/`).toBe(true);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers either
  });

  it('review.html (审核台): scripts and workers only from self, no connection beyond self, no office.js', () => {
    const html = read('review.html');
    const policy = csp(html);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    for (const s of policy.get('connect-src') ?? ["'none'"]) expect(["'self'", "'none'"]).toContain(s);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    // Web Workers fall back to script-src 'self' (no worker-src, or one no wider).
    for (const s of policy.get('worker-src') ?? []) expect(["'self'"]).toContain(s);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(1);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim(), 'inline script').toBe('');
      const src = /\bsrc=["']?([^"'\s>]+)/.exec(attrs!)?.[1];
      expect(src, 'a script from this origin').toMatch(/^[\w.-]+\.js$/);
      expect(existsSync(path.join(DIST, src!))).toBe(true);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toContain('office.js');
    // The worker is its own file in dist/ (scanned below with every other bundle).
    expect(readdirSync(DIST).some((f) => /^review-worker\.[0-9a-f]+\.js$/.test(f))).toBe(true);
  });

  it('support.html runs no script at all', () => {
    expect(csp(read('support.html')).get('script-src')).toEqual(["'none'"]);
    expect(read('support.html')).not.toMatch(/<script/i);
  });
});

// ---- the emitted JavaScript --------------------------------------------------------------------------

/** Ways JavaScript talks to the network (or loads code that could). */
const NETWORK_APIS: { name: string; pattern: RegExp }[] = [
  { name: 'fetch', pattern: /(?<![\w$.])fetch\s*\(|\.fetch\s*\(|["'`]fetch["'`]/g },
  { name: 'XMLHttpRequest', pattern: /XMLHttpRequest/g },
  { name: 'WebSocket', pattern: /WebSocket/g },
  { name: 'sendBeacon', pattern: /sendBeacon/g },
  { name: 'EventSource', pattern: /EventSource/g },
  { name: 'WebTransport', pattern: /WebTransport/g },
  { name: 'RTCPeerConnection', pattern: /RTCPeerConnection/g },
  { name: 'importScripts', pattern: /importScripts/g },
  { name: 'serviceWorker', pattern: /serviceWorker/g },
];

/**
 * Occurrences that are allowed, each tied to a dependency and a snippet found next to it in the
 * bundle and in that dependency's own files. Empty today: nothing in the bundle uses a network API.
 * An entry needs a comment saying why that code never runs in the pane.
 */
const ALLOWED: { api: string; module: string; snippet: string }[] = [
  // 审核台 (review.html) only: exceljs's browser build carries core-js's setImmediate polyfill, which reads
  // `self.importScripts` to tell a worker from a window (a feature test; it never calls it).
  { api: 'importScripts', module: 'exceljs', snippet: '"file:"!==' },
  { api: 'importScripts', module: 'exceljs', snippet: '.postMessage("","*")' },
];

/** Absolute URLs that may appear as strings: namespaces and documentation links, never requested. */
const KNOWN_URLS = [
  /^http:\/\/www\.w3\.org\/(1999\/xhtml|1999\/xlink|2000\/svg|XML\/1998\/namespace|1998\/Math\/MathML)$/,
  // React's production error messages link to the decoder page; the pane shows them, never fetches.
  /^https:\/\/(reactjs\.org|react\.dev)\/(docs\/)?error-decoder\.html\?invariant=$/,
  // 审核台 (review.html): XML namespaces exceljs and docx write into 汇总表.xlsx and the letters.
  /^http:\/\/(schemas\.openxmlformats\.org|schemas\.microsoft\.com\/office|purl\.org\/dc|purl\.oclc\.org\/ooxml)\/[\w./-]*$/,
  /^http:\/\/www\.w3\.org\/(2000\/xmlns\/|2001\/XMLSchema-instance)$/,
  // mammoth (reading a 自评报告 .docx in the 审核台 and the pane's 核对自评报告): the namespace of its custom-XML style map.
  /^http:\/\/schemas\.zwobble\.org\/mammoth\/style-map$/,
  // ... and links inside those libraries' error messages and licence notes (text, never requested).
  ...[
    'https://answers.microsoft.com/en-us/msoffice/forum/all/does-word-support-more-than-9-list-levels/d130fdcd-1781-446d-8c84-c6c79124e4d7',
    'https://github.com/crypto-browserify/crypto-browserify',
    'https://github.com/exceljs/exceljs/blob/master/UPGRADE-4.0.md',
    'https://github.com/indutny/elliptic',
    'https://github.com/indutny/elliptic/issues',
    'https://github.com/uuidjs/uuid#getrandomvalues-not-supported',
    'https://github.com/zloirock/core-js',
    'https://github.com/zloirock/core-js/blob/v3.33.0/LICENSE',
    'https://stuk.github.io/jszip/documentation/howto/read_zip.html',
  ].map((u) => new RegExp(`^${u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)),
];

function networkUses(text: string): { api: string; at: number; context: string }[] {
  const out: { api: string; at: number; context: string }[] = [];
  for (const { name, pattern } of NETWORK_APIS) {
    for (const m of text.matchAll(pattern)) out.push({ api: name, at: m.index!, context: text.slice(Math.max(0, m.index! - 120), m.index! + 120) });
  }
  return out;
}

describe('the emitted JavaScript', () => {
  it('the scanner finds network calls however they are written (so a clean result means something)', () => {
    const samples = [
      'window.fetch("x")', 'fetch(u,{method:"POST"})', 'globalThis["fetch"](u)', 'new XMLHttpRequest', 'new WebSocket(u)',
      'navigator.sendBeacon(u,d)', 'new EventSource(u)', 'self.importScripts(u)', 'navigator.serviceWorker.register(u)',
    ];
    for (const s of samples) expect(networkUses(s), s).not.toHaveLength(0);
    for (const s of ['prefetch()', 'fetchAll', 'const refetchAt=1', 'x.prefetchRows']) expect(networkUses(s), s).toEqual([]);
  });

  it('contains no fetch / XMLHttpRequest / WebSocket / sendBeacon / EventSource outside the allow-list', () => {
    const files = bundles();
    expect(files.some((b) => b.file.startsWith('taskpane.'))).toBe(true);
    const unexplained: string[] = [];
    for (const { file, text } of files) {
      for (const use of networkUses(text)) {
        const allowed = ALLOWED.some((a) => a.api === use.api && use.context.includes(a.snippet));
        if (!allowed) unexplained.push(`${file} @${use.at} ${use.api}: …${use.context}…`);
      }
    }
    expect(unexplained).toEqual([]);
    for (const a of ALLOWED) expect(existsSync(path.join(ROOT, 'node_modules', a.module))).toBe(true);
  });

  it('has no telemetry: no Application Insights, Google Analytics, 1DS/Aria or other collectors', () => {
    for (const { file, text } of [...bundles(), ...[...SCRIPT_PAGES, 'review.html'].map((p) => ({ file: p, text: read(p) }))]) {
      // Whole words: exceljs's _processWorksheetRelsEntry and openSelfClosingTag( contain "sEntry" and "gTag(".
      expect(text, file).not.toMatch(/applicationinsights|google-analytics|googletagmanager|\bgtag\(|telemetry|\bonecollector\b|browser\.events\.data|vortex\.data|\bsentry\b|sentry\.io|@sentry|mixpanel|segment\.(io|com)|clarity\.ms|hotjar|baidu\.com\/hm|cnzz|umeng/i);
      expect(text, file).not.toMatch(/https?:\/\/[^"'\s]*telemetry/i);
    }
  });

  it('every absolute URL in the bundles is a known namespace or documentation string', () => {
    const unknown = new Set<string>();
    for (const { text } of bundles()) {
      for (const m of text.matchAll(/\b(?:https?|wss?):\/\/[^"'`\s)<>\\]*/g)) {
        if (!KNOWN_URLS.some((re) => re.test(m[0]))) unknown.add(m[0]);
      }
    }
    expect([...unknown]).toEqual([]);
  });
});
