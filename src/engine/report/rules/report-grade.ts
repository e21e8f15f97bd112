import type { StatementRule } from './types';

export const reportGrade: StatementRule = {
  meta: {
    id: 'report-grade',
    severity: 'error',
    title: '报告评价等级与复核总分不符',
    messages: {
      wrong: '{where}报告写作评价等级“{found}”，按复核总分{total}分应为“{expected}”。',
    },
    docs:
      '报告中写出的评价等级（优/良/中/差，“优秀”“良好”等同）与按复核总分划分的等级比较：优 ≥ 90 分，良 [80, 90)，中 [60, 80)，差 < 60（可在评分规则中调整）。依据：财预〔2020〕10号《项目支出绩效评价管理办法》的评价结果等级划分。',
  },
  check(ctx) {
    const grade = ctx.workbook.grade?.recomputed;
    const total = ctx.workbook.form.total?.recomputed;
    if (!grade || !total) return;
    ctx.statement.figures.forEach((f, i) => {
      if (f.quantity !== 'grade' || f.value === grade) return;
      ctx.report({ figure: i, messageId: 'wrong', data: { found: f.value, expected: grade, total }, expected: { kind: 'grade', value: grade } });
    });
  },
};
