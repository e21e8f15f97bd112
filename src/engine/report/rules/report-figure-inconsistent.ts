import { D } from '../../values';
import { figureWhere, matches, showStated } from '../compare';
import { factKey } from '../facts';
import { labelOf } from './notes';
import type { StatementRule } from './types';

export const reportFigureInconsistent: StatementRule = {
  meta: {
    id: 'report-figure-inconsistent',
    severity: 'error',
    title: '报告前后数字不一致',
    messages: {
      differs: '{where}{label}在{otherWhere}写作{other}，这里写作{found}，同一数字前后不一致；工作簿中没有可核对的数字，请核实后统一。',
    },
    docs:
      '同一个数字在报告中出现多次而写法不同，且工作簿中没有这个数字可以核对时报告（能核对的，由 report-figure 在写错的那一处报告，并注明别处的写法）。只差小数位（“99.7分”与“99.70分”）不算不一致。依据：自评报告应前后一致并与自评表一致（issue 16）。',
  },
  check(ctx) {
    const firstOf = new Map<string, number>();
    ctx.statement.figures.forEach((f, i) => {
      if (f.quotesDeclared || f.kind === 'grade' || ctx.verdicts[i] !== null) return;
      const first = firstOf.get(factKey(f));
      if (first === undefined) {
        firstOf.set(factKey(f), i);
        return;
      }
      const g = ctx.statement.figures[first]!;
      if (matches(f, new D(g.value), ctx.precision) && matches(g, new D(f.value), ctx.precision)) return;
      ctx.report({
        figure: i,
        messageId: 'differs',
        data: { label: labelOf(f), otherParagraph: g.paragraph, otherWhere: figureWhere(g), other: showStated(g), found: showStated(f) },
      });
    });
  },
};
