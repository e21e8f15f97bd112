import type { Rule } from './types';

// Issue 12 pattern 10: a half-recognised form never yields an error that rests on a guess. What the form model
// could not identify (PerformanceForm.unchecked) is said here, at info level, naming the cell.
export const roleUnrecognised: Rule = {
  meta: {
    id: 'role-unrecognised',
    severity: 'info',
    title: '未能识别的栏目',
    messages: {
      scoreHeader: '预算执行部分的表头“{label}”未能识别为得分列，执行率得分未核对。如该列填的是执行率得分，请将表头写为“得分”或“执行率得分”。',
      scoreMissing: '预算执行部分没有“得分”列，执行率得分未核对。',
      budgetTotal: '预算执行部分未找到“年度资金总额”行，执行率和执行率得分未核对。',
      totalRow: '绩效指标表下方未找到“总分”（合计）行，总分未核对。',
      indicatorScores: '这张表的绩效指标部分没有“分值”“得分”列（不打分的绩效目标自评表），已核对预算执行率和各项填报内容，执行率得分、指标得分和总分未核对。',
      indicatorWeights: '绩效指标部分没有“分值”列，分值只写在一级指标中（如“产出指标（××分）”）：已核对各一级指标得分不超过其分值及总分，各项指标的得分未逐项核对。',
      weight: '预算执行部分没有注明执行率得分的分值（无“分值”列，表头和侧标也未写明），总分行也推算不出，执行率得分按 10 分核对；请补填分值列。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      for (const u of form.unchecked) {
        if (form.framework === 'old' && u.part !== 'total-score') continue;
        const messageId = u.part === 'total-score' ? 'totalRow' : u.part === 'execution-rate' ? 'budgetTotal'
          : u.part === 'execution-weight' ? 'weight' : u.part === 'indicator-scores' ? 'indicatorScores'
          : u.part === 'indicator-weights' ? 'indicatorWeights' : u.label ? 'scoreHeader' : 'scoreMissing';
        ctx.report({ form, grid: form.grid, row: u.row, col: u.col, messageId, data: { label: u.label } });
      }
    }
  },
};
