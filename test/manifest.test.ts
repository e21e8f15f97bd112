// Checks manifest.xml without a network validator (office-addin-manifest validate calls an online
// service): a small well-formedness checker builds an element tree, then the tests assert what Office
// needs: schema element order, https URLs, resolvable resids, existing icons of the right pixel size.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const MANIFEST = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

// ---------------------------------------------------------------------------------------------
// Minimal XML reader: elements, attributes, text, comments, declaration. No DTDs or CDATA (a
// manifest has none, and meeting one is reported as an error rather than silently skipped).

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Character offset, for messages. */
  at: number;
}

class XmlError extends Error {}

function isNameChar(c: string): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    c === ':' ||
    c === '-' ||
    c === '.'
  );
}
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function decodeEntities(s: string, at: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<') throw new XmlError(`'<' not allowed in text or attribute at ${at + i}`);
    if (c !== '&') {
      out += c;
      continue;
    }
    const end = s.indexOf(';', i);
    if (end < 0) throw new XmlError(`unterminated entity at ${at + i}`);
    const ent = s.slice(i + 1, end);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ent in named) out += named[ent];
    else if (ent.startsWith('#x')) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
    else if (ent.startsWith('#')) out += String.fromCodePoint(parseInt(ent.slice(1), 10));
    else throw new XmlError(`unknown entity &${ent}; at ${at + i}`);
    i = end;
  }
  return out;
}

function parseXml(src: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  if (src.charCodeAt(0) === 0xfeff) i = 1;

  const readName = (): string => {
    const start = i;
    while (i < src.length && isNameChar(src[i])) i++;
    if (i === start) throw new XmlError(`name expected at ${start}`);
    return src.slice(start, i);
  };
  const skipSpace = () => {
    while (i < src.length && isSpace(src[i])) i++;
  };

  while (i < src.length) {
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i);
      if (end < 0) throw new XmlError(`unterminated processing instruction at ${i}`);
      if (i !== 0 && !(i === 1 && src.charCodeAt(0) === 0xfeff) && src.startsWith('<?xml ', i)) {
        throw new XmlError('XML declaration must come first');
      }
      i = end + 2;
    } else if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError(`unterminated comment at ${i}`);
      if (src.slice(i + 4, end).includes('--')) throw new XmlError(`'--' inside comment at ${i}`);
      i = end + 3;
    } else if (src.startsWith('<!', i)) {
      throw new XmlError(`DTD/CDATA not supported at ${i}`);
    } else if (src.startsWith('</', i)) {
      const at = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== '>') throw new XmlError(`'>' expected at ${i}`);
      i++;
      const open = stack.pop();
      if (!open) throw new XmlError(`unexpected </${name}> at ${at}`);
      if (open.name !== name) throw new XmlError(`</${name}> at ${at} closes <${open.name}> (opened at ${open.at})`);
    } else if (src[i] === '<') {
      const at = i;
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '', at };
      for (;;) {
        const hadSpace = i < src.length && isSpace(src[i]);
        skipSpace();
        if (src[i] === '>' || src.startsWith('/>', i)) break;
        if (!hadSpace) throw new XmlError(`whitespace expected before attribute at ${i}`);
        const an = readName();
        skipSpace();
        if (src[i] !== '=') throw new XmlError(`'=' expected after ${an} at ${i}`);
        i++;
        skipSpace();
        const q = src[i];
        if (q !== '"' && q !== "'") throw new XmlError(`quoted value expected for ${an} at ${i}`);
        const end = src.indexOf(q, i + 1);
        if (end < 0) throw new XmlError(`unterminated attribute ${an} at ${i}`);
        if (an in el.attrs) throw new XmlError(`duplicate attribute ${an} at ${i}`);
        el.attrs[an] = decodeEntities(src.slice(i + 1, end), i + 1);
        i = end + 1;
      }
      const selfClosing = src[i] === '/';
      i += selfClosing ? 2 : 1;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new XmlError(`second root element <${el.name}> at ${at}`);
      else root = el;
      if (!selfClosing) stack.push(el);
    } else {
      const start = i;
      while (i < src.length && src[i] !== '<') i++;
      const raw = src.slice(start, i);
      const parent = stack[stack.length - 1];
      if (!parent) {
        if (raw.trim() !== '') throw new XmlError(`text outside the root element at ${start}`);
      } else {
        parent.text += decodeEntities(raw, start);
      }
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new XmlError('no root element');
  return root;
}

