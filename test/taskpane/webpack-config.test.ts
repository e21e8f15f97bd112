// The build configuration's security-relevant choices: CSP, office.js source, hashed names, and the
// intranet copy of office.js (what it includes and that Terser skips it).
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = join(__dirname, '..', '..');
type Config = {
  entry: Record<string, string>;
  output: { filename: string };
  devtool: unknown;
  plugins: { constructor: { name: string }; userOptions?: Record<string, unknown>; patterns?: Record<string, unknown>[] }[];
  devServer: { port: number; headers: Record<string, string> };
};
const load = require(join(ROOT, 'webpack.config.js')) as (env: object, argv: object) => Promise<Config>;

const pages = (c: Config) =>
  Object.fromEntries(
    c.plugins
      .filter((p) => p.constructor.name === 'HtmlWebpackPlugin')
      .map((p) => [p.userOptions!.filename as string, p.userOptions!]),
  );
const copyPatterns = (c: Config) => c.plugins.find((p) => p.constructor.name === 'CopyPlugin')!.patterns!;

afterEach(() => {
  delete process.env.OFFICE_JS;
  delete process.env.ADDIN_URL;
});

describe('webpack.config.js', () => {
  it('production: CDN office.js, strict CSP, hashed bundles, no harness, no eval source maps', async () => {
    const c = await load({}, { mode: 'production' });
    expect(Object.keys(c.entry).sort()).toEqual(['commands', 'review', 'taskpane']);
    expect(c.output.filename).toContain('[contenthash');
    expect(c.devtool).toBe(false);
    const p = pages(c);
    expect(Object.keys(p).sort()).toEqual(['commands.html', 'review.html', 'support.html', 'taskpane.html']);
    const tp = p['taskpane.html'];
    expect(tp.officeJs).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const csp = String(tp.csp);
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com;");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(c.devServer.port).toBe(3000);
    expect(c.devServer.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('审核台 review.html: its own entry, no office.js, script-src self only, served by the preview build too', async () => {
    for (const mode of ['production', 'development']) {
      const c = await load({}, { mode });
      expect(c.entry.review).toBe('./src/review-page/index.ts');
      const r = pages(c)['review.html'];
      expect(r.chunks).toEqual(['review']);
      expect(r.officeJs).toBeUndefined();
      const csp = String(r.csp);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("form-action 'none'");
      expect(csp).not.toMatch(/unsafe-eval|appsforoffice|worker-src|blob:/);
    }
    const preview = await load({ preview: true }, { mode: 'development' });
    expect(Object.keys(preview.entry).sort()).toEqual(['preview', 'review']);
    expect(Object.keys(pages(preview)).sort()).toEqual(['preview.html', 'review.html']);
  });

  it('development adds the harness page without office.js', async () => {
    const c = await load({}, { mode: 'development' });
    expect(c.entry.harness).toBe('./src/taskpane/harness.tsx');
    const h = pages(c)['harness.html'];
    expect(h.officeJs).toBeNull();
    expect(String(h.csp)).toContain("script-src 'self';");
    expect(c.devtool).toBe('source-map');
  });

  it("OFFICE_JS=local: office.js from the build, script-src 'self' only, a telemetry-free copy Terser skips", async () => {
    process.env.OFFICE_JS = 'local';
    const c = await load({}, { mode: 'production' });
    const tp = pages(c)['taskpane.html'];
    expect(tp.officeJs).toBe('office-js/office.js');
    expect(String(tp.csp)).toContain("script-src 'self';");
    expect(String(tp.csp)).not.toContain('appsforoffice');
    const office = copyPatterns(c).find((x) => String(x.to).startsWith('office-js/'))!;
    expect(office.info).toEqual({ minimized: true });
    const dist = join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
    const keep = (rel: string) => (office.filter as (abs: string) => boolean)(join(dist, rel));
    for (const f of ['office.js', 'excel-win32-16.01.js', 'excel-web-16.00.js', 'excel-mac-16.00.js', 'zh-cn/office_strings.js', 'en-us/office_strings.js', 'o15apptofilemappingtable.js']) {
      expect(keep(f), f).toBe(true);
    }
    for (const f of ['office.debug.js', 'telemetry/oteljs_agave.js', 'ariatelemetry/aria-web-telemetry.js', 'word-win32-16.01.js', 'zh-cn/outlook_strings.js', 'excel-web-16.00.debug.js']) {
      expect(keep(f), f).toBe(false);
    }
  });

  it('ADDIN_URL rewrites the manifest URLs and app domain; http is refused', async () => {
    process.env.ADDIN_URL = 'https://oa.example.gov.cn/selfeval';
    const c = await load({}, { mode: 'production' });
    const manifest = copyPatterns(c).find((x) => x.from === 'manifest.xml')!;
    const src = require('node:fs').readFileSync(join(ROOT, 'manifest.xml'));
    const out = String((manifest.transform as (b: Buffer) => string)(src));
    expect(out).not.toContain('localhost');
    expect(out).toContain('<SourceLocation DefaultValue="https://oa.example.gov.cn/selfeval/taskpane.html"/>');
    expect(out).toContain('<AppDomain>https://oa.example.gov.cn</AppDomain>');
    process.env.ADDIN_URL = 'http://oa.example.gov.cn/';
    await expect(load({}, { mode: 'production' })).rejects.toThrow(/https/);
  });
});
