// Reads a 部门整体支出 / 项目支出 绩效自评表 from a located region of a sheet.
import type { Grid } from '../grid';
import { D, type IndicatorValue } from '../values';
import {
  blockName, budgetHeader, fundGroupLabel, fundLabel, GOALS, GRADE_LABEL, indicatorHeader, OLD_FRAMEWORK_BLOCK,
  PROJECT_LABEL, stripLabel, TOTAL_FIELD, TOTAL_FUNDS, TOTAL_ROW, UNIT_LABEL, weightInLabel, yearIn,
} from './labels';
import type {
  BudgetColumn, CellRef, FundGroup, FundItem, IndicatorBlock, IndicatorColumn, IndicatorRow, IndicatorScore, NumCell, PerformanceForm,
} from './model';
import { addNumeric, cellString, embeddedNumber, labeledField, numCell, numValue, parseIndicatorMemo, reachRows, readAmountUnit, readFooter } from './fields';

export interface PerformanceRegion {
  top: number;
  /** Last row the form may use (exclusive bound of the next form). */
  limit: number;
  budgetHeaderRow: number | null;
  indicatorHeaderRow: number;
}

export type ParseOutcome =
  | { ok: true; form: PerformanceForm }
  | { ok: false; missing: string[]; cell: CellRef };

const TOTAL_CHARS = /[总合计]/;
const FOOTER_START = /^\s*(填表人|填报日期|说明|备注|注\s*[:：])/;
const EMPTY_VALUE: IndicatorValue = { kind: 'empty', unit: '', percent: false, bare: false, text: '', numberCount: 0 };

function headerColumns(grid: Grid, row: number) {
  const cols: Partial<Record<IndicatorColumn, number>> = {};
  let left = Infinity;
  let right = -1;
  const scan = (r: number) => {
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const h = indicatorHeader(grid.label(r, c));
      if (!h) continue;
      if (cols[h] === undefined) cols[h] = c;
      left = Math.min(left, c);
      const m = grid.merge(r, c);
      right = Math.max(right, m ? m.right : c);
    }
  };
  scan(row);
  // Two-row headers: 年初指标值 / 调整指标值 (or 分值/得分) under a merged "年度指标值".
  let sub = false;
  if (row + 1 < grid.rowCount) {
    const before = Object.keys(cols).length;
    const probe: Partial<Record<IndicatorColumn, number>> = {};
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(row + 1, c)) continue;
      const h = indicatorHeader(grid.label(row + 1, c));
      if (h && h !== 'level1' && h !== 'level2') probe[h] = c;
    }
    const probeKeys = Object.keys(probe) as IndicatorColumn[];
    if (probeKeys.length >= 2 || probe.targetInitial !== undefined || probe.targetAdjusted !== undefined) {
      sub = true;
      for (const k of probeKeys) {
        cols[k] = probe[k]!;
        right = Math.max(right, probe[k]!);
      }
      // A merged "年度指标值" header over sub-columns is not itself a value column.
      if (cols.target !== undefined && (cols.targetInitial !== undefined || cols.targetAdjusted !== undefined)) {
        if (cols.target === cols.targetInitial || cols.target === cols.targetAdjusted) delete cols.target;
      }
    }
    void before;
  }
  return { cols, left: left === Infinity ? 0 : left, right, sub };
}

function findInRegion(grid: Grid, top: number, bottom: number, re: RegExp, maxLen = 60): CellRef | null {
  for (let r = top; r <= bottom && r < grid.rowCount; r++) {
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const l = grid.label(r, c);
      if (l && l.length <= maxLen && re.test(l)) return { row: r, col: c };
    }
  }
  return null;
}

const AMOUNT_ROLES = ['initial', 'budget', 'executed'] as const;

