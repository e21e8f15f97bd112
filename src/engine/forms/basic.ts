// Reads a 部门整体支出绩效评价基础数据表 (财预〔2013〕53号 共性指标体系框架).
import type { Grid } from '../grid';
import { yearIn } from './labels';
import type { BasicDataForm, BasicRow, CellRef, NumCell } from './model';
import { addNumeric, cellString, numCell, reachRows, readAmountUnit, readFooter } from './fields';

export const STAFFING = /^财政供养人员情况/;
export const FUNDS_CONTROL = /^经费控制情况/;
export const BASIC_TITLE = /基础数据表/;

function headerSpan(grid: Grid, row: number, col: number): number[] {
  const m = grid.merge(row, col);
  if (!m) return [col];
  const out: number[] = [];
  for (let c = m.left; c <= m.right; c++) out.push(c);
  return out;
}

/** The number under a header cell: first numeric cell in the header's column span on `row`. */
function valueUnder(grid: Grid, row: number, headerRow: number, headerCol: number): NumCell | null {
  const span = headerSpan(grid, headerRow, headerCol);
  let firstEmpty: NumCell | null = null;
  for (const c of span) {
    const n = numCell(grid, row, c);
    if (n.read || (typeof n.raw === 'string' && n.raw.trim() !== '')) return n;
    firstEmpty ??= n;
  }
  return firstEmpty;
}

function classify(label: string): { section?: BasicRow['section']; role: BasicRow['role']; index: number | null } {
  const idx = /^(\d+)[、.．]/.exec(label);
  const index = idx ? Number(idx[1]) : null;
  if (/^三公经费/.test(label)) return { section: 'three', role: 'total', index: null };
  if (/^项目支出/.test(label)) return { section: 'project', role: 'total', index: null };
  if (/^公用经费/.test(label)) return { section: 'public', role: 'total', index: null };
  if (/^(政府采购|部门基本支出预算调整|基本支出预算调整)/.test(label)) return { section: 'other', role: 'single', index: null };
  if (index !== null) return { role: 'item', index };
  return { role: 'sub', index: null };
}

const OTHER_TITLE = /(自评表|评价表|申报表|监控表|目标表|明细表)$/;
const SECTION_LABEL = /^(\d+[、.．]|其中|三公经费|项目支出|公用经费|政府采购|部门基本支出预算调整|基本支出预算调整)/;

function rowHas(grid: Grid, r: number, re: RegExp): boolean {
  for (let c = 0; c < grid.colCount; c++) {
    if (!grid.isAnchorOrPlain(r, c)) continue;
    const l = grid.label(r, c);
    if (l && l.length <= 60 && re.test(l)) return true;
  }
  return false;
}

/** A row after a blank run still belongs to the table when it reads as one of its rows. */
function continuesTable(grid: Grid, r: number, label: string, headerRow: number, cols: number[]): boolean {
  if (label.length > 40 || OTHER_TITLE.test(label)) return false;
  if (SECTION_LABEL.test(label)) return true;
  return cols.some((c) => {
    const v = valueUnder(grid, r, headerRow, c);
    return v !== null && (v.read !== null || (typeof v.raw === 'string' && /^[—\-–－/]+$/.test(v.raw.trim())));
  });
}

