// A small workbook for the harness's 模板 state and the pane's template tests: two 项目支出绩效自评表
// in the 财预〔2020〕10号 layout. The first has two indicators below full marks (one 偏差原因 cell
// empty, one already filled) and a total that does not add up; the second is correct. The harness
// loads it into the fake Excel host and checks it with the real engine, so what the tab shows is
// what the engine and the gateway really do.
import type { SheetLike, WorkbookLike } from '../host/model';

type Cell = string | number;

interface ProjectSpec {
  name: string;
  budget: [initial: number, planned: number, executed: number, rate: number, score: number];
  /** 一级指标 (only on the block's first row), 二级, 三级, 指标值, 实际, 分值, 得分, 偏差原因. */
  indicators: [Cell, Cell, Cell, Cell, Cell, number, number, Cell][];
  total: number;
  grade?: string;
}

function projectSheet(sheet: string, p: ProjectSpec): SheetLike {
  const [initial, planned, executed, rate, score] = p.budget;
  const values: Cell[][] = [
    ['2024年度项目支出绩效自评表', '', '', '', '', '', '', ''],
    ['项目名称', '', p.name, '', '', '', '', ''],
    ['主管部门', '', '市住房和城乡建设局', '', '实施单位', '长沙市某某局', '', ''],
    ['年度预算申请（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['年度资金总额', '', initial, planned, executed, 10, rate, score],
    ['其中：当年财政拨款', '', initial, planned, executed],
    ['上年结转资金', '', 0, 0, 0],
    ['其他资金', '', 0, 0, 0],
    ['年度总体目标', '', '预期目标', '', '', '实际完成情况', '', ''],
    ['', '', '完成年度道路维护任务', '', '', '已完成年度道路维护任务', '', ''],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    ...p.indicators.map((r) => [...r]),
    ['总分', '', '', '', '', 100, p.total],
  ];
  if (p.grade) values.push(['自评等级', '', '', '', '', p.grade]);
  values.push(['填表人：', '张三', '', '填报日期：', '2025-03-01']);
  const first = 11;
  const last = first + p.indicators.length - 1;
  const merges = ['A1:H1', 'A2:B2', 'C2:H2', 'A3:B3', 'C3:D3', 'F3:H3', 'A4:B4', 'A5:B5', 'A6:B6', 'A7:B7', 'A8:B8', 'A9:B10', 'C9:E9', 'F9:H9', 'C10:E10', 'F10:H10'];
  // 一级指标 cells span their block.
  let start = first;
  for (let r = first + 1; r <= last + 1; r++) {
    if (r > last || values[r]![0] !== '') {
      if (r - 1 > start) merges.push(`A${start + 1}:A${r}`);
      start = r;
    }
  }
  merges.push(`A${last + 2}:E${last + 2}`);
  if (p.grade) merges.push(`A${last + 3}:E${last + 3}`);
  const numberFormats: (string | null)[][] = values.map(() => []);
  numberFormats[4] = [null, null, '0.00', '0.00', '0.00', null, '0.00%', '0.00'];
  for (const r of [5, 6, 7]) numberFormats[r] = [null, null, '0.00', '0.00', '0.00'];
  numberFormats[last + 1] = [null, null, null, null, null, null, '0.00'];
  return { name: sheet, values, numberFormats, merges };
}

export const TEMPLATE_WORKBOOK: WorkbookLike = {
  activeSheet: '项目1',
  sheets: [
    projectSheet('项目1', {
      name: '城区道路维护专项资金',
      budget: [300, 320, 260, 0.8125, 8.13],
      indicators: [
        ['产出指标(50分)', '数量指标', '道路修补面积', '≥10000平方米', '8600平方米', 20, 17, ''],
        ['', '质量指标', '修补质量合格率', '≥95%', '98%', 15, 15, ''],
        ['', '时效指标', '按时完成率', '100%', '100%', 15, 15, ''],
        ['效益指标(30分)', '社会效益指标', '群众出行便利度', '明显提升', '有所提升', 15, 12, '部分路段施工延期，已列入次年计划'],
        ['', '可持续影响指标', '道路使用年限', '≥5年', '5年', 15, 15, ''],
        ['满意度指标(10分)', '服务对象满意度指标', '市民满意度', '≥90%', '95%', 10, 10, ''],
      ],
      total: 94.13,
      grade: '优',
    }),
    projectSheet('项目2', {
      name: '教师信息技术培训',
      budget: [100, 100, 95, 0.95, 9.5],
      indicators: [
        ['产出指标(50分)', '数量指标', '培训教师人次', '≥100人次', '110人次', 20, 20, ''],
        ['', '质量指标', '培训合格率', '≥95%', '98%', 15, 15, ''],
        ['', '时效指标', '按时完成率', '100%', '100%', 15, 15, ''],
        ['效益指标(30分)', '社会效益指标', '教师信息化能力', '提升', '明显提升', 15, 15, ''],
        ['', '可持续影响指标', '设备使用年限', '≥5年', '5年', 15, 15, ''],
        ['满意度指标(10分)', '服务对象满意度指标', '参训教师满意度', '≥90%', '95%', 10, 10, ''],
      ],
      total: 99.5,
    }),
  ],
};