function readBudget(grid: Grid, form: PerformanceForm, headerRow: number, endRow: number): void {
  const cols: NonNullable<PerformanceForm['budget']>['cols'] = {};
  let headerWeight: InstanceType<typeof D> | null = null;
  /** Header cells right of the amount columns that the vocabulary does not know. */
  const unknown: CellRef[] = [];
  let seenAmount = false;
  /** The header row's first labelled cell: where the block's side label sits when it shares the row. */
  let sideLabel: number | null = null;
  for (let c = 0; c < grid.colCount; c++) {
    if (!grid.isAnchorOrPlain(headerRow, c)) continue;
    const label = grid.label(headerRow, c);
    if (label && sideLabel === null) sideLabel = c;
    const h = budgetHeader(label);
    if (h === 'initial' || h === 'budget' || h === 'executed') seenAmount = true;
    else if (!h && label && seenAmount && label.length <= 30) unknown.push({ row: headerRow, col: c });
    if (!h || h === 'reason' || h === 'coefficient') continue;
    // "预算资金（万元）" as the side label names what the block holds: a column to its right with the same role is
    // the column.
    if (cols[h] === undefined || (cols[h] === sideLabel && c !== sideLabel)) cols[h] = c;
    if (h === 'score') {
      const w = weightInLabel(label);
      if (w) headerWeight = new D(w);
    }
    form.right = Math.max(form.right, grid.merge(headerRow, c)?.right ?? c);
    form.left = Math.min(form.left, c);
  }
  // The side label is no amount column when amount columns follow it (金寨: "预算资金（万元） | 年初预算数 | 全年执行数").
  for (const role of AMOUNT_ROLES) {
    if (sideLabel !== null && cols[role] === sideLabel && AMOUNT_ROLES.some((r) => r !== role && (cols[r] ?? -1) > sideLabel!)) delete cols[role];
  }
  // "预算执行情况（20分）": the block's side label states the weight when no column or header does.
  if (cols.weight === undefined && headerWeight === null) {
    for (let c = 0; c < grid.colCount; c++) {
      const l = grid.label(grid.anchorRow(headerRow, c), grid.anchorCol(headerRow, c));
      if (!l || l.length > 30 || budgetHeader(l)) continue;
      const w = /(预算|执行|资金)/.test(l) ? weightInLabel(l) : null;
      if (w) {
        headerWeight = new D(w);
        break;
      }
    }
  }
  const budget: NonNullable<PerformanceForm['budget']> = {
    headerRow, cols, headerWeight, totalRow: null, initial: null, planned: null, executed: null, weight: null, rate: null,
    score: null, funds: [], groups: [],
  };
  form.budget = budget;
  const columnOf = (c: number): BudgetColumn => {
    if (c === cols.initial) return 'initial';
    if (c === cols.budget) return 'budget';
    if (c === cols.executed) return 'executed';
    return 'other';
  };
  const firstValueCol = Math.min(...[cols.initial, cols.budget, cols.executed].filter((x): x is number => x !== undefined), Infinity);
  for (let r = headerRow; r < endRow; r++) {
    // Total row: the label sits left of the amount columns (or anywhere in the header row itself).
    let isTotal = false;
    for (let c = 0; c < Math.min(grid.colCount, firstValueCol === Infinity ? grid.colCount : firstValueCol); c++) {
      const l = grid.label(r, c);
      if (l && TOTAL_FUNDS.test(l)) isTotal = true;
    }
    if (isTotal && budget.totalRow === null) {
      budget.totalRow = r;
      const at = (c: number | undefined) => (c === undefined ? null : numCell(grid, r, c));
      budget.initial = at(cols.initial);
      // With only 年初预算数(A) and 执行数(B) (执行率 = B/A), the 年初 figure is the budget the rate is taken on.
      budget.planned = at(cols.budget ?? cols.initial);
      budget.executed = at(cols.executed);
      budget.weight = at(cols.weight);
      budget.rate = at(cols.rate);
      budget.score = at(cols.score);
      for (const [role, n] of [['amount', budget.initial], ['amount', budget.planned], ['amount', budget.executed],
        ['weight', budget.weight], ['rate', budget.rate], ['score', budget.score]] as const) {
        if (n) addNumeric(form, n, role);
      }
      continue;
    }
    if (r === headerRow) continue;
    // Breakdown rows: every label cell with its value (embedded, or numbers to its right up to the next label).
    const labels: { col: number; label: string }[] = [];
    for (let c = 0; c < grid.colCount; c++) {
      if (!grid.isAnchorOrPlain(r, c)) continue;
      const v = grid.raw(r, c);
      if (typeof v !== 'string' || v.trim() === '') continue;
      const label = grid.label(r, c);
      if (fundLabel(label, form.kind) || fundGroupLabel(label)) labels.push({ col: c, label });
    }
    labels.forEach((lab, i) => {
      const nextLabelCol = i + 1 < labels.length ? labels[i + 1]!.col : grid.colCount;
      const group = fundGroupLabel(lab.label);
      const embedded = embeddedNumber(grid, r, lab.col, lab.label);
      if (group) {
        const g: FundGroup = { group, label: { row: r, col: lab.col }, declaredTotal: embedded };
        budget.groups.push(g);
        return;
      }
      const f = fundLabel(lab.label, form.kind)!;
      const item: FundItem = { name: f.name, group: f.group, label: { row: r, col: lab.col }, values: [] };
      if (embedded) {
        item.values.push({ column: 'other', cell: embedded });
      } else {
        const merge = grid.merge(r, lab.col);
        for (let c = (merge ? merge.right : lab.col) + 1; c < nextLabelCol; c++) {
          if (!grid.isAnchorOrPlain(r, c)) continue;
          // Each number is read by its column's role: a 其中 row repeating its own 执行率 (1.00, "100%") or 分值
          // holds no amount there. The 得分 column holds an amount only as a label's sole figure (长沙 writes
          // 基本支出/项目支出 amounts there, labels spanning the columns to its left).
          if (c === cols.rate || c === cols.weight) {
            const n = numCell(grid, r, c);
            if (n.read && c === cols.rate) addNumeric(form, n, 'rate');
            continue;
          }
          if (c === cols.score && item.values.length > 0) continue;
          const n = numCell(grid, r, c);
          if (n.read) {
            item.values.push({ column: columnOf(c), cell: n });
            addNumeric(form, n, 'amount');
          } else if (typeof n.raw === 'string' && /^#/.test(n.raw)) {
            item.values.push({ column: columnOf(c), cell: n });
          }
        }
      }
      budget.funds.push(item);
    });
  }
  // No error rests on a guess: what the block does not let us identify is named, not assumed.
  if (form.framework !== 'old') {
    if (budget.totalRow === null) {
      form.unchecked.push({ row: headerRow, col: firstLabelCol(grid, headerRow), part: 'execution-rate', label: '' });
    } else if (cols.score === undefined && (cols.rate !== undefined || cols.weight !== undefined || unknown.length)) {
      const at = unknown[0] ?? { row: headerRow, col: firstLabelCol(grid, headerRow) };
      form.unchecked.push({ ...at, part: 'execution-score', label: unknown[0] ? cellString(grid, at.row, at.col) : '' });
    }
  }
}