export function parseBasicData(grid: Grid, top: number, limit: number): BasicDataForm | null {
  let staffingCell: CellRef | null = null;
  let fundsCell: CellRef | null = null;
  let titleCell: CellRef | null = null;
  for (let r = top; r <= limit && r < grid.rowCount; r++) {
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const l = grid.label(r, c);
      if (!l || l.length > 80) continue;
      if (!staffingCell && STAFFING.test(l)) staffingCell = { row: r, col: c };
      else if (!fundsCell && FUNDS_CONTROL.test(l)) fundsCell = { row: r, col: c };
      else if (!titleCell && BASIC_TITLE.test(l) && !fundsCell && !staffingCell) titleCell = { row: r, col: c };
    }
  }
  if (!fundsCell && !staffingCell) return null;
  const anchorRow = Math.min(staffingCell?.row ?? Infinity, fundsCell?.row ?? Infinity);
  const form: BasicDataForm = {
    kind: 'basic-data', grid, sheet: grid.name, top: titleCell?.row ?? anchorRow, left: Math.min(staffingCell?.col ?? Infinity, fundsCell?.col ?? Infinity),
    right: 0, bottom: anchorRow, title: titleCell ? cellString(grid, titleCell.row, titleCell.col) : '', titleCell,
    year: titleCell ? yearIn(grid.label(titleCell.row, titleCell.col)) : null, staffing: null, columns: [], rows: [],
    buildingsLabel: null, footer: {}, numericCells: [], amountUnit: null,
  };
  // Stated in the title rows or the 经费控制情况 header ("经费控制情况（万元）", "单位：元").
  form.amountUnit = readAmountUnit(grid, form.top, fundsCell?.row ?? anchorRow);
  const widen = (row: number, col: number) => {
    const m = grid.merge(row, col);
    form.right = Math.max(form.right, m ? m.right : col);
  };

  if (staffingCell) {
    const r = staffingCell.row;
    let authorised: NumCell | null = null;
    let actual: NumCell | null = null;
    let rate: NumCell | null = null;
    let actualLabel: CellRef | null = null;
    let actualLabelYear: number | null = null;
    for (let c = staffingCell.col + 1; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const l = grid.label(r, c);
      if (!l) continue;
      widen(r, c);
      // Values sit under their header (next row), or right of it in the same row.
      // (A blank row between the header and its figures is skipped.)
      // (Blank rows between the header and its figures are skipped, up to the next table's header.)
      const valuesBy = Math.min(limit, fundsCell && fundsCell.row > r ? fundsCell.row - 1 : grid.rowCount - 1, grid.rowCount - 1);
      let vr = r + 1;
      while (vr < valuesBy && grid.isRowEmpty(vr, staffingCell.col + 1)) vr++;
      const under = vr < grid.rowCount ? valueUnder(grid, vr, r, c) : null;
      if (/编制数/.test(l)) authorised = under;
      else if (/在职人数|实有人数/.test(l)) {
        actual = under;
        actualLabel = { row: r, col: c };
        actualLabelYear = yearIn(l);
      } else if (/控制率/.test(l)) rate = under;
    }
    form.staffing = { authorised, actual, rate, actualLabel, actualLabelYear };
    if (rate) addNumeric(form, rate, 'rate');
    form.bottom = Math.max(form.bottom, r + 1);
  }

  if (fundsCell) {
    const hr = fundsCell.row;
    let seenBudget = false;
    for (let c = fundsCell.col + 1; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(hr, c)) continue;
      const l = grid.label(hr, c);
      if (!l) continue;
      widen(hr, c);
      const year = yearIn(l);
      if (/预算/.test(l)) {
        seenBudget = true;
        form.columns.push({ col: c, label: cellString(grid, hr, c), year, kind: 'budget', cell: { row: hr, col: c } });
      } else if (/决算|执行/.test(l)) {
        form.columns.push({ col: c, label: cellString(grid, hr, c), year, kind: seenBudget ? 'actual' : 'previous', cell: { row: hr, col: c } });
      }
    }
    let section: BasicRow['section'] = 'other';
    // The table is bounded by its own structure, not by the first blank row: blank rows inside it are skipped,
    // and after a blank run only a row that reads as a table row (a label with figures under the year
    // columns, or a numbered/section label) continues it.
    let afterBlank = false;
    for (let r = hr + 1; r <= limit && r < grid.rowCount; r++) {
      const a = grid.anchor(r, fundsCell.col);
      const label = grid.label(a.row, a.col);
      if (!label) {
        if (grid.isRowEmpty(r)) afterBlank = true;
        continue;
      }
      if (/^(楼堂馆所|厉行节约|说明|填表人)/.test(label)) break;
      if (afterBlank && !continuesTable(grid, r, label, hr, form.columns.map((c) => c.col))) break;
      afterBlank = false;
      const cls = classify(label);
      if (cls.section) section = cls.section;
      const row: BasicRow = {
        label: cellString(grid, a.row, a.col),
        labelCell: a,
        section: cls.role === 'single' ? 'other' : section,
        role: cls.role === 'sub' && section === 'public' ? 'partial' : cls.role,
        index: cls.index,
        values: form.columns.map((col) => valueUnder(grid, r, hr, col.col)),
      };
      // "其中：办公经费" style rows in 公用经费 are partial; "其中：公车购置" in 三公 is a sub of 公务用车.
      if (section === 'public' && cls.role !== 'total') row.role = 'partial';
      form.rows.push(row);
      for (const v of row.values) if (v) addNumeric(form, v, 'amount');
      form.bottom = Math.max(form.bottom, r);
    }
  }

  promoteOneLineFunds(form);
  const tailTo = reachRows(grid, form.bottom + 1, 8, limit);
  for (let r = form.bottom + 1; r <= tailTo; r++) {
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const l = grid.label(r, c);
      if (l && /^楼堂馆所控制情况/.test(l)) {
        form.buildingsLabel = { cell: { row: r, col: c }, year: yearIn(l), text: cellString(grid, r, c) };
      }
    }
  }
  const footerFrom = form.bottom + 1;
  let footerTo = reachRows(grid, form.bottom + 1, 10, limit);
  // Another form's title below the table ends the table's tail (楼堂馆所, 厉行节约, 说明, footer).
  for (let r = footerFrom; r <= footerTo && r < grid.rowCount; r++) {
    if (rowHas(grid, r, OTHER_TITLE)) {
      footerTo = r - 1;
      break;
    }
  }
  form.footer = readFooter(grid, footerFrom, footerTo, 0, grid.colCount - 1);
  let last = form.bottom;
  for (let r = footerFrom; r <= footerTo && r < grid.rowCount; r++) if (!grid.isRowEmpty(r)) last = r;
  form.bottom = last;
  if (!form.year) {
    const actualCol = form.columns.find((c) => c.kind === 'actual');
    form.year = actualCol?.year ?? form.staffing?.actualLabelYear ?? yearIn(grid.name) ?? null;
  }
  if (form.left === Infinity) form.left = 0;
  return form;
}

/**
 * "3、公共专项资金（一个专项一行）" left blank with the funds on the rows below it ("教育发展专项", "教育事业专项"):
 * those rows are the items of 项目支出 themselves, so the rows under a blank numbered heading count as items.
 */
function promoteOneLineFunds(form: BasicDataForm): void {
  const blank = (row: BasicRow) => row.values.every((v) => !v || (v.read === null && (v.raw === null || v.raw === '')));
  let heading: BasicRow | null = null;
  for (const row of form.rows) {
    if (row.section !== 'project') continue;
    if (row.role === 'item') heading = blank(row) ? row : null;
    else if (row.role === 'sub' && heading && !blank(row)) row.role = 'item';
    else if (row.role === 'total') heading = null;
  }
}
