// Finds the standard forms anywhere in a sheet: header rows are the anchors; regions run from one
// form's end to the next anchor, so several stacked forms in one sheet are read separately.
import type { Grid } from '../grid';
import { reachRowsUp } from './fields';
import { budgetHeader, indicatorHeader } from './labels';
import { BASIC_TITLE, FUNDS_CONTROL, parseBasicData, STAFFING } from './basic';
import type { FormModel, UnreadableForm } from './model';
import { parsePerformanceForm } from './performance';

interface Anchor {
  row: number;
  type: 'indicator' | 'budget' | 'basic';
}

const MAX_LABEL = 40;
// Every anchor label contains one of these characters; testing the raw text first spares normalising
// the thousands of indicator names and values that cannot be anchors.
// Kept in step with the vocabulary's anchor wordings (一级指标, 预算数, 执行数, 支出数, 决算数, 指标名称/内容, 具体指标, 财政供养,
// 经费控制). The 指标名称 family as whole cells: 内容/名称 occur in thousands of indicator names ("指标内容1").
const ANCHOR_CHARS = /[级预执供控支决]/;
const NAME_HEADER = /^\s*(三\s*级\s*|绩\s*效\s*)?指\s*标\s*(内\s*容|名\s*称)\s*$|^\s*具\s*体\s*指\s*标\s*$/;

function scanAnchors(grid: Grid): Anchor[] {
  const anchors: Anchor[] = [];
  for (let r = 0; r < grid.rowCount; r++) {
    const values = grid.rowValues(r);
    const len = values.length;
    let ind = 0;
    let hasL1 = false;
    let budgetCols = 0;
    let hasExec = false;
    let basic = false;
    let hasL3 = false;
    for (let c = 0; c < len; c++) {
      const v = values[c];
      if (typeof v !== 'string' || v.length > MAX_LABEL * 2 || !(ANCHOR_CHARS.test(v) || (v.length <= 16 && (v.includes('指') || v.includes('具')) && NAME_HEADER.test(v)))) continue;
      const l = grid.label(r, c);
      if (!l || l.length > MAX_LABEL) continue;
      const h = indicatorHeader(l);
      if (h === 'level1') hasL1 = true;
      if (h === 'level1' || h === 'level2' || h === 'level3') ind++;
      if (h === 'level3') hasL3 = true;
      const b = budgetHeader(l);
      if (b === 'initial' || b === 'budget' || b === 'executed') budgetCols++;
      if (b === 'executed') hasExec = true;
      if (STAFFING.test(l) || FUNDS_CONTROL.test(l)) basic = true;
    }
    if (hasL1 && ind >= 2) anchors.push({ row: r, type: 'indicator' });
    else if (hasL3 && singleNameHeader(grid, r)) anchors.push({ row: r, type: 'indicator' });
    else if (budgetCols >= 2 && hasExec) anchors.push({ row: r, type: 'budget' });
    else if (basic) anchors.push({ row: r, type: 'basic' });
  }
  return anchors;
}

/**
 * A header with one 指标名称 column and no 一级/二级 (部门整体 forms of some provinces): it is an indicator header
 * when the same row also names the weight, the score (or 得分系数) and a target or actual column.
 */
function singleNameHeader(grid: Grid, r: number): boolean {
  const roles = new Set<string>();
  const values = grid.rowValues(r);
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (typeof v !== 'string' || v.length > MAX_LABEL * 2) continue;
    const h = indicatorHeader(grid.label(r, c));
    if (h) roles.add(h);
  }
  return roles.has('weight') && (roles.has('score') || roles.has('coefficient'))
    && (roles.has('target') || roles.has('targetInitial') || roles.has('actual'));
}

// A region titled as another kind of form (绩效目标申报表, 绩效监控表, 项目支出明细, 决算表) is not a half-read
// self-evaluation form: it gets no finding. Only a region that says it is a 自评表/评价表, or that has the
// 分值/得分 columns of one, is reported as unreadable.
const SELF_EVALUATION_TITLE = /(自评|评价表)/;
const OTHER_FORM_TITLE = /(申报|目标表|监控|明细|决算|预算表|申请表|跟踪|汇总表|统计表)/;

function regionTitle(grid: Grid, top: number, headerRow: number): string {
  let s = '';
  // Six rows with content above the header (blank rows typed between a title and its table do not count).
  for (let r = reachRowsUp(grid, headerRow - 1, 6, top); r < headerRow; r++) s += rowLabels(grid, r);
  return s + '|' + grid.name.replace(/\s/g, '');
}

