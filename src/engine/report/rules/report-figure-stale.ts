import { showFigure, showStated } from '../compare';
import { factKey } from '../facts';
import { labelOf } from './notes';
import type { StatementRule } from './types';

export const reportFigureStale: StatementRule = {
  meta: {
    id: 'report-figure-stale',
    severity: 'warning',
    title: '报告沿用了表中的错误数字',
    messages: {
      stale: '{where}报告写作{found}，与{source}中{label}的填报数一致，但复核应为{recomputed}。改正表格后请同步改正报告。',
    },
    docs:
      '报告中的数字与表中填报数一致，但表中填报数本身经复核有误（例如执行率、执行率得分、总分）：表格的错误由对应的表格规则报告，这里提醒报告也要随之改正。依据：财预〔2020〕10号附件中执行率、得分和总分的计算方法。',
  },
  check(ctx) {
    ctx.statement.figures.forEach((f, i) => {
      const v = ctx.verdicts[i];
      if (!v || v.kind !== 'stale') return;
      const fact = ctx.workbook.facts[factKey(f)]!;
      ctx.report({
        figure: i,
        messageId: 'stale',
        data: { found: showStated(f), label: labelOf(f), source: fact.source, recomputed: showFigure(f.kind, v.recomputed) },
        expected: { kind: f.kind, value: v.recomputed },
      });
    });
  },
};
