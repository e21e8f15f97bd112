// The catalogue of layout families the reader handles (issue 12), as data: what marks each family in a recognised
// form, and the fixture only that family's knowledge lets the engine read (test/fixtures, asserted by
// test/engine/layouts-fixtures.test.ts). The README section "读取的表样" lists the same entries.
import { budgetHeader } from './labels';
import type { FormModel, PerformanceForm } from './model';

export interface LayoutFamily {
  id: string;
  /** One line in Chinese, as the README lists it. */
  title: string;
  /** The fixture workbook and sheet that carry this family. */
  fixture: { file: string; sheet: string };
  /** Whether a recognised form shows this family's marks. */
  marks: (form: FormModel) => boolean;
}

const perf = (f: FormModel): f is PerformanceForm => f.kind !== 'basic-data';

/** The budget header row's first labelled cell reads as an amount column's header but is none of the block's columns. */
function sideLabelNamesAmount(f: PerformanceForm): boolean {
  const b = f.budget!;
  for (let c = 0; c < f.grid.colCount; c++) {
    const label = f.grid.label(b.headerRow, c);
    if (!label) continue;
    const role = budgetHeader(label);
    return (role === 'initial' || role === 'budget' || role === 'executed') && !Object.values(b.cols).includes(c);
  }
  return false;
}
const budgetCols = (f: FormModel) => (perf(f) && f.budget ? f.budget.cols : {});