function isOtherForm(grid: Grid, top: number, headerRow: number, missing: string[]): boolean {
  const title = regionTitle(grid, top, headerRow);
  if (SELF_EVALUATION_TITLE.test(title)) return false;
  if (OTHER_FORM_TITLE.test(title)) return true;
  // Without a title either way: a header with neither 分值 nor 得分 is not a self-evaluation form.
  return missing.includes('分值（权重）列') && missing.includes('得分列');
}

export interface LocateResult {
  forms: FormModel[];
  unreadable: UnreadableForm[];
}

export function locateForms(grid: Grid): LocateResult {
  const forms: FormModel[] = [];
  const unreadable: UnreadableForm[] = [];
  const anchors = scanAnchors(grid);
  if (anchors.length === 0) return { forms, unreadable };
  let regionTop = 0;
  let i = 0;
  while (i < anchors.length) {
    const a = anchors[i]!;
    if (a.type === 'basic') {
      // A basic-data table runs until the next performance-form anchor.
      let j = i + 1;
      while (j < anchors.length && anchors[j]!.type === 'basic') j++;
      // …minus the next form's title rows, which belong to that form (an 整体支出 form below the table).
      const limit = j < anchors.length ? previousFormEnd(grid, anchors[j]!.row) : grid.rowCount - 1;
      const top = Math.max(regionTop, findTitleTop(grid, regionTop, a.row));
      const form = parseBasicData(grid, top, limit);
      if (form) {
        forms.push(form);
        regionTop = form.bottom + 1;
      }
      i = j;
      continue;
    }
    let budgetRow: number | null = null;
    let k = i;
    if (a.type === 'budget') {
      budgetRow = a.row;
      k = i + 1;
      if (k >= anchors.length || anchors[k]!.type !== 'indicator') {
        if (!isOtherForm(grid, regionTop, a.row, [])) unreadable.push({
          kind: 'unreadable', grid, sheet: grid.name, cell: { row: a.row, col: firstCol(grid, a.row) }, expectedKind: 'overall',
          missing: ['绩效指标表头（一级指标/二级指标/三级指标/年度指标值/实际完成值/分值/得分）'],
        });
        regionTop = a.row + 1;
        i = k;
        continue;
      }
    }
    const ind = anchors[k]!;
    const next = anchors[k + 1];
    const limit = next ? previousFormEnd(grid, next.row) : grid.rowCount - 1;
    const outcome = parsePerformanceForm(grid, { top: regionTop, limit, budgetHeaderRow: budgetRow, indicatorHeaderRow: ind.row });
    if (outcome.ok) {
      forms.push(outcome.form);
      regionTop = outcome.form.bottom + 1;
    } else {
      const top = budgetRow ?? ind.row;
      if (!isOtherForm(grid, regionTop, top, outcome.missing)) {
        unreadable.push({ kind: 'unreadable', grid, sheet: grid.name, cell: outcome.cell, expectedKind: 'project', missing: outcome.missing });
      }
      regionTop = ind.row + 1;
    }
    i = k + 1;
  }
  return { forms, unreadable };
}

function firstCol(grid: Grid, row: number): number {
  for (let c = 0; c < grid.colCount; c++) if (!grid.isEmpty(row, c)) return c;
  return 0;
}

/** The region of a form must stop before the title rows of the next one. */
function previousFormEnd(grid: Grid, nextAnchorRow: number): number {
  let r = nextAnchorRow - 1;
  // Walk back over the next form's title/unit rows (non-empty rows directly above its header).
  let steps = 0;
  while (r > 0 && steps < 6 && !grid.isRowEmpty(r)) {
    const rowText = rowLabels(grid, r);
    if (/(总分|合计|填表人|填报日期)/.test(rowText)) break;
    r--;
    steps++;
  }
  return r;
}

function findTitleTop(grid: Grid, top: number, anchorRow: number): number {
  for (let r = reachRowsUp(grid, anchorRow - 1, 4, top); r < anchorRow; r++) {
    if (BASIC_TITLE.test(rowLabels(grid, r))) return r;
  }
  return anchorRow;
}

function rowLabels(grid: Grid, r: number): string {
  let s = '';
  for (let c = 0; c < grid.colCount; c++) {
    const l = grid.label(r, c);
    if (l && l.length <= 80) s += l + '|';
  }
  return s;
}
