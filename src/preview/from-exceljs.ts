// exceljs Workbook → the fake Excel host's in-memory workbook, so the preview's "Excel" holds what
// the file holds: values (formulas with their cached results), number formats, fills, merges, notes,
// hidden sheets, the user's own conditional formats, the active sheet and each sheet's selection.
// Values go through the CLI's converter (src/xlsx/convert.ts) so the preview and `selfeval check`
// see identical cells. No DOM, no Node: runs in the page and in tests.
import type ExcelJS from 'exceljs';
import { sheetToSnapshot } from '../xlsx/convert';
import { HostWorkbook, type HostVisibility, type SheetLike, parseRect } from '../host/model';

/** What the grid needs beyond the host model: column widths in pixels, per sheet. */
export interface SheetLayout {
  columnWidths: number[];
}

export interface ConvertedWorkbook {
  workbook: HostWorkbook;
  layout: Map<string, SheetLayout>;
}

// Office 2013+ default theme: lt1, dk1, lt2, dk2, accent1..6 (the order fills index them in).
const THEME = ['FFFFFF', '000000', 'E7E6E6', '44546A', '4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

// The legacy 56-colour palette (indexed 8..63); 0..7 repeat the first eight.
const INDEXED = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
];

/** Applies an OOXML tint (-1..1) to an RGB hex colour in HSL lightness; Excel's integer HLS math
 * can differ by one unit per channel, invisible in a preview. */
function applyTint(hex: string, tint: number): string {
  if (!tint) return hex;
  const n = parseInt(hex, 16);
  let r = ((n >> 16) & 255) / 255;
  let g = ((n >> 8) & 255) / 255;
  let b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  let s = 0;
  let l = (max + min) / 2;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number) => {
    let x = t;
    if (x < 0) x += 1;
    if (x > 1) x -= 1;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  if (s === 0) {
    r = g = b = l;
  } else {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    r = hue(p, q, h + 1 / 3);
    g = hue(p, q, h);
    b = hue(p, q, h - 1 / 3);
  }
  const to = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0');
  return `${to(r)}${to(g)}${to(b)}`.toUpperCase();
}

/** An exceljs colour ({argb} | {theme, tint} | {indexed}) → "#RRGGBB", or undefined. */
export function colorOf(c: unknown): string | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const o = c as { argb?: unknown; theme?: unknown; tint?: unknown; indexed?: unknown };
  const tint = typeof o.tint === 'number' ? o.tint : 0;
  if (typeof o.argb === 'string' && /^[0-9A-Fa-f]{6,8}$/.test(o.argb)) {
    const hex = o.argb.length === 8 ? o.argb.slice(2) : o.argb;
    return `#${applyTint(hex.toUpperCase(), tint)}`;
  }
  if (typeof o.theme === 'number' && THEME[o.theme]) return `#${applyTint(THEME[o.theme]!, tint)}`;
  // 64 and 65 are "system foreground/background": no fill to show.
  if (typeof o.indexed === 'number' && INDEXED[o.indexed]) return `#${INDEXED[o.indexed]}`;
  return undefined;
}

/** A cell's own fill colour: solid pattern fills (and gradients, by their first stop). */
export function fillOf(fill: unknown): string | undefined {
  if (!fill || typeof fill !== 'object') return undefined;
  const f = fill as { type?: unknown; pattern?: unknown; fgColor?: unknown; bgColor?: unknown; stops?: { color?: unknown }[] };
  if (f.type === 'pattern') {
    if (f.pattern === 'none' || f.pattern === undefined) return undefined;
    // Solid fills paint fgColor; other patterns mostly read as their foreground too.
    return colorOf(f.fgColor) ?? colorOf(f.bgColor);
  }
  if (f.type === 'gradient' && Array.isArray(f.stops)) return colorOf(f.stops[0]?.color);
  return undefined;
}

/** Excel column width (characters of the default font) → pixels, as Excel's 96-dpi display. */
function widthToPx(width: number | undefined): number {
  const w = typeof width === 'number' && Number.isFinite(width) && width > 0 ? width : 8.43;
  return Math.round(w * 7 + 5);
}

interface CfRuleLike {
  type?: string;
  formulae?: unknown[];
  operator?: string;
  style?: { fill?: unknown; font?: { color?: unknown } };
  stopIfTrue?: boolean;
}

const CF_TYPES: Record<string, string> = {
  expression: 'Custom',
  cellIs: 'CellValue',
  colorScale: 'ColorScale',
  dataBar: 'DataBar',
  iconSet: 'IconSet',
  top10: 'TopBottom',
  aboveAverage: 'PresetCriteria',
  containsText: 'ContainsText',
};

