import type { LabeledField } from '../forms/model';
import type { Grid } from '../grid';
import type { CellRef, FormModel, IndicatorRow } from '../forms/model';
import type { NumCell } from '../forms/model';
import type { Rule, RuleContext } from './types';
import { isErrorValue } from '../values';
import { isUnusedTemplateRow } from './util';

/** Text that is not a number ("—", "/", "无", "NaN") in a cell that must hold one; errors are formula-error's. */
function placeholderText(grid: Grid, cell: NumCell | null | undefined): string | null {
  if (!cell || cell.read || cell.embedded) return null;
  const raw = grid.raw(cell.row, cell.col);
  if (typeof raw !== 'string') return null;
  const t = raw.trim();
  if (t === '' || isErrorValue(t)) return null;
  return t;
}

function reportPlaceholder(ctx: RuleContext, form: FormModel, grid: Grid, cell: NumCell | null | undefined, name: string, what: string) {
  const text = placeholderText(grid, cell);
  if (text === null || !cell) return;
  ctx.report({ form, grid, row: cell.row, col: cell.col, messageId: 'notNumber', data: { name, what, text }, pair: { kind: 'value', found: { kind: 'text', value: text } } });
}

function reportField(ctx: RuleContext, form: FormModel, grid: Grid, field: LabeledField | null | undefined, name: string) {
  if (!field || field.text.trim() !== '') return;
  ctx.report({ form, grid, row: field.row, col: field.col, messageId: 'field', data: { name } });
}

function reportCell(ctx: RuleContext, form: FormModel, grid: Grid, row: IndicatorRow, cell: CellRef, what: string) {
  ctx.report({ form, grid, row: cell.row, col: cell.col, messageId: 'cell', data: { name: row.name || `第${row.row + 1}行指标`, what } });
}

export const requiredFieldEmpty: Rule = {
  meta: {
    id: 'required-field-empty',
    severity: 'warning',
    title: '必填项为空',
    messages: {
      field: '“{name}”未填写，请补填。',
      cell: '“{name}”的{what}未填写，请补填。',
      notNumber: '“{name}”的{what}填的是“{text}”，不是数字，无法核对：应填写数字。',
    },
  },
  check(ctx) {
    for (const form of ctx.forms) {
      const grid = form.grid;
      reportField(ctx, form, grid, form.footer['填表人'], '填表人');
      reportField(ctx, form, grid, form.footer['填报日期'], '填报日期');
      if (form.kind === 'basic-data') continue;
      reportField(ctx, form, grid, form.unit, form.kind === 'project' ? '实施单位' : '预算单位名称');
      reportField(ctx, form, grid, form.projectName, '项目名称');
      const b = form.budget;
      if (b && b.totalRow !== null) {
        for (const [cell, what] of [[b.planned, '全年预算数'], [b.executed, '全年执行数'], [b.score, '执行率得分']] as const) {
          if (cell && grid.isEmpty(cell.row, cell.col)) ctx.report({ form, grid, row: cell.row, col: cell.col, messageId: 'cell', data: { name: '年度资金总额', what } });
        }
      }
      if (b) {
        reportPlaceholder(ctx, form, grid, b.executed, '年度资金总额', '全年执行数');
        reportPlaceholder(ctx, form, grid, b.rate, '年度资金总额', '执行率');
        reportPlaceholder(ctx, form, grid, b.score, '年度资金总额', '执行率得分');
      }
      reportPlaceholder(ctx, form, grid, form.totalScore, '总分', '得分');
      for (const block of form.blocks) {
        for (const row of block.rows) {
          // A template row left unused is one finding of template-text-left, not four empty fields.
          if (isUnusedTemplateRow(row, grid)) continue;
          // Most rows are complete: test each cell before building anything for a report.
          if (!row.name) reportCell(ctx, form, grid, row, row.nameCell, '三级指标名称');
          if (row.target.kind === 'empty' && row.targetCell) reportCell(ctx, form, grid, row, row.targetCell, '年度指标值');
          if (row.actual.kind === 'empty' && row.actualCell) reportCell(ctx, form, grid, row, row.actualCell, '实际完成值');
          if (row.weight && grid.isEmpty(row.weight.row, row.weight.col)) reportCell(ctx, form, grid, row, row.weight, '分值');
          if (row.score && grid.isEmpty(row.score.row, row.score.col)) reportCell(ctx, form, grid, row, row.score, '得分');
          else if (row.score && !row.score.read) reportPlaceholder(ctx, form, grid, row.score, row.name || `第${row.row + 1}行指标`, '得分');
        }
      }
    }
  },
};
