import { numValue } from '../forms/fields';
import type { Rule } from './types';
import { held, numberFix, round2, val } from './util';
import { explainIndicatorScore } from '../scoring/explain';
import { eq, gt, gte, lt, lte } from '../values';

export const indicatorScore: Rule = {
  meta: {
    id: 'indicator-score',
    severity: 'error',
    title: '指标得分',
    messages: {
      quantitative: '“{name}”得分应为 {expected} 分（{explanation}；指标值 {target}，实际 {actual}），表中填报 {found} 分。',
      met: '“{name}”已达到指标值（{target}，实际 {actual}），应得满分 {expected} 分，表中填报 {found} 分；如因指标值设置偏低扣分，请在偏差原因中说明。',
      band: '“{name}”实际完成情况为“{actual}”，属于“{tier}”档，得分应在 {expected} 分之间，表中填报 {found} 分。',
    },
  },
  check(ctx) {
    for (const form of ctx.performanceForms) {
      if (form.framework === 'old') continue;
      for (const block of form.blocks) {
        for (const row of block.rows) {
          const c = row.computed;
          const declared = numValue(row.score);
          const weight = numValue(row.weight);
          if (!c || !declared || !weight || !row.score) continue;
          if (gt(declared, weight) || declared.isNegative()) continue; // indicator-score-exceeds-weight
          const d = round2(declared);
          // Agreement is the common case: decide first, build the report only for a disagreement.
          let messageId: 'met' | 'quantitative' | 'band';
          if (c.score) {
            if (eq(d, c.score)) continue;
            if (c.overAchieved && lt(d, c.score)) continue; // a reviewer may deduct for a low target
            if (c.met && c.method !== 'coefficient') {
              if (lt(d, c.score) && row.reason && row.reason.length > 1) continue; // deduction explained
              messageId = 'met';
            } else {
              messageId = 'quantitative';
            }
          } else if (c.band) {
            if (gte(d, c.band.min) && lte(d, c.band.max)) continue;
            messageId = 'band';
          } else {
            continue;
          }
          const data = { name: row.name || `第${row.row + 1}行指标`, target: row.target.text, actual: row.actual.text };
          const base = { form, grid: form.grid, row: row.score.row, col: row.score.col };
          const found = held(row.score, 'score');
          if (messageId === 'band') {
            const band = c.band!;
            const tier = ['', '达成年度指标', '部分达成年度指标并具有一定效果', '未达成年度指标且效果较差'][band.tier]!;
            ctx.report({ ...base, messageId, data: { ...data, tier }, pair: { kind: 'value', expected: val('range', `${band.min.toString()}..${band.max.toString()}`), found } });
          } else if (messageId === 'met') {
            ctx.report({ ...base, messageId, data, pair: { kind: 'value', expected: val('score', c.score!), found }, fix: numberFix(c.score!) });
          } else {
            const explanation = explainIndicatorScore(c)?.text ?? '';
            ctx.report({ ...base, messageId, data: { ...data, explanation }, pair: { kind: 'value', expected: val('score', c.score!), found }, fix: numberFix(c.score!) });
          }
        }
      }
    }
  },
};
