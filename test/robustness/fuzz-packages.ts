// A structure-aware generator of hostile .xlsx packages (seeded, reproducible): far addresses, wide
// rows, many / overlapping / huge merges, lying dimensions, prefixed XML, cells and rows without r,
// missing parts, odd number formats, control characters in strings and sheet names, damaged zips,
// and real forms carrying some of these. Each package is small (a few KB) so thousands run per CI run.
import { buildForm, validProjectSpec } from '../support/build-form';
import { colLetters, esc, rawBook, snapshotBody, type RawSheet } from './hostile-cases';
import { projectSheet, wrongScoreSheet } from './hostile-files';

/** mulberry32: small, fast, good enough to pick structures. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type R = () => number;
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: R, p: number) => r() < p;

const CONTROL_TEXT = [
  '&#27;[2K&#13;已核对，无问题',
  '_x001B_[1A_x001B_[2K',
  '&#27;]52;c;ZXZpbA==&#7;',
  '&#x9B;31m红字',
  '&#127;&#x85;&#x9C;',
  '\u0008\u0008退格',
  'tab\there',
  '行一\n行二',
];
const PLAIN_TEXT = ['项目支出绩效自评表', '执行率', '得分', '分值', '预算数', '产出指标（50分）', '合计', '总分', '—', '#DIV/0!', '2,773.47', '１２３', '=SUM(A1)', ''];
const NUM_FMTS = ['0.00', '0.00%', '#,##0.00', 'yyyy"年"m"月"d"日"', '[Red]0.00;;', '"元"#,##0', '0.00%;-0.00%;"—"', '[$-409]mmm', '@', '[h]:mm', 'General;;;', '"abc', '\\', '0.0E+00', '[>=100]0;0.00', ''];

function textValue(r: R): string {
  return chance(r, 0.4) ? pick(r, CONTROL_TEXT) : esc(pick(r, PLAIN_TEXT));
}

type Spread = 'near' | 'far-col' | 'far-row' | 'past-limit';

/** A cell at an address drawn near, far to the right, far down, or past Excel's limits. */
function address(r: R, spread: Spread): { row: number; col: number } {
  if (spread === 'near' || chance(r, 0.7)) return { row: int(r, 0, 60), col: int(r, 0, 12) };
  switch (spread) {
    case 'far-col':
      return { row: int(r, 0, 60), col: int(r, 16_000, 16_383) };
    case 'far-row':
      return { row: int(r, 1_000_000, 1_048_575), col: int(r, 0, 10) };
    default:
      return chance(r, 0.5) ? { row: 1_048_576 + int(r, 0, 9_000_000), col: int(r, 0, 10) } : { row: int(r, 0, 20), col: 16_384 + int(r, 0, 100_000) };
  }
}

function cell(r: R, row: number, col: number, withR: boolean, strings: string[]): string {
  const ref = withR ? ` r="${colLetters(col)}${row + 1}"` : '';
  const s = chance(r, 0.3) ? ` s="${int(r, 0, 6)}"` : '';
  switch (int(r, 0, 7)) {
    case 0:
      return `<c${ref}${s}><v>${pick(r, ['1', '0.95', '-3.5', '1E+308', 'NaN', '', '45292', '2773.47'])}</v></c>`;
    case 1:
      return `<c${ref}${s} t="inlineStr"><is><t>${textValue(r)}</t></is></c>`;
    case 2:
      strings.push(textValue(r));
      return `<c${ref}${s} t="s"><v>${chance(r, 0.98) ? strings.length - 1 : 999}</v></c>`;
    case 3:
      return `<c${ref} t="d"><v>${pick(r, ['2024-12-31', '2024-13-45', 'not a date', '1900-01-01T00:00:00Z'])}</v></c>`;
    case 4:
      return chance(r, 0.5)
        ? `<c${ref}${s}><f>${pick(r, ['A1/B1', 'SUM(A1:XFD1048576)', 'E4/D4'])}</f><v>${pick(r, ['0.5', '1E+308', ''])}</v></c>`
        : `<c${ref} t="e"><f>${pick(r, ['A1/0', 'NA()'])}</f><v>${pick(r, ['#DIV/0!', '#N/A'])}</v></c>`;
    case 5:
      return `<c${ref} t="b"><v>${int(r, 0, 1)}</v></c>`;
    case 6:
      return `<c${ref} t="e"><v>#N/A</v></c>`;
    default:
      return `<c${ref}${s}/>`;
  }
}