function firstLabelCol(grid: Grid, row: number): number {
  for (let c = 0; c < grid.colCount; c++) if (!grid.isEmpty(row, c)) return grid.anchorCol(row, c);
  return 0;
}

/**
 * An indicator row. The cells of its name, target, actual and reason are worked out when asked for: only a few
 * rules need them, and three retained objects per row were a measurable share of garbage-collection time
 * on big workbooks. Every field is set in the constructor so all rows share one shape.
 */
class ParsedRow implements IndicatorRow {
  readonly row: number;
  level1 = '';
  level1Cell: CellRef = NO_CELL;
  level2 = '';
  name = '';
  target: IndicatorValue = EMPTY_VALUE;
  actual: IndicatorValue = EMPTY_VALUE;
  operator: string | null = null;
  unit: string | null = null;
  weight: NumCell | null = null;
  score: NumCell | null = null;
  coefficient: NumCell | null = null;
  reason = '';
  computed: IndicatorScore | undefined = undefined;
  private readonly grid: Grid;
  private readonly nameCol: number;
  private readonly targetCol: number;
  private readonly actualCol: number;
  private readonly reasonCol: number;

  constructor(grid: Grid, row: number, nameCol: number, targetCol: number, actualCol: number, reasonCol: number) {
    this.grid = grid;
    this.row = row;
    this.nameCol = nameCol;
    this.targetCol = targetCol;
    this.actualCol = actualCol;
    this.reasonCol = reasonCol;
  }

  get reasonCell(): CellRef | null {
    return this.reasonCol < 0 ? null : this.grid.anchor(this.row, this.reasonCol);
  }

  get nameCell(): CellRef {
    return { row: this.row, col: this.nameCol };
  }

  get targetCell(): CellRef | null {
    return this.targetCol < 0 ? null : this.grid.anchor(this.row, this.targetCol);
  }

  get actualCell(): CellRef | null {
    return this.actualCol < 0 ? null : this.grid.anchor(this.row, this.actualCol);
  }
}
const NO_CELL: CellRef = { row: 0, col: 0 };