export const LAYOUT_FAMILIES: readonly LayoutFamily[] = [
  {
    id: 'standard-project', title: '项目支出绩效自评表（财预〔2020〕10号附件，年初预算数/全年预算数/全年执行数/分值/执行率/得分，一级指标合并单元格）',
    fixture: { file: 'projects-2020.xlsx', sheet: '项目1-智慧学堂' },
    marks: (f) => perf(f) && f.kind === 'project' && f.framework === 'current' && f.indicatorCols.level1 !== undefined,
  },
  {
    id: 'standard-overall', title: '部门整体支出绩效自评表（湖南表样，收入/支出性质分项可写在标签单元格内）',
    fixture: { file: 'zhuzhou-2024.xlsx', sheet: '整体支出绩效自评表' },
    marks: (f) => perf(f) && f.kind === 'overall' && (f.budget?.groups.length ?? 0) > 0,
  },
  {
    id: 'basic-data', title: '部门整体支出绩效评价基础数据表（财政供养人员、经费控制情况；表内空行不截断，“一个专项一行”的专项逐行合计）',
    fixture: { file: 'pattern-one-line-funds.xlsx', sheet: '基础数据表' },
    marks: (f) => f.kind === 'basic-data' && f.rows.length > 0,
  },
  {
    id: 'shifted', title: '表格不在 A1 起始、预算栏中有空白分隔列、表头带换行、全角括号',
    fixture: { file: 'family-shifted.xlsx', sheet: '自评表' },
    marks: (f) => f.left > 0 && f.top > 0,
  },
  {
    id: 'extra-columns', title: '带指标性质（≥ ≤ =）、计量单位、年初指标值/调整指标值、是否核心指标列的自评表',
    fixture: { file: 'family-extra-columns.xlsx', sheet: '项目自评表' },
    marks: (f) => perf(f) && f.indicatorCols.operator !== undefined && f.indicatorCols.targetAdjusted !== undefined,
  },
  {
    id: 'coefficient', title: '得分系数(%) 列：得分 = 得分系数 × 分值',
    fixture: { file: 'family-coefficient.xlsx', sheet: '自评表' },
    marks: (f) => perf(f) && f.indicatorCols.coefficient !== undefined && f.indicatorCols.level1 !== undefined,
  },
  {
    id: 'name-only', title: '只有一列“指标名称”（无一级/二级/三级）、指标权重 × 得分系数(%) 的部门整体自评表',
    fixture: { file: 'family-name-only.xlsx', sheet: '整体自评' },
    marks: (f) => perf(f) && f.indicatorCols.level1 === undefined && f.indicatorCols.coefficient !== undefined,
  },
  {
    id: 'budget-20', title: '预算执行 20 分制：预算数(A)/执行数(B)/执行率(B/A)/得分(20分*执行率)，或侧标“预算执行情况（20分）”',
    fixture: { file: 'family-budget-columns.xlsx', sheet: '20分制' },
    marks: (f) => perf(f) && f.budget?.headerWeight?.eq(20) === true,
  },
  {
    id: 'budget-partial', title: '预算栏无年初预算数，或只有年初预算数(A)与全年执行数(B)；分值列在指标值列之前',
    fixture: { file: 'family-budget-columns.xlsx', sheet: '仅年初预算' },
    marks: (f) => perf(f) && (budgetCols(f).initial === undefined || budgetCols(f).budget === undefined),
  },
  {
    id: 'yuan-operators', title: '参考分值作权重列、金额以元为单位、运算符写作 ≧ ≦ ＞ ═、等级写在总分行',
    fixture: { file: 'family-yuan-operators.xlsx', sheet: '项目自评表' },
    marks: (f) => perf(f) && f.grade !== null && f.totalRow !== null && f.grade.labelRow === f.totalRow,
  },
  {
    id: 'stacked', title: '一张工作表中上下排列多张项目表，或基础数据表下方接整体支出自评表',
    fixture: { file: 'pattern-stacked-overall.xlsx', sheet: '绩效自评' },
    marks: (f) => f.kind === 'overall' && f.top > 20,
  },
  {
    id: 'repeated-levels', title: '一级指标未合并：每行重复“产出指标(50分)”或只写在首行，按标签连续性成块',
    fixture: { file: 'pattern-repeated-levels.xlsx', sheet: '项目1-重复标签' },
    marks: (f) => perf(f) && f.blocks.length > 0 && !f.grid.merge(f.blocks[0]!.cell.row, f.blocks[0]!.cell.col),
  },
  {
    id: 'goals-first', title: '四川表样：项目年度目标在预算执行栏之上，预算栏合计行写作“总额”（表头“年度预算数(万元)”/年初预算/调整后预算数/预算执行数/预算执行率/权重），“实施单位（盖章）”',
    fixture: { file: 'family-sichuan.xlsx', sheet: '四川-正确' },
    marks: (f) => perf(f) && f.budget !== null && f.goals?.expectedCell != null && f.goals.expectedCell.row < f.budget.headerRow,
  },
  {
    id: 'scoreless-target', title: '转移支付“绩效目标自评表”（年度指标值/全年完成值，无分值、得分列）：核对执行率和填报内容，提示得分与总分未核对',
    fixture: { file: 'family-scoreless-target.xlsx', sheet: '目标自评-正确' },
    marks: (f) => perf(f) && f.unchecked.some((u) => u.part === 'indicator-scores'),
  },
  {
    id: 'block-weights', title: '湖北“项目自评表”：没有逐项分值列，分值只写在一级指标中（产出指标(60分)），预算行“年度财政资金总额”、得分(20分*执行率)',
    fixture: { file: 'family-hubei-block-weights.xlsx', sheet: '湖北-正确' },
    marks: (f) => perf(f) && f.unchecked.some((u) => u.part === 'indicator-weights'),
  },
  {
    id: 'total-field', title: '重庆表样：无“总分”行，总分写在表头“自评总分（分）”栏；预算栏只有一行“预算资金”（执行率权重/执行率得分），得分系数 × 指标权重',
    fixture: { file: 'family-chongqing-overall.xlsx', sheet: '重庆-正确' },
    marks: (f) => perf(f) && f.totalRow === null && f.totalScore !== null,
  },
  {
    id: 'side-label-in-header', title: '预算栏侧标“预算资金（万元）”与年初预算数/全年预算数/全年执行数同在表头行（安徽金寨部门整体表样），侧标不当作金额栏',
    fixture: { file: 'family-jinzhai-side-label.xlsx', sheet: '整体支出自评表' },
    marks: (f) => perf(f) && f.budget !== null && sideLabelNamesAmount(f),
  },
  {
    id: 'old-framework', title: '旧版指标框架（投入/过程/产出/效益，决策/过程/产出/效益，2013 共性指标评分表）：核对分值与总分，不按现行框架逐项计分',
    fixture: { file: 'family-common-2013.xlsx', sheet: '共性指标评分表' },
    marks: (f) => perf(f) && f.framework === 'old',
  },
];
