import { fmt2 } from '../../values';
import { showFigure, showHeld, showStated } from '../compare';
import { factKey } from '../facts';
import { labelOf } from './notes';
import { notesFor } from './notes';
import type { StatementRule } from './types';

export const reportFigure: StatementRule = {
  meta: {
    id: 'report-figure',
    severity: 'error',
    title: '报告数字与自评表不符',
    messages: {
      wrong: '{where}报告写作{found}，{source}中{label}填报{declared}。请按表格改正报告，或核实表格。{note}',
      wrongBoth: '{where}{label}：表中填报{declared}，复核应为{recomputed}，报告写作{found}。请先改正表格，再按复核结果改正报告。{note}',
      tail: '{where}报告写作{found}，{source}中{label}填报{declared}，相差0.01万元，可能是取整尾差，请统一。{note}',
      derived: '{where}报告写作{found}，按{source}计算{label}应为{recomputed}。请核实报告的口径或改正数字。{note}',
      headcount: '{where}报告写作{found}，{source}中{label}填报{declared}（财政供养人员口径）。如报告的人数另含临聘等人员，请注明口径；否则请改正。{note}',
      quote: '{where}报告说表中填报{found}，而{source}中{label}填报{declared}。请改正报告中引用的数字。',
      unitUnstated: '{where}报告写作{found}，{source}中{label}填报{held}，表中未注明金额单位：若表中金额以元为单位，折合{wan}，与报告一致。请在表头注明金额单位（如“单位：元”），以便核对。',
      unitUnstatedDerived: '{where}报告写作{found}，按{source}所填数字计算{label}为{held}；表中未注明金额单位，若以元为单位，则为{wan}，与报告一致。请在表头注明金额单位（如“单位：元”），以便核对。',
      noteElsewhere: '（{otherWhere}写作{other}。）',
      noteOther: '（{found}是表中{otherLabel}的数字。）',
      noteSum: '（该句所列各部分之和为{partsSum}，与所述合计{total}也不符。）',
    },
    docs:
      '报告中每个能确定含义的数字（全年预算数、年初预算数、调整追加/调减、全年执行数、基本支出、项目支出、人员经费、公用经费、“三公”经费及其构成、编制数、在职人数、控制率、执行率、执行率得分、自评总分），与自评表和基础数据表中的同一数字比较；报告按自己的小数位写（如“99.7分”）不算错，写少了小数位而报告别处用两位小数的，按两位小数比较。表中填报数与复核数不同时，三个数字一并列出。金额按各表自己注明的单位读取（“单位：元”“年度预算申请（万元）”等）：表以元填报的，折算为万元后与报告比较，提示中写出单元格所填的元数及折合的万元数；表中未注明单位而报告数字恰为表中数字的万分之一（表按元填报即一致）的，不报错，只作警告并请在表头注明金额单位。由两个单元格推算的数字（调整追加 = 全年预算数 − 年初预算数，人员经费 = 基本支出 − 公用经费）、0.01 万元的尾差和人数（报告常含临聘人员，与基础数据表的财政供养口径不同）只作警告。依据：财预〔2020〕10号附件部门整体支出绩效自评表及基础数据表；自评报告应与自评表一致（issue 16）。',
  },
  check(ctx) {
    ctx.statement.figures.forEach((f, i) => {
      const v = ctx.verdicts[i];
      if (v?.kind === 'unit') {
        const fact = ctx.workbook.facts[factKey(f)]!;
        // The workbook's figure without a unit (the form states none); the 万元 one it would be.
        const held = f.kind === 'amount' ? fmt2(v.workbook) : showFigure(f.kind, v.workbook);
        ctx.report({
          figure: i, messageId: v.derived ? 'unitUnstatedDerived' : 'unitUnstated', severity: 'warning',
          data: { found: showStated(f), label: labelOf(f), source: fact.source, held, wan: showFigure(f.kind, v.ifYuan) },
        });
        return;
      }
      if (!v || v.kind !== 'mismatch') return;
      const fact = ctx.workbook.facts[factKey(f)]!;
      const data: Record<string, string> = {
        found: showStated(f),
        label: labelOf(f),
        source: fact.source,
        declared: v.declared ? showHeld(f.kind, v.declared, fact) : '',
        recomputed: showFigure(f.kind, v.recomputed),
        ...notesFor(ctx, i, reportFigure.meta.messages),
      };
      let messageId = 'wrong';
      let severity: 'error' | 'warning' = 'error';
      if (f.quotesDeclared) messageId = 'quote';
      else if (f.kind === 'count') {
        // 人数 in prose often counts 临聘 or retired staff too: the form's 财政供养 count is another measure.
        messageId = 'headcount';
        severity = 'warning';
      }
      else if (v.derived) {
        messageId = 'derived';
        severity = 'warning';
      } else if (v.declared && !v.declared.eq(v.recomputed)) messageId = 'wrongBoth';
      else if (v.tail) {
        messageId = 'tail';
        severity = 'warning';
      }
      ctx.report({ figure: i, messageId, data, severity, expected: { kind: f.kind, value: f.quotesDeclared || !v.declared ? (v.declared ?? v.recomputed) : v.recomputed } });
    });
  },
};