function readIndicators(grid: Grid, form: PerformanceForm, firstRow: number, limit: number): void {
  const cols = form.indicatorCols;
  let block: IndicatorBlock | null = null;
  let level2 = '';
  let lastAnchorRow = -1;
  let lastAnchorCol = -1;
  let emptyRun = 0;
  const text = (r: number, c: number | undefined) => (c === undefined ? '' : cellString(grid, r, c));
  // Value and cell of an indicator value column, without a wrapper object per row.
  const valueOf = (r: number, c: number | undefined): IndicatorValue => {
    if (c === undefined) return EMPTY_VALUE;
    const ar = grid.anchorRow(r, c);
    const ac = grid.anchorCol(r, c);
    return parseIndicatorMemo(grid.raw(ar, ac), grid.numberFormat(ar, ac), grid.memo);
  };
  const scanTo = cols.weight ?? cols.score ?? form.right;
  const isTotalRow = (r: number): boolean => {
    // From column A: the 总分 label is often merged across the columns left of 分值, starting left of 一级指标.
    for (let c = 0; c < scanTo; c++) {
      const v = grid.value(r, c);
      if (typeof v !== 'string' || v.length > 12 || !TOTAL_CHARS.test(v)) continue;
      if (TOTAL_ROW.test(grid.label(r, c))) return true;
    }
    return false;
  };
  const isFooterRow = (r: number): boolean => {
    for (let c = 0; c <= form.left; c++) {
      // The label, not the raw text: "说 明" typed with a space still starts the footer.
      if (typeof grid.value(r, c) === 'string' && FOOTER_START.test(grid.label(r, c))) return true;
    }
    return false;
  };
  // After a run of blank rows the table goes on only when its 总分 row is still ahead, before any footer:
  // blank rows inside a table are layout, but a table without its total row ends at the first long gap.
  // A form that scores nothing has no 总分 row by design: its footer (说明, 注) is what ends it.
  const scoreless = cols.weight === undefined && cols.score === undefined;
  const totalAhead = (from: number): boolean => {
    for (let r = from; r <= limit && r < grid.rowCount; r++) {
      if (grid.isRowEmpty(r, form.left, form.right)) continue;
      if (isTotalRow(r)) return true;
      if (isFooterRow(r)) return scoreless;
    }
    return false;
  };
  // A table without a 总分 row (重庆: the total is a field above the tables) goes on after a gap when the next row
  // with content is an indicator row itself: a name with its 分值 and 得分 as numbers.
  const indicatorNext = (from: number): boolean => {
    if (cols.level3 === undefined || cols.weight === undefined || cols.score === undefined) return false;
    for (let r = from; r <= limit && r < grid.rowCount; r++) {
      if (grid.isRowEmpty(r, form.left, form.right)) continue;
      return text(r, cols.level3) !== '' && numCell(grid, r, cols.weight).read !== null && numCell(grid, r, cols.score).read !== null;
    }
    return false;
  };
  let gapChecked = false;
  for (let r = firstRow; r <= limit && r < grid.rowCount; r++) {
    // Total row ends the block.
    if (isTotalRow(r)) {
      form.totalRow = r;
      if (cols.weight !== undefined) form.totalWeight = numCell(grid, r, cols.weight);
      if (cols.score !== undefined) form.totalScore = numCell(grid, r, cols.score);
      if (form.totalWeight) addNumeric(form, form.totalWeight, 'weight');
      if (form.totalScore) addNumeric(form, form.totalScore, 'score');
      return;
    }
    if (grid.isRowEmpty(r, form.left, form.right)) {
      if (++emptyRun >= 3 && !gapChecked) {
        if (!totalAhead(r + 1) && !indicatorNext(r + 1)) return;
        // One look ahead per table: the total row found is ahead of every later gap too.
        gapChecked = true;
      }
      continue;
    }
    emptyRun = 0;
    // Stop at something that is clearly not an indicator row (a footer, a new title).
    if (isFooterRow(r)) return;

    if (cols.level1 !== undefined) {
      const ar = grid.anchorRow(r, cols.level1);
      const ac = grid.anchorCol(r, cols.level1);
      const raw = cellString(grid, ar, ac);
      if (raw && (ar !== lastAnchorRow || ac !== lastAnchorCol)) {
        lastAnchorRow = ar;
        lastAnchorCol = ac;
        const label = grid.label(ar, ac);
        // Blocks follow label continuity, not merges: "产出指标(50分)" repeated on every row (an unmerged or
        // sorted column) continues the block it names; the block stays anchored at its first label cell.
        const continues = block !== null && block.label !== '' && label === grid.label(block.cell.row, block.cell.col);
        if (!continues) {
          const w = weightInLabel(label);
          block = { name: blockName(label), label: raw, cell: { row: ar, col: ac }, declaredWeight: w ? new D(w) : null, rows: [] };
          form.blocks.push(block);
          level2 = '';
        }
      }
    }
    const l2 = text(r, cols.level2);
    if (l2) level2 = l2;
    const name = text(r, cols.level3);
    // 调整指标值 wins over 年初指标值 when filled; a single 年度指标值 column otherwise.
    let targetCol = cols.target;
    if (cols.targetAdjusted !== undefined) {
      targetCol = valueOf(r, cols.targetAdjusted).kind !== 'empty' ? cols.targetAdjusted : cols.targetInitial ?? cols.target;
    } else if (cols.targetInitial !== undefined && valueOf(r, cols.target).kind === 'empty') {
      targetCol = cols.targetInitial;
    }
    const target = valueOf(r, targetCol);
    const actual = valueOf(r, cols.actual);
    const weight = cols.weight !== undefined ? numCell(grid, r, cols.weight) : null;
    const score = cols.score !== undefined ? numCell(grid, r, cols.score) : null;
    const coefficient = cols.coefficient !== undefined ? numCell(grid, r, cols.coefficient) : null;
    const weightEmpty = !weight || grid.isEmpty(weight.row, weight.col);
    const scoreEmpty = !score || grid.isEmpty(score.row, score.col);
    if (!name && target.kind === 'empty' && actual.kind === 'empty' && weightEmpty && scoreEmpty) continue;
    // An unnamed block only for a row with content: blank rows under the header (inside a merged "绩效指标" label
    // column) open none.
    if (!block) {
      block = { name: '', label: '', cell: { row: r, col: cols.level1 ?? form.left }, declaredWeight: null, rows: [] };
      form.blocks.push(block);
    }
    // A merged weight/score spanning several rows belongs to its first row only.
    const weightCell = weight && weight.row === r ? weight : weightEmpty ? weight : null;
    const scoreCell = score && score.row === r ? score : scoreEmpty ? score : null;

    const row = new ParsedRow(grid, r, cols.level3 ?? form.left, targetCol ?? -1, cols.actual ?? -1, cols.reason ?? -1);
    row.level1 = block.name;
    row.level1Cell = block.cell;
    row.level2 = level2;
    row.name = name;
    row.target = target;
    row.actual = actual;
    row.operator = cols.operator !== undefined ? text(r, cols.operator) || null : null;
    row.unit = cols.unit !== undefined ? text(r, cols.unit) || null : null;
    row.weight = weightCell;
    row.score = scoreCell;
    row.coefficient = coefficient;
    row.reason = cols.reason !== undefined ? cellString(grid, grid.anchorRow(r, cols.reason), grid.anchorCol(r, cols.reason)) : '';
    if (weightCell) addNumeric(form, weightCell, 'weight');
    if (scoreCell) addNumeric(form, scoreCell, 'score');
    block.rows.push(row);
  }
}

