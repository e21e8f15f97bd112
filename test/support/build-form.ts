// Builds snapshot sheets in the 财预〔2020〕10号 project-form layout (and the whole-department
// variant) from a compact description, for rule fixtures, property tests and the benchmark.
// Declared values are written exactly as given: a fixture states what a clerk typed.
import type { CellRange, CellValue, SheetSnapshot } from '../../src/engine/types';

export interface IndicatorSpec {
  l1?: string;
  l2?: string;
  name: string;
  target: CellValue;
  actual: CellValue;
  weight: CellValue;
  score: CellValue;
  reason?: CellValue;
  /** Number format of the actual cell, e.g. "0.00%". */
  actualFormat?: string;
}

export interface FormSpec {
  kind?: 'project' | 'overall';
  year?: number;
  title?: string;
  name?: string;
  unit?: string;
  budget?: {
    initial?: CellValue;
    planned: CellValue;
    executed: CellValue;
    weight?: CellValue;
    rate: CellValue;
    rateFormat?: string;
    score: CellValue;
  };
  /** The budget block's side label; default "年度预算申请（万元）" (it states the amount unit). */
  budgetLabel?: string;
  funds?: { label: string; initial?: CellValue; planned?: CellValue; executed?: CellValue }[];
  indicators: IndicatorSpec[];
  total?: { weight: CellValue; score: CellValue };
  grade?: string;
  footer?: { filler?: string; date?: string };
  /** Offset of the whole form inside the sheet. */
  at?: { row: number; col: number };
}

export interface BuiltForm {
  values: CellValue[][];
  numberFormats: string[][];
  merges: CellRange[];
  /** 0-based positions of interesting cells (relative to the sheet, offsets applied). */
  cells: {
    rate: [number, number];
    executionScore: [number, number];
    executed: [number, number];
    planned: [number, number];
    totalWeight: [number, number];
    totalScore: [number, number];
    indicator: { weight: [number, number]; score: [number, number]; reason: [number, number]; actual: [number, number]; l1: [number, number] }[];
    filler: [number, number];
    grade?: [number, number];
    funds: [number, number][];
  };
  rows: number;
}

const WIDTH = 8; // A..H

export function buildForm(spec: FormSpec): BuiltForm {
  const off = spec.at ?? { row: 0, col: 0 };
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const merges: CellRange[] = [];
  const set = (r: number, c: number, v: CellValue, fmt?: string) => {
    const R = r + off.row;
    const C = c + off.col;
    while (values.length <= R) values.push([]);
    while (formats.length <= R) formats.push([]);
    const row = values[R]!;
    while (row.length < C) row.push('');
    row[C] = v;
    if (fmt) {
      const fr = formats[R]!;
      while (fr.length < C) fr.push('General');
      fr[C] = fmt;
    }
  };
  const merge = (top: number, left: number, bottom: number, right: number) => {
    if (top === bottom && left === right) return;
    merges.push({ top: top + off.row, left: left + off.col, bottom: bottom + off.row, right: right + off.col });
    // Excel reports merged non-anchor cells as "".
    for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) if (r !== top || c !== left) set(r, c, '');
  };
  const at = (r: number, c: number): [number, number] => [r + off.row, c + off.col];
  const kind = spec.kind ?? 'project';
  const year = spec.year ?? 2024;
  let r = 0;
  set(r, 0, spec.title ?? `${year}年度${kind === 'project' ? '项目支出' : '部门（单位）整体支出'}绩效自评表`);
  merge(r, 0, r, WIDTH - 1);
  r++;
  if (kind === 'project') {
    set(r, 0, '项目名称');
    set(r, 2, spec.name ?? '示例项目');
    merge(r, 0, r, 1);
    merge(r, 2, r, WIDTH - 1);
    r++;
    set(r, 0, '主管部门');
    set(r, 2, '市教育局');
    set(r, 4, '实施单位');
    set(r, 5, spec.unit ?? '示例单位');
    merge(r, 0, r, 1);
    merge(r, 2, r, 3);
    merge(r, 5, r, WIDTH - 1);
    r++;
  } else {
    set(r, 0, '预算单位名称');
    set(r, 2, spec.unit ?? '示例单位');
    merge(r, 0, r, 1);
    merge(r, 2, r, WIDTH - 1);
    r++;
  }
  const b = spec.budget ?? { initial: 100, planned: 100, executed: 100, weight: 10, rate: 1, score: 10 };
  set(r, 0, spec.budgetLabel ?? '年度预算申请（万元）');
  merge(r, 0, r, 1);
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, i) => set(r, 2 + i, h));
  r++;
  const totalRow = r;
  set(r, 0, '年度资金总额');
  merge(r, 0, r, 1);
  set(r, 2, b.initial ?? '', '0.00');
  set(r, 3, b.planned, '0.00');
  set(r, 4, b.executed, '0.00');
  set(r, 5, b.weight ?? 10);
  set(r, 6, b.rate, b.rateFormat ?? '0.00%');
  set(r, 7, b.score, '0.00');
  r++;
  const fundCells: [number, number][] = [];
  for (const f of spec.funds ?? []) {
    set(r, 0, f.label);
    merge(r, 0, r, 1);
    if (f.initial !== undefined) set(r, 2, f.initial, '0.00');
    if (f.planned !== undefined) set(r, 3, f.planned, '0.00');
    if (f.executed !== undefined) set(r, 4, f.executed, '0.00');
    fundCells.push(at(r, 4));
    r++;
  }
  set(r, 0, '年度总体目标');
  set(r, 2, '预期目标');
  set(r, 5, '实际完成情况');
  merge(r, 0, r + 1, 1);
  merge(r, 2, r, 4);
  merge(r, 5, r, WIDTH - 1);
  r++;
  set(r, 2, '完成年度工作任务');
  set(r, 5, '已完成年度工作任务');
  merge(r, 2, r, 4);
  merge(r, 5, r, WIDTH - 1);
  r++;
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((h, i) => set(r, i, h));
  r++;
  const indicatorCells: BuiltForm['cells']['indicator'] = [];
  let l1Start = r;
  let l2Start = r;
  spec.indicators.forEach((ind, i) => {
    const prev = spec.indicators[i - 1];
    const newL1 = i === 0 || (ind.l1 !== undefined && ind.l1 !== prev?.l1);
    const newL2 = newL1 || (ind.l2 !== undefined && ind.l2 !== prev?.l2);
    if (newL1) {
      if (i > 0) merge(l1Start, 0, r - 1, 0);
      l1Start = r;
      set(r, 0, ind.l1 ?? '产出指标');
    }
    if (newL2) {
      if (i > 0) merge(l2Start, 1, r - 1, 1);
      l2Start = r;
      set(r, 1, ind.l2 ?? '数量指标');
    }
    set(r, 2, ind.name);
    set(r, 3, ind.target);
    set(r, 4, ind.actual, ind.actualFormat);
    set(r, 5, ind.weight);
    set(r, 6, ind.score);
    set(r, 7, ind.reason ?? '');
    indicatorCells.push({ weight: at(r, 5), score: at(r, 6), reason: at(r, 7), actual: at(r, 4), l1: at(l1Start, 0) });
    r++;
  });
  // Close the last merges; fix up l1 cells of rows in the last block.
  merge(l1Start, 0, r - 1, 0);
  merge(l2Start, 1, r - 1, 1);
  for (const c of indicatorCells) {
    const [row] = c.weight;
    let start = row;
    for (const m of merges) if (m.left === off.col && row >= m.top && row <= m.bottom) start = m.top;
    c.l1 = [start, off.col];
  }
  const total = spec.total ?? { weight: 100, score: '' };
  set(r, 0, '总分');
  merge(r, 0, r, 4);
  set(r, 5, total.weight);
  set(r, 6, total.score, '0.00');
  const totalCells = { totalWeight: at(r, 5), totalScore: at(r, 6) };
  r++;
  let gradeCell: [number, number] | undefined;
  if (spec.grade !== undefined) {
    set(r, 0, '自评等级');
    set(r, 5, spec.grade);
    merge(r, 0, r, 4);
    gradeCell = at(r, 5);
    r++;
  }
  set(r, 0, '填表人：');
  set(r, 1, spec.footer?.filler ?? '张三');
  set(r, 3, '填报日期：');
  set(r, 4, spec.footer?.date ?? '2025-03-01');
  const filler = at(r, 1);
  r++;
  return {
    values,
    numberFormats: formats,
    merges,
    rows: r,
    cells: {
      rate: at(totalRow, 6),
      executionScore: at(totalRow, 7),
      executed: at(totalRow, 4),
      planned: at(totalRow, 3),
      ...totalCells,
      indicator: indicatorCells,
      filler,
      funds: fundCells,
      ...(gradeCell ? { grade: gradeCell } : {}),
    },
  };
}