function conditionalFormatsOf(ws: ExcelJS.Worksheet): NonNullable<SheetLike['conditionalFormats']> {
  const out: NonNullable<SheetLike['conditionalFormats']> = [];
  const list = (ws as unknown as { conditionalFormattings?: { ref?: string; rules?: CfRuleLike[] }[] }).conditionalFormattings;
  if (!Array.isArray(list)) return out;
  for (const cf of list) {
    // A ref may list several areas ("A1:A3 C1"); each becomes its own format, as Excel reports them.
    for (const area of String(cf.ref ?? '').split(/\s+/).filter(Boolean)) {
      const rect = parseRect(area);
      if (!rect) continue;
      for (const rule of cf.rules ?? []) {
        const formula = rule.formulae?.[0];
        const fill = fillOf(rule.style?.fill);
        const fontColor = colorOf(rule.style?.font?.color);
        out.push({
          type: CF_TYPES[rule.type ?? ''] ?? String(rule.type ?? 'Custom'),
          range: rect,
          ...(typeof formula === 'string' ? { formula: formula.startsWith('=') ? formula : `=${formula}` } : {}),
          ...(fill ? { fill } : {}),
          ...(fontColor ? { fontColor } : {}),
          stopIfTrue: rule.stopIfTrue === true,
        });
      }
    }
  }
  return out;
}

function noteText(note: unknown): string | undefined {
  if (typeof note === 'string') return note;
  const texts = (note as { texts?: { text?: unknown }[] } | null)?.texts;
  if (!Array.isArray(texts)) return undefined;
  return texts.map((t) => (typeof t?.text === 'string' ? t.text : '')).join('');
}

/** Fills and notes of every stored cell (styled empty cells too); fills row-major from A1. */
function fillsAndNotesOf(ws: ExcelJS.Worksheet): { fills: (string | null)[][]; notes: Record<string, string> } {
  const fills: (string | null)[][] = [];
  const notes: Record<string, string> = {};
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
      const note = noteText(cell.note);
      if (note !== undefined && note !== '') notes[cell.address] = note;
      const fill = fillOf(cell.fill);
      if (!fill) return;
      const r = (fills[rowNumber - 1] ??= []);
      r[colNumber - 1] = fill;
    });
  });
  for (let i = 0; i < fills.length; i++) fills[i] ??= [];
  return { fills, notes };
}

function visibilityOf(ws: ExcelJS.Worksheet): HostVisibility {
  return ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible';
}

export function workbookFromExcelJs(wb: ExcelJS.Workbook): ConvertedWorkbook {
  const date1904 = Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904);
  const sheets: SheetLike[] = [];
  const layout = new Map<string, SheetLayout>();
  for (const ws of wb.worksheets) {
    const snap = sheetToSnapshot(ws, date1904);
    const { fills, notes } = fillsAndNotesOf(ws);
    sheets.push({
      name: snap.name,
      values: snap.values,
      numberFormats: snap.numberFormats,
      formulas: snap.formulas,
      fills,
      notes,
      merges: snap.merges ?? [],
      visibility: visibilityOf(ws),
      conditionalFormats: conditionalFormatsOf(ws),
    });
    const widths: number[] = [];
    const count = Math.max(ws.columnCount, ws.actualColumnCount ?? 0);
    for (let c = 1; c <= count; c++) widths.push(widthToPx(ws.getColumn(c).width));
    layout.set(snap.name, { columnWidths: widths });
  }
  const workbook = HostWorkbook.fromSnapshotLike({ sheets });

  // The sheet the file was saved on, if visible; else the first visible one.
  const views = (wb as unknown as { views?: { activeTab?: number }[] }).views;
  const tab = views?.[0]?.activeTab;
  const saved = typeof tab === 'number' ? workbook.sheets[tab] : undefined;
  const active = saved && saved.visibility === 'Visible' ? saved : workbook.sheets.find((s) => s.visibility === 'Visible');
  if (active) workbook.activeSheet = active.name;
  wb.worksheets.forEach((ws, i) => {
    const view = (ws.views as { activeCell?: string }[] | undefined)?.[0];
    const cell = typeof view?.activeCell === 'string' ? parseRect(view.activeCell) : null;
    if (cell && workbook.sheets[i]) workbook.sheets[i]!.selection = view!.activeCell!.replace(/\$/g, '').toUpperCase();
  });
  return { workbook, layout };
}

/** Width of a column in pixels (Excel's default 64 px where the file says nothing). */
export function columnWidth(layout: SheetLayout | undefined, col: number): number {
  return layout?.columnWidths[col] ?? 64;
}