/**
 * A budget block with a 得分 column but no 分值 anywhere (no column, nothing in the header or side label): the form's
 * own arithmetic says the weight — the 总分 row's 分值 less the indicators' 分值 — when that is one of the weights
 * in use (10 or 20). Otherwise it stays unknown and is named (role-unrecognised), not assumed silently.
 */
function inferExecutionWeight(form: PerformanceForm): void {
  const b = form.budget;
  if (!b || b.cols.weight !== undefined || b.headerWeight !== null || b.cols.score === undefined || form.framework === 'old') return;
  const total = numValue(form.totalWeight);
  let sum = new D(0);
  for (const block of form.blocks) for (const r of block.rows) sum = sum.plus(numValue(r.weight) ?? 0);
  const rest = total ? total.minus(sum) : null;
  if (rest && (rest.eq(10) || rest.eq(20))) b.headerWeight = rest;
  else form.unchecked.push({ row: b.headerRow, col: b.cols.score, part: 'execution-weight', label: cellString(form.grid, b.headerRow, b.cols.score) });
}

/**
 * 重庆's 部门整体绩效自评表 has no 总分 row: the total is a field above the tables ("自评总分（分） | 97.6"). It is the
 * declared total only when the indicator table has no total row of its own.
 */
function readTotalField(grid: Grid, form: PerformanceForm, top: number, bottom: number): void {
  const at = findInRegion(grid, top, bottom, TOTAL_FIELD, 12);
  if (!at) return;
  const field = labeledField(grid, at.row, at.col, TOTAL_FIELD, Math.max(form.right, grid.colCount - 1));
  const n = field.inline ? embeddedNumber(grid, at.row, at.col, grid.label(at.row, at.col)) : numCell(grid, field.row, field.col);
  if (!n) return;
  form.totalScore = n;
  if (n.read) addNumeric(form, n, 'score');
}