export function sheetOf(name: string, ...forms: BuiltForm[]): SheetSnapshot {
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  const merges: CellRange[] = [];
  for (const f of forms) {
    f.values.forEach((row, r) => {
      values[r] ??= [];
      row.forEach((v, c) => {
        if (v !== '' || values[r]![c] === undefined) values[r]![c] = v;
      });
    });
    f.numberFormats.forEach((row, r) => {
      numberFormats[r] ??= [];
      row.forEach((v, c) => {
        if (v) numberFormats[r]![c] = v;
      });
    });
    merges.push(...f.merges);
  }
  for (let r = 0; r < values.length; r++) values[r] ??= [];
  for (let r = 0; r < numberFormats.length; r++) numberFormats[r] ??= [];
  return { name, values, numberFormats, merges };
}

/** A correct project form: execution 95/100, two blocks, all indicators met. */
export function validProjectSpec(overrides: Partial<FormSpec> = {}): FormSpec {
  return {
    kind: 'project',
    budget: { initial: 100, planned: 100, executed: 95, weight: 10, rate: 0.95, score: 9.5 },
    funds: [
      { label: '其中：当年财政拨款', initial: 100, planned: 100, executed: 95 },
      { label: '上年结转资金', initial: 0, planned: 0, executed: 0 },
      { label: '其他资金', initial: 0, planned: 0, executed: 0 },
    ],
    indicators: [
      { l1: '产出指标(50分)', l2: '数量指标', name: '培训教师人次', target: '≥100人次', actual: '110人次', weight: 20, score: 20 },
      { l1: '产出指标(50分)', l2: '质量指标', name: '培训合格率', target: '≥95%', actual: 0.98, actualFormat: '0%', weight: 15, score: 15 },
      { l1: '产出指标(50分)', l2: '时效指标', name: '按时完成率', target: '100%', actual: '100%', weight: 15, score: 15 },
      { l1: '效益指标(30分)', l2: '社会效益指标', name: '教师信息化能力', target: '提升', actual: '明显提升', weight: 15, score: 15 },
      { l1: '效益指标(30分)', l2: '可持续影响指标', name: '设备使用年限', target: '≥5年', actual: '5年', weight: 15, score: 15 },
      { l1: '满意度指标(10分)', l2: '服务对象满意度指标', name: '参训教师满意度', target: '≥90%', actual: '95%', weight: 10, score: 10 },
    ],
    total: { weight: 100, score: 99.5 },
    ...overrides,
  };
}