const kids = (el: XmlElement, name?: string) => el.children.filter((c) => name === undefined || c.name === name);
function child(el: XmlElement, name: string): XmlElement {
  const found = kids(el, name);
  if (found.length !== 1) throw new Error(`<${el.name}> should have exactly one <${name}>, has ${found.length}`);
  return found[0];
}
function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, k) => {
    if (buf[k] !== b) throw new Error(`${file} is not a PNG`);
  });
  if (buf.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file}: first chunk is not IHDR`);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** assets/ file behind a manifest URL on the dev origin. */
function assetFile(url: string): string {
  const prefix = 'https://localhost:3000/assets/';
  expect(url.startsWith(prefix), `${url} should be served from ${prefix}`).toBe(true);
  return join(ROOT, 'assets', url.slice(prefix.length));
}

// ---------------------------------------------------------------------------------------------

describe('minimal XML reader', () => {
  it('builds a tree with decoded attributes and text', () => {
    const doc = parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b/><c>t&lt;u</c></a>');
    expect(doc.name).toBe('a');
    expect(doc.attrs.x).toBe('1 & 2');
    expect(doc.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(doc.children[1].text).toBe('t<u');
  });
  it.each([
    ['<a><b></a></b>', /closes <b>/],
    ['<a x=1/>', /quoted value/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a/><b/>', /second root/],
    ['<a>', /never closed/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a><!-- x -- y --></a>', /inside comment/],
    ['<a x="<"/>', /not allowed/],
  ])('rejects malformed input %s', (src, msg) => {
    expect(() => parseXml(src)).toThrow(msg);
  });
});

describe('manifest.xml', () => {
  const doc = parseXml(MANIFEST);
  const versionOverrides = child(doc, 'VersionOverrides');
  const nested = child(versionOverrides, 'VersionOverrides');

  it('is a TaskPaneApp with the schema element order', () => {
    expect(doc.name).toBe('OfficeApp');
    expect(doc.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(doc.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(kids(doc).map((c) => c.name)).toEqual([
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ]);
  });

  it('has a fixed GUID, a four-part version and zh-CN as default locale', () => {
    expect(child(doc, 'Id').text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(child(doc, 'Version').text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(doc, 'ProviderName').text.trim()).not.toBe('');
    expect(child(doc, 'DefaultLocale').text).toBe('zh-CN');
  });

  it('names itself in zh-CN with en-US overrides', () => {
    const name = child(doc, 'DisplayName');
    expect(name.attrs.DefaultValue).toBe('绩效自评校核');
    const nameOverride = child(name, 'Override');
    expect(nameOverride.attrs.Locale).toBe('en-US');
    expect(nameOverride.attrs.Value).toBe('SelfEval – performance self-evaluation checker');
    const desc = child(doc, 'Description');
    expect(desc.attrs.DefaultValue).toMatch(/[\u4e00-\u9fff]/);
    expect(child(desc, 'Override').attrs.Locale).toBe('en-US');
    expect(child(desc, 'Override').attrs.Value).toMatch(/^[\x20-\x7e–]+$/);
  });

  it('targets Excel only, ExcelApi 1.7 floor, read/write document, the dev task pane', () => {
    expect(kids(child(doc, 'Hosts')).map((h) => h.attrs.Name)).toEqual(['Workbook']);
    const sets = child(child(doc, 'Requirements'), 'Sets');
    const excel = kids(sets, 'Set').filter((s) => s.attrs.Name === 'ExcelApi');
    expect(excel).toHaveLength(1);
    expect(excel[0].attrs.MinVersion).toBe('1.7');
    expect(child(doc, 'Permissions').text).toBe('ReadWriteDocument');
    expect(child(child(doc, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue).toBe(
      'https://localhost:3000/taskpane.html',
    );
  });

  it('uses https for every URL', () => {
    const urls: string[] = [];
    for (const el of walk(doc)) {
      for (const [k, v] of Object.entries(el.attrs)) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) continue; // namespace names, not fetched
        if (v.includes('://')) urls.push(v);
      }
      if (el.text.includes('://')) urls.push(el.text.trim());
    }
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) expect(u, u).toMatch(/^https:\/\/[^\s]+$/);
    for (const d of kids(child(doc, 'AppDomains'))) expect(d.text).toMatch(/^https:\/\//);
  });

  it('nests VersionOverrides 1.1 inside 1.0, each with Hosts then Resources', () => {
    expect(versionOverrides.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expect(versionOverrides.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(kids(versionOverrides).map((c) => c.name)).toEqual(['Hosts', 'Resources', 'VersionOverrides']);
    expect(nested.attrs['xsi:type']).toBe('VersionOverridesV1_1');
    expect(nested.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides/1.1');
    expect(kids(nested).map((c) => c.name)).toEqual(['Hosts', 'Resources']);
  });

  for (const [label, getVo] of [
    ['1.0', () => versionOverrides],
    ['1.1', () => nested],
  ] as const) {
    describe(`VersionOverrides ${label}`, () => {
      const vo = getVo();
      const resources = child(vo, 'Resources');
      const defined = {
        image: new Map(kids(child(resources, 'bt:Images')).map((e) => [e.attrs.id, e])),
        url: new Map(kids(child(resources, 'bt:Urls')).map((e) => [e.attrs.id, e])),
        short: new Map(kids(child(resources, 'bt:ShortStrings')).map((e) => [e.attrs.id, e])),
        long: new Map(kids(child(resources, 'bt:LongStrings')).map((e) => [e.attrs.id, e])),
      };
      const hosts = child(vo, 'Hosts');
      const text = (id: string) => (defined.short.get(id) ?? defined.long.get(id))?.attrs.DefaultValue;

      /** Which resource table a resid must come from, by the element that references it. */
      const tableFor = (el: XmlElement, parent: XmlElement): keyof typeof defined => {
        if (el.name === 'bt:Image') return 'image';
        if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(el.name)) return 'url';
        if (el.name === 'Description' && (parent.name === 'Supertip' || parent.name === 'GetStarted')) return 'long';
        return 'short';
      };

      it('defines every resid it references, in the right table, and nothing unused', () => {
        const used = new Set<string>();
        const visit = (el: XmlElement) => {
          for (const c of el.children) {
            if (c.attrs.resid !== undefined) {
              const table = tableFor(c, el);
              expect(c.attrs.resid.length, `resid ${c.attrs.resid} longer than 32`).toBeLessThanOrEqual(32);
              expect(defined[table].has(c.attrs.resid), `${c.name} resid="${c.attrs.resid}" in bt:${table}`).toBe(true);
              used.add(c.attrs.resid);
            }
            visit(c);
          }
        };
        visit(hosts);
        const all = [...defined.image.keys(), ...defined.url.keys(), ...defined.short.keys(), ...defined.long.keys()];
        expect(new Set(all).size).toBe(all.length); // ids unique across tables
        expect(all.filter((id) => !used.has(id))).toEqual([]);
      });

      it('has zh-CN strings within length limits, each with an en-US override', () => {
        for (const [table, max] of [
          ['short', 125],
          ['long', 250],
        ] as const) {
          for (const [id, el] of defined[table]) {
            expect(el.attrs.DefaultValue, id).toMatch(/[\u4e00-\u9fff]/);
            expect(el.attrs.DefaultValue.length, id).toBeLessThanOrEqual(max);
            const ov = child(el, 'bt:Override');
            expect(ov.attrs.Locale).toBe('en-US');
            expect(ov.attrs.Value.length, id).toBeLessThanOrEqual(max);
          }
        }
      });

      it('puts 检查评分 on the Home tab in group 绩效自评, opening the task pane', () => {
        const host = child(hosts, 'Host');
        expect(host.attrs['xsi:type']).toBe('Workbook');
        const desktop = child(host, 'DesktopFormFactor');
        const functionFile = child(desktop, 'FunctionFile');
        expect(defined.url.get(functionFile.attrs.resid)?.attrs.DefaultValue).toBe('https://localhost:3000/commands.html');
        const ext = child(desktop, 'ExtensionPoint');
        expect(ext.attrs['xsi:type']).toBe('PrimaryCommandSurface');
        const tab = child(ext, 'OfficeTab');
        expect(tab.attrs.id).toBe('TabHome');
        const group = child(tab, 'Group');
        expect(text(child(group, 'Label').attrs.resid)).toBe('绩效自评');
        const button = child(group, 'Control');
        expect(button.attrs['xsi:type']).toBe('Button');
        expect(text(child(button, 'Label').attrs.resid)).toBe('检查评分');
        const action = child(button, 'Action');
        expect(action.attrs['xsi:type']).toBe('ShowTaskpane');
        expect(child(action, 'TaskpaneId').text.trim()).not.toBe('');
        expect(defined.url.get(child(action, 'SourceLocation').attrs.resid)?.attrs.DefaultValue).toBe(
          'https://localhost:3000/taskpane.html',
        );
        for (const icon of [child(group, 'Icon'), child(button, 'Icon')]) {
          const sizes = kids(icon, 'bt:Image').map((i) => i.attrs.size);
          for (const required of ['16', '32', '80']) expect(sizes).toContain(required);
        }
      });

      it('references icons that exist in assets/ with the declared pixel size', () => {
        let checked = 0;
        for (const el of walk(hosts)) {
          if (el.name !== 'bt:Image' || el.attrs.resid === undefined) continue;
          const size = Number(el.attrs.size);
          const url = defined.image.get(el.attrs.resid)!.attrs.DefaultValue;
          const file = assetFile(url);
          expect(existsSync(file), file).toBe(true);
          expect(pngSize(file), `${url} for size ${size}`).toEqual({ width: size, height: size });
          checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(6);
      });
    });
  }

  it('has a 32×32 IconUrl and a 64×64 HighResolutionIconUrl in assets/', () => {
    for (const [name, size] of [
      ['IconUrl', 32],
      ['HighResolutionIconUrl', 64],
    ] as const) {
      const file = assetFile(child(doc, name).attrs.DefaultValue);
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
  });

  it('ships a 128×128 icon for catalogs and stores', () => {
    expect(pngSize(join(ROOT, 'assets', 'icon-128.png'))).toEqual({ width: 128, height: 128 });
  });
});