/** The first 一级 labels under the header name old-framework blocks (投入/过程/决策/…). */
function oldFrameworkBelow(grid: Grid, cols: Partial<Record<IndicatorColumn, number>>, region: PerformanceRegion): boolean {
  if (cols.level1 === undefined) return false;
  let seen = 0;
  for (let r = region.indicatorHeaderRow + 1; r <= region.limit && r < grid.rowCount && seen < 3; r++) {
    const l = grid.label(grid.anchorRow(r, cols.level1), grid.anchorCol(r, cols.level1));
    if (!l) continue;
    seen++;
    if (OLD_FRAMEWORK_BLOCK.test(blockName(l))) return true;
  }
  return false;
}

const SCORELESS_TITLE = /(目标自评表|区域绩效自评表)/;

/** Parses one form; returns what is missing when the region looks like a form but cannot be read. */
export function parsePerformanceForm(grid: Grid, region: PerformanceRegion): ParseOutcome {
  const header = headerColumns(grid, region.indicatorHeaderRow);
  const missing: string[] = [];
  if (header.cols.level3 === undefined && header.cols.level2 === undefined) missing.push('三级指标列');
  if (header.cols.weight === undefined) missing.push('分值（权重）列');
  if (header.cols.score === undefined) missing.push('得分列');
  if (header.cols.target === undefined && header.cols.targetInitial === undefined && header.cols.targetAdjusted === undefined) missing.push('年度指标值列');
  if (header.cols.actual === undefined) missing.push('实际完成值列');
  // Old frameworks (财预〔2013〕53号 共性指标 scoring tables: 投入/过程/产出/效果, 分值 and 得分 but no 指标值/实际完成值):
  // recognised as 旧版指标框架, their weights and total checked; nothing is scored per indicator.
  if (missing.length && missing.every((m) => m === '年度指标值列' || m === '实际完成值列') && oldFrameworkBelow(grid, header.cols, region)) {
    missing.length = 0;
  }
  // A form that scores nothing by design — the 转移支付 绩效目标自评表 / 区域绩效自评表: 年度指标值 and 全年完成值, no
  // 分值 and no 得分 column — is read for what it holds (budget execution, targets, actuals) and says at info level
  // that no score is checked. Only under such a title: a 项目支出绩效自评表 without scores is half a form (unreadable),
  // a 绩效监控表 or 目标表 is another kind of form.
  const scoreless = missing.length === 2 && missing.includes('分值（权重）列') && missing.includes('得分列')
    && findInRegion(grid, region.top, region.budgetHeaderRow ?? region.indicatorHeaderRow, SCORELESS_TITLE, 80) !== null;
  if (scoreless) missing.length = 0;
  // 湖北 项目自评表: a 得分 column but no 分值 column — each 一级 block states its weight in its label ("产出指标
  // (60分)"). Read when every block does (checked after the rows are read): block and total sums are checked, the
  // indicators' own scores are carried as declared and said not checked.
  const blockWeighted = missing.length === 1 && missing[0] === '分值（权重）列';
  if (blockWeighted) missing.length = 0;
  if (missing.length) {
    if (region.budgetHeaderRow === null) missing.push('年度预算（年初预算数/全年预算数/全年执行数）表头');
    return { ok: false, missing, cell: { row: region.indicatorHeaderRow, col: header.cols.level1 ?? header.left } };
  }
  const titleEnd = region.budgetHeaderRow ?? region.indicatorHeaderRow;
  const hasProject = findInRegion(grid, region.top, titleEnd, PROJECT_LABEL) !== null;
  const titleCell = findInRegion(grid, region.top, titleEnd, /(自评表|绩效自评|评价表|评分表)/, 80);
  const title = titleCell ? cellString(grid, titleCell.row, titleCell.col) : '';
  const titleLabel = titleCell ? grid.label(titleCell.row, titleCell.col) : '';
  const kind: 'overall' | 'project' = /项目支出/.test(titleLabel) || hasProject
    ? 'project'
    : /整体支出|部门|单位/.test(titleLabel) || findInRegion(grid, region.top, titleEnd, UNIT_LABEL) ? 'overall' : 'project';

  const form: PerformanceForm = {
    kind, grid, sheet: grid.name, top: titleCell?.row ?? region.top, left: header.left, right: header.right,
    bottom: region.indicatorHeaderRow, title, titleCell, year: null, yearCell: null, unit: null, projectName: null,
    framework: 'current', budget: null, goals: null, indicatorHeaderRow: region.indicatorHeaderRow,
    indicatorCols: header.cols, blocks: [], totalRow: null, totalWeight: null, totalScore: null, grade: null,
    footer: {}, unchecked: [], numericCells: [], amountUnit: null,
  };
  // Forms without a title start at their first non-empty row.
  if (!titleCell) {
    for (let r = region.top; r <= titleEnd; r++) {
      if (!grid.isRowEmpty(r)) { form.top = r; break; }
    }
  }
  // Stated in the title rows or the budget header ("单位：万元", "年度预算申请（万元）", "预算数（元）"): a few rows
  // from just above the title, never the whole region above the form.
  form.amountUnit = readAmountUnit(grid, Math.max(region.top, form.top - 1, titleEnd - 12), titleEnd);
  const unitCell = kind === 'project'
    ? findInRegion(grid, region.top, titleEnd, /^实施单位/) ?? findInRegion(grid, region.top, titleEnd, /^(主管部门|预算单位名称|单位名称)/)
    : findInRegion(grid, region.top, titleEnd, UNIT_LABEL);
  if (unitCell) form.unit = labeledField(grid, unitCell.row, unitCell.col, /^(实施单位|主管部门|预算单位名称|预算部门名称|部门\(单位\)名称|单位名称|部门名称|预算单位)[:]?/, header.right);
  const projectCell = findInRegion(grid, region.top, titleEnd, PROJECT_LABEL);
  if (projectCell) form.projectName = labeledField(grid, projectCell.row, projectCell.col, PROJECT_LABEL, header.right);
  const yearFromTitle = yearIn(titleLabel);
  if (yearFromTitle) {
    form.year = yearFromTitle;
    form.yearCell = titleCell;
  } else {
    const y = yearIn(grid.name.replace(/\s/g, ''));
    if (y) form.year = y;
  }

  const goalsCell = findInRegion(grid, region.top, region.indicatorHeaderRow - 1, GOALS);
  // The goals block may sit below the budget block (湖南) or above it (四川: 项目年度目标 first): each block ends where
  // the other or the indicator table begins.
  const budgetRow = region.budgetHeaderRow;
  const goalsBelowBudget = goalsCell !== null && budgetRow !== null && goalsCell.row > budgetRow;
  if (budgetRow !== null) {
    readBudget(grid, form, budgetRow, goalsBelowBudget ? goalsCell.row : region.indicatorHeaderRow);
  }
  // 四川: "项目年度目标 | 年度目标完成情况" is a header row, each text in the cell under its header.
  const actualHeader = goalsCell ? findInRegion(grid, goalsCell.row, goalsCell.row, /^(年度目标完成情况|实际完成情况)$/) : null;
  if (goalsCell && actualHeader && actualHeader.col > goalsCell.col) {
    const under = (at: CellRef): CellRef | null => {
      const below = grid.merge(at.row, at.col)?.bottom ?? at.row;
      const a = below + 1 < grid.rowCount ? grid.anchor(below + 1, at.col) : null;
      return a && cellString(grid, a.row, a.col) ? a : null;
    };
    const e = under(goalsCell);
    const a = under(actualHeader);
    form.goals = {
      expected: e ? cellString(grid, e.row, e.col) : '',
      actual: a ? cellString(grid, a.row, a.col) : '',
      expectedCell: e,
      actualCell: a,
    };
  } else if (goalsCell) {
    const texts: { text: string; cell: CellRef }[] = [];
    const goalsEnd = budgetRow !== null && !goalsBelowBudget && budgetRow > goalsCell.row ? budgetRow : region.indicatorHeaderRow;
    for (let r = goalsCell.row; r < goalsEnd; r++) {
      for (let c = goalsCell.col + 1; c < grid.colCount; c++) {
        if (!grid.isAnchorOrPlain(r, c)) continue;
        const t = cellString(grid, r, c);
        if (!t || /^(预期目标|实际完成情况|年度总体目标)$/.test(grid.label(r, c))) continue;
        texts.push({ text: t.replace(/^实际完成情况[:：]?\s*/, ''), cell: { row: r, col: c } });
      }
    }
    form.goals = {
      expected: texts[0]?.text ?? '',
      actual: texts[1]?.text ?? '',
      expectedCell: texts[0]?.cell ?? null,
      actualCell: texts[1]?.cell ?? null,
    };
  }
  // The side label left of the indicator header may state the indicators' weight ("绩效指标(90分)", 湖北 "年度绩效
  // 目标(80分)"): checked against the 一级 weights by weight-total.
  for (let c = header.left - 1; c >= 0; c--) {
    if (grid.isEmpty(region.indicatorHeaderRow, c)) continue;
    const at = grid.anchor(region.indicatorHeaderRow, c);
    const label = grid.label(at.row, at.col);
    const w = label.length <= 20 ? weightInLabel(label) : null;
    if (w) form.indicatorsLabel = { row: at.row, col: at.col, label: cellString(grid, at.row, at.col).replace(/\s+/g, ''), weight: new D(w) };
    break;
  }
  const firstIndicatorRow = region.indicatorHeaderRow + (header.sub ? 2 : 1);
  readIndicators(grid, form, firstIndicatorRow, region.limit);
  if (blockWeighted) {
    if (form.blocks.length === 0 || form.blocks.some((b) => b.declaredWeight === null)) {
      return { ok: false, missing: ['分值（权重）列'], cell: { row: region.indicatorHeaderRow, col: header.cols.level1 ?? header.left } };
    }
    form.unchecked.push({ row: region.indicatorHeaderRow, col: header.cols.score ?? header.left, part: 'indicator-weights', label: '' });
  }
  if (form.blocks.some((b) => OLD_FRAMEWORK_BLOCK.test(b.name))) form.framework = 'old';
  inferExecutionWeight(form);
  if (scoreless) {
    // One note for the whole form: its budget block has no 得分 column either, which needs no note of its own.
    form.unchecked = form.unchecked.filter((u) => u.part !== 'execution-score' || u.label !== '');
    form.unchecked.push({ row: region.indicatorHeaderRow, col: header.cols.level1 ?? header.cols.level3 ?? header.left, part: 'indicator-scores', label: '' });
  } else {
    if (form.totalRow === null && form.blocks.length) readTotalField(grid, form, region.top, titleEnd - 1);
    if (form.totalRow === null && form.totalScore === null && form.blocks.length) {
      form.unchecked.push({ row: region.indicatorHeaderRow, col: header.cols.level1 ?? header.cols.level3 ?? header.left, part: 'total-score', label: '' });
    }
  }
  const end = form.totalRow ?? Math.min(region.limit, grid.rowCount - 1);
  form.bottom = end;
  const gradeCell = findInRegion(grid, Math.max(end - 1, 0), reachRows(grid, end + 1, 3, region.limit), GRADE_LABEL);
  if (gradeCell) form.grade = labeledField(grid, gradeCell.row, gradeCell.col, GRADE_LABEL, form.right);
  if (form.totalRow !== null) {
    const footerTo = reachRows(grid, form.totalRow + 1, 6, region.limit);
    // Footers often start left of the indicator header (in the "绩效指标" label column), so scan whole rows.
    form.footer = readFooter(grid, form.totalRow + 1, footerTo, 0, Math.max(form.right, grid.colCount - 1));
    for (const f of Object.values(form.footer)) form.bottom = Math.max(form.bottom, f.labelRow);
    if (form.grade) form.bottom = Math.max(form.bottom, form.grade.labelRow);
  }
  return { ok: true, form };
}

export { stripLabel };
