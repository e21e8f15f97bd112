// Builds a 基础数据表 snapshot sheet in the layout of the 株洲 reference report.
import type { CellRange, CellValue, SheetSnapshot } from '../../src/engine/types';

export interface BasicSpec {
  year?: number;
  staffing?: { authorised: CellValue; actual: CellValue; rate: CellValue; rateFormat?: string; actualLabel?: string };
  /** Column labels; default 上年决算数/本年预算数/本年决算数 with years. */
  columns?: [string, string, string];
  rows?: [string, CellValue, CellValue, CellValue][];
  buildingsLabel?: string;
  /** Label of the 经费控制情况 header; default "经费控制情况（万元）" (it states the amount unit). */
  fundsLabel?: string;
  /** Text written right of the title ("单位：元"); none by default. */
  unitNote?: string;
  footer?: { filler?: string; date?: string };
}

export const DEFAULT_BASIC_ROWS: [string, CellValue, CellValue, CellValue][] = [
  ['三公经费', 1.6, 1.7, 1.0],
  ['1、公务用车购置和维护经费', 1.49, 1.5, 0.96],
  ['其中：公车购置', 0, 0, 0],
  ['公车运行维护', 1.49, 1.5, 0.96],
  ['2、出国经费', 0, 0, 0],
  ['3、公务接待', 0.11, 0.2, 0.04],
  ['项目支出：', 173.28, 190, 184.49],
  ['1、业务工作经费', 0, 0, 0],
  ['2、运行维护经费', 0, 0, 0],
  ['3、市级专项资金（教育信息化专项）', 173.28, 190, 184.49],
  ['公用经费', 30.39, 37.38, 29.55],
  ['其中：办公经费', 3.78, 3.0, 2.5],
  ['水费、电费、差旅费', 5.3, 5.6, 4.73],
  ['会议费、培训费', 0.25, 0.3, 0.2],
  ['政府采购金额', '——', 24.12, 169.51],
  ['部门基本支出预算调整', '——', 325.55, 334.45],
];

export interface BuiltBasic {
  sheet: SheetSnapshot;
  /** A1 address of a data row's value: rowCell('三公经费', 2) = 本年决算数 of 三公经费. */
  rowCell(label: string, column: 0 | 1 | 2): string;
  rateCell: string;
  fillerCell: string;
  buildingsCell: string;
  columnCell(column: 0 | 1 | 2): string;
}

const COLS = [1, 3, 5];

function a1(r: number, c: number): string {
  return `${String.fromCharCode(65 + c)}${r + 1}`;
}

export function buildBasic(name: string, spec: BasicSpec = {}): BuiltBasic {
  const year = spec.year ?? 2024;
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const merges: CellRange[] = [];
  const set = (r: number, c: number, v: CellValue, f?: string) => {
    while (values.length <= r) values.push([]);
    while (formats.length <= r) formats.push([]);
    const row = values[r]!;
    while (row.length < c) row.push('');
    row[c] = v;
    if (f) formats[r]![c] = f;
  };
  const merge = (t: number, l: number, b: number, r: number) => {
    merges.push({ top: t, left: l, bottom: b, right: r });
    for (let i = t; i <= b; i++) for (let j = l; j <= r; j++) if (i !== t || j !== l) set(i, j, '');
  };
  let r = 0;
  set(r, 0, `${year}年度部门（单位）整体支出绩效评价 基础数据表`);
  merge(r, 0, r, 6);
  if (spec.unitNote) set(r, 7, spec.unitNote);
  r++;
  const st = spec.staffing ?? { authorised: 13, actual: 12, rate: 0.9231 };
  set(r, 0, '财政供养人员情况（人）');
  merge(r, 0, r + 1, 0);
  set(r, 1, '编制数');
  set(r, 3, st.actualLabel ?? `${year}年实际在职人数`);
  set(r, 5, '控制率');
  for (const c of COLS) merge(r, c, r, c + 1);
  r++;
  set(r, 1, st.authorised);
  set(r, 3, st.actual);
  set(r, 5, st.rate, st.rateFormat ?? '0.00%');
  for (const c of COLS) merge(r, c, r, c + 1);
  const rateCell = a1(r, 5);
  r++;
  const cols = spec.columns ?? [`${year - 1}年决算数`, `${year}年预算数`, `${year}年决算数`];
  set(r, 0, spec.fundsLabel ?? '经费控制情况（万元）');
  cols.forEach((h, i) => set(r, COLS[i]!, h));
  for (const c of COLS) merge(r, c, r, c + 1);
  const headerRow = r;
  r++;
  const rowIndex = new Map<string, number>();
  for (const [label, ...vals] of spec.rows ?? DEFAULT_BASIC_ROWS) {
    set(r, 0, label);
    vals.forEach((v, i) => set(r, COLS[i]!, v, typeof v === 'number' ? '0.00' : undefined));
    for (const c of COLS) merge(r, c, r, c + 1);
    rowIndex.set(label, r);
    r++;
  }
  set(r, 0, spec.buildingsLabel ?? `楼堂馆所控制情况（${year}年完工项目）`);
  ['批复规模', '实际规模(m²)', '规模控制率', '预算投资(万元)', '实际投资(万元)', '投资概算控制率'].forEach((h, i) => set(r, 1 + i, h));
  const buildingsCell = a1(r, 0);
  r++;
  set(r, 0, '厉行节约保障措施');
  set(r, 1, '严格控制一般性支出。');
  merge(r, 1, r, 6);
  r++;
  set(r, 0, '填表人：');
  set(r, 1, spec.footer?.filler ?? '曹红蕾');
  set(r, 2, '填报日期：');
  set(r, 3, spec.footer?.date ?? '2025.5.6');
  const fillerCell = a1(r, 1);
  return {
    sheet: { name, values, numberFormats: formats, merges },
    rowCell: (label, column) => a1(rowIndex.get(label)!, COLS[column]!),
    rateCell,
    fillerCell,
    buildingsCell,
    columnCell: (column) => a1(headerRow, COLS[column]!),
  };
}
