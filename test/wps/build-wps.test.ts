// `npm run build:wps`: the emitted WPS add-in folder, registration files and offline package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';

const ROOT = resolve(__dirname, '..', '..');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const FOLDER = `selfeval_${VERSION}`;
let work: string;
let out: string;

/** Start/end tags balance and nest (enough to catch a broken template; no XML parser is a dependency). */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]!);
  }
  return stack.length === 0 && !/<(?![/?!A-Za-z])/.test(body);
}

const attr = (xml: string, tag: string, name: string) => new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'selfeval-wps-'));
  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(
    join(dist, 'taskpane.html'),
    // minified, as the production build writes it
    '<!doctype html><html><head><script src=https://appsforoffice.microsoft.com/lib/1/hosted/office.js></script><script defer src="taskpane.1234.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dist, 'taskpane.1234.js'), 'console.log(1)');
  writeFileSync(join(dist, '187.abcd.js'), 'console.log(2)');
  for (const s of [16, 32, 64]) writeFileSync(join(dist, 'assets', `icon-${s}.png`), `png${s}`);
  out = join(work, 'dist-wps');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-wps.mjs'), '--dist', dist, '--out', out, '--url', 'https://intranet.example.cn/addins/'], { cwd: ROOT, stdio: 'pipe' });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const read = (p: string) => readFileSync(join(out, p), 'utf8');

describe('npm run build:wps', () => {
  it('emits a JsPlugin manifest and a ribbon with one 绩效自评校核 button on its own tab', () => {
    const manifest = read(`${FOLDER}/manifest.xml`);
    expect(wellFormed(manifest)).toBe(true);
    expect(manifest).toMatch(/<JsPlugin>[\s\S]*<ApiVersion>1\.0\.0<\/ApiVersion>[\s\S]*<Name>selfeval<\/Name>[\s\S]*<\/JsPlugin>/);
    expect(manifest).toContain(`<Version>${VERSION}</Version>`);
    const ribbon = read(`${FOLDER}/ribbon.xml`);
    expect(ribbon.startsWith('<customUI')).toBe(true); // no XML declaration
    expect(wellFormed(ribbon)).toBe(true);
    expect(ribbon.match(/<tab\b/g)).toHaveLength(1);
    expect(ribbon).not.toMatch(/idMso=/); // its own tab, not a built-in one
    expect(ribbon.match(/<button\b/g)).toHaveLength(1);
    expect(attr(ribbon, 'button', 'label')).toBe('绩效自评校核');
  });

  it('every callback ribbon.xml names is a plain (not async) global function in main.js, loaded by index.html', () => {
    const ribbon = read(`${FOLDER}/ribbon.xml`);
    const main = read(`${FOLDER}/main.js`);
    const names = [...ribbon.matchAll(/\s(?:onLoad|onAction|getImage|getEnabled|getLabel)="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(names)).toEqual(new Set(['OnAddinLoad', 'OnAction', 'GetImage', 'GetEnabled']));
    for (const n of names) {
      expect(main).toMatch(new RegExp(`^function ${n}\\(`, 'm'));
      expect(main).not.toMatch(new RegExp(`async\\s+function\\s+${n}\\b`));
    }
    expect(read(`${FOLDER}/index.html`)).toContain('<script src="main.js"></script>');
    expect(existsSync(join(out, FOLDER, 'images', 'icon-32.png'))).toBe(true);
    expect(main).toContain("'images/icon-32.png'");
  });

  it('the button opens one pane per workbook on the bundled pane, and toggles it', () => {
    const panes: { url: string; ID: number; Visible: boolean }[] = [];
    const storage = new Map<string, unknown>();
    const app = {
      ActiveWorkbook: { FullName: 'D:\\a.xlsx' } as { FullName: string } | null,
      PluginStorage: { getItem: (k: string) => storage.get(k), setItem: (k: string, v: unknown) => storage.set(k, v) },
      CreateTaskPane: (url: string) => {
        const p = { url, ID: panes.length + 1, Visible: false };
        panes.push(p);
        return p;
      },
      GetTaskPane: (id: number) => panes[id - 1],
    };
    const alerts: string[] = [];
    const ctx = { window: { Application: app }, document: { location: { href: 'file:///addins/selfeval_0/index.html' } }, alert: (m: string) => alerts.push(m) };
    runInNewContext(read(`${FOLDER}/main.js`), ctx);
    const onAction = (ctx as unknown as { OnAction(c: { Id: string }): boolean }).OnAction;
    onAction({ Id: 'selfevalOpen' });
    expect(panes).toEqual([{ url: 'file:///addins/selfeval_0/ui/taskpane.html', ID: 1, Visible: true }]);
    onAction({ Id: 'selfevalOpen' });
    expect(panes[0]!.Visible).toBe(false);
    app.ActiveWorkbook = { FullName: 'D:\\b.xlsx' };
    onAction({ Id: 'selfevalOpen' });
    expect(panes).toHaveLength(2);
    app.ActiveWorkbook = null;
    onAction({ Id: 'selfevalOpen' });
    expect(alerts[0]).toContain('请先打开');
  });

  it('the pane is the same bundle, without office.js', () => {
    const html = read(`${FOLDER}/ui/taskpane.html`);
    expect(html).not.toContain('office.js');
    expect(html).toContain('src="taskpane.1234.js"');
    expect(existsSync(join(out, FOLDER, 'ui', 'taskpane.1234.js'))).toBe(true);
    expect(existsSync(join(out, FOLDER, 'ui', '187.abcd.js'))).toBe(true);
  });

  it('jsplugins.xml and publish.html name the same add-in, version and folder URL', () => {
    const xml = read('jsplugins.xml');
    expect(wellFormed(xml)).toBe(true);
    expect(attr(xml, 'jsplugin', 'name')).toBe('selfeval');
    expect(attr(xml, 'jsplugin', 'type')).toBe('et');
    expect(attr(xml, 'jsplugin', 'version')).toBe(VERSION);
    const url = attr(xml, 'jsplugin', 'url')!;
    expect(url).toBe(`https://intranet.example.cn/addins/${FOLDER}/`);
    const publish = read('publish.html');
    const payload = JSON.parse(/var PAYLOAD = (\{.*\});/.exec(publish)![1]!);
    expect(payload).toMatchObject({ name: 'selfeval', url, version: VERSION, addonType: 'et' });
    expect(publish).toContain('信任');
    expect(publish).toContain('重新打开 WPS');
  });

  it('the offline package holds the add-in folder, a local jsplugins.xml and the steps in Chinese', () => {
    const files = unzipSync(readFileSync(join(out, `${FOLDER}.zip`)));
    for (const f of ['manifest.xml', 'ribbon.xml', 'index.html', 'main.js', 'images/icon-32.png', 'ui/taskpane.html']) {
      expect(Object.keys(files)).toContain(`${FOLDER}/${f}`);
    }
    const local = strFromU8(files['jsplugins.xml']!);
    expect(attr(local, 'jsplugin', 'url')).toBe(`${FOLDER}/`);
    expect(strFromU8(files['安装说明.txt']!)).toContain('jsaddons');
  });

  it('refuses with a Chinese message when the pane was not built', () => {
    mkdirSync(join(work, 'empty'));
    let message = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-wps.mjs'), '--dist', join(work, 'empty'), '--out', join(work, 'x')], { stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      message = String((e as { stderr?: string }).stderr);
    }
    expect(message).toContain('找不到');
    expect(message).toContain('webpack');
    expect(existsSync(join(work, 'x'))).toBe(false);
  });
});