function merges(r: R, traits: string[]): string {
  const list: string[] = [];
  const kind = int(r, 0, 9);
  traits.push(['many merges', 'huge merge', 'overlapping merges', 'bad merge ref'][kind] ?? 'merges');
  if (kind === 0) {
    const n = int(r, 200, 5_500); // many tiny ones (past the exceljs cap sometimes)
    for (let i = 0; i < n; i++) list.push(`A${i + 2}:B${i + 2}`);
  } else if (kind === 1) {
    list.push(pick(r, ['A1:XFD1048576', 'A1:A1048576', 'A1:XFD1', 'B2:XFD1048576']));
  } else if (kind === 2) {
    list.push('A1:C3', pick(r, ['B2:D4', 'C3:C3', 'A1:A1', 'D4:E5']));
  } else if (kind === 3) {
    list.push(pick(r, ['A1:XFE2', 'A0:B1', 'A1:B9999999', 'junk', 'B2:A1']));
  } else {
    const n = int(r, 0, 6);
    for (let i = 0; i < n; i++) {
      const top = int(r, 0, 40);
      const left = int(r, 0, 10);
      list.push(`${colLetters(left)}${top + 1}:${colLetters(left + int(r, 0, 3))}${top + 1 + int(r, 0, 3)}`);
    }
  }
  return list.length ? `<mergeCells count="${list.length}">${list.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
}

function randomSheetBody(r: R, strings: string[], traits: string[]): string {
  const rows = new Map<number, string[]>();
  const n = int(r, 0, 30);
  const roll = r();
  const spread: Spread = roll < 0.06 ? 'far-col' : roll < 0.066 ? 'far-row' : roll < 0.14 ? 'past-limit' : 'near';
  if (spread !== 'near') traits.push(spread);
  for (let i = 0; i < n; i++) {
    const a = address(r, spread);
    (rows.get(a.row) ?? rows.set(a.row, []).get(a.row)!).push(cell(r, a.row, a.col, true, strings));
  }
  if (chance(r, 0.1)) {
    traits.push('wide row');
    // A wide row: cells spread out to XFD.
    const row = int(r, 0, 30);
    const cells = rows.get(row) ?? rows.set(row, []).get(row)!;
    for (let c = 0; c < 16_384; c += int(r, 50, 3000)) cells.push(cell(r, row, c, true, strings));
  }
  if (chance(r, 0.2)) {
    // Rows and cells without r: they follow the previous one.
    const cells: string[] = [];
    for (let i = 0; i < int(r, 1, 8); i++) cells.push(cell(r, 0, 0, false, strings));
    rows.set(-1, cells);
  }
  let data = '';
  for (const [row, cells] of [...rows].sort((a, b) => a[0] - b[0])) {
    data += row < 0 ? `<row>${cells.join('')}</row>` : `<row r="${row + 1}">${cells.join('')}</row>`;
  }
  const dim = chance(r, 0.3) ? `<dimension ref="${pick(r, ['A1:XFD1048576', 'A1', 'Z99:A1', 'A1:ZZZZ99999999'])}"/>` : '';
  return `${dim}<sheetData>${data}</sheetData>${chance(r, 0.5) ? merges(r, traits) : ''}`;
}

/** A real form, sometimes with hostile additions (far cells, merges, control text). */
const FORM_BODIES = new Map<string, string>();
function formBody(r: R): string {
  const kind = int(r, 0, 2);
  const withR = chance(r, 0.5);
  const key = `${kind}${withR}`;
  let body = FORM_BODIES.get(key);
  if (body === undefined) {
    const sheet = kind === 0 ? wrongScoreSheet('x') : kind === 1 ? projectSheet('y') : { name: 'z', ...buildForm(validProjectSpec({ name: '项目z' })) };
    body = snapshotBody(sheet as Parameters<typeof snapshotBody>[0], withR);
    FORM_BODIES.set(key, body);
  }
  if (chance(r, 0.15)) body = body.replace('</sheetData>', `<row r="${pick(r, [200, 1_048_576, 5000])}"><c r="${pick(r, ['XFD', 'A', 'ZZ'])}${pick(r, [200, 1_048_576, 5000])}"><v>1</v></c></row></sheetData>`);
  if (chance(r, 0.3)) body = body.replace('<t xml:space="preserve">项目', `<t xml:space="preserve">${pick(r, CONTROL_TEXT)}项目`);
  return body;
}

const STYLES = (r: R) => {
  const fmts = Array.from({ length: 4 }, (_, i) => `<numFmt numFmtId="${164 + i}" formatCode="${esc(pick(r, NUM_FMTS))}"/>`).join('');
  const xfs = ['<xf numFmtId="0"/>', '<xf numFmtId="164"/>', '<xf numFmtId="165"/>', '<xf numFmtId="14"/>', '<xf numFmtId="166"/>', '<xf numFmtId="10"/>', '<xf numFmtId="999"/>'].join('');
  return `<numFmts count="4">${fmts}</numFmts><cellXfs count="7">${xfs}</cellXfs>`;
};

const SHEET_NAMES = ['自评表', '表&#27;M', '&#x9B;31m表', 'Sheet1', '明细 ', '项目&#7;一', '基础数据表', '&amp;&lt;'];

export interface FuzzCase {
  seed: number;
  bytes: Buffer;
  /** What the generator put in, for the failure message. */
  traits: string[];
}

export function fuzzPackage(seed: number): FuzzCase {
  const r = rng(seed);
  const traits: string[] = [];
  const strings: string[] = [];
  const sheets: RawSheet[] = [];
  const count = int(r, 1, 3);
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name = pick(r, SHEET_NAMES);
    while (names.has(name)) name += i;
    names.add(name);
    if (chance(r, 0.1)) {
      sheets.push({ name, body: null });
      traits.push('missing part');
    } else if (chance(r, 0.12)) {
      sheets.push({ name, body: formBody(r) });
      traits.push('form');
    } else {
      sheets.push({ name, body: randomSheetBody(r, strings, traits) });
      traits.push('random sheet');
    }
  }
  const prefix = chance(r, 0.3);
  if (prefix) traits.push('prefixed');
  const dropStrings = chance(r, 0.05);
  if (dropStrings) traits.push('no sharedStrings part');
  let bytes = rawBook(sheets, {
    strings: strings.length || chance(r, 0.2) ? strings : undefined,
    styles: chance(r, 0.6) ? STYLES(r) : undefined,
    prefix,
    deflate: chance(r, 0.3),
    rawNames: true,
    dropStrings,
  });
  if (chance(r, 0.05)) {
    // Damage: truncate or overwrite a stretch of bytes.
    bytes = Buffer.from(bytes);
    if (chance(r, 0.5)) bytes = bytes.subarray(0, int(r, 0, bytes.length - 1));
    else bytes.fill(int(r, 0, 255), int(r, 0, bytes.length - 1), int(r, 0, bytes.length));
    traits.push('damaged');
  }
  return { seed, bytes, traits };
}
