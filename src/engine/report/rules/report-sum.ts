import { fmt2 } from '../../values';
import { showStated } from '../compare';
import { QUANTITY_LABEL } from '../vocab';
import type { StatementRule } from './types';

export const reportSum: StatementRule = {
  meta: {
    id: 'report-sum',
    severity: 'error',
    title: '报告所列各部分与合计不符',
    messages: {
      parts: '{where}报告写“{found}，其中{parts}”，各部分之和为{partsSum}，与所述合计不符。请核实合计或各部分。',
      tail: '{where}报告写“{found}，其中{parts}”，各部分之和为{partsSum}，与所述合计相差0.01万元，属取整尾差，请核对或加注说明。',
    },
    docs:
      '报告用“其中”列出一个数字的组成（全年执行数 = 基本支出 + 项目支出；全年预算数 = 年初预算数 + 调整；基本支出 = 人员经费 + 公用经费；“三公”经费 = 公务用车 + 出国 + 公务接待）时，按报告自己写的数字加总核对。句中某一部分已因与自评表不符被 report-figure 报告时，不再单独报告，由那条提示一并说明。0.01 万元的尾差只作警告。依据：财预〔2020〕10号附件中上述数字的构成关系（issue 16）。',
  },
  check(ctx) {
    for (const s of ctx.failingSums) {
      const members = [s.sum.total, ...s.sum.parts];
      if (members.some((i) => ctx.verdicts[i]?.kind === 'mismatch')) continue;
      const figures = ctx.statement.figures;
      const total = figures[s.sum.total]!;
      const parts = s.sum.parts.map((i) => `${QUANTITY_LABEL[figures[i]!.quantity].replace(/（.*$/, '')}${showStated(figures[i]!)}`).join('、');
      ctx.report({
        figure: s.sum.total,
        messageId: s.tail ? 'tail' : 'parts',
        severity: s.tail ? 'warning' : 'error',
        data: { found: `${QUANTITY_LABEL[total.quantity].replace(/（.*$/, '')}${showStated(total)}`, parts, partsSum: `${fmt2(s.partsSum)}万元` },
        expected: { kind: 'amount', value: s.partsSum },
      });
    }
  },
};
