// The narrative templates as data: outlines, sentences with named {placeholders} and the phrases and
// formatting rules the renderer uses. Wording changes belong here, not in render.ts.
//
// Placeholder syntax inside a sentence:
//   {name}   a fact the sentence needs; when it is unknown the sentence alternative is skipped.
//   {?name}  an optional fact; renders as "" when unknown (used for "经复核…" correction notes).
// Facts are computed from the engine's Report by facts.ts; their names are listed in docs/templates.md.

export type TemplateName = 'overall-report' | 'project-report' | 'deviation-drafts';

/** One way to word a sentence. The first alternative whose facts are all known (and whose flags are set) wins. */
export interface SentenceAlt {
  text: string;
  /** Facts that must be known although the text does not print them (flags such as "govFundNone"). */
  when?: string[];
  /** Recorded in RenderedText.missing when this (fallback) alternative is the one used. */
  missing?: string;
}

export interface SentenceDef {
  alts: SentenceAlt[];
  /**
   * What to ask for when no alternative can be filled. Inside a paragraph it becomes an inline
   * "【请填写：…】"; a sentence without it is simply left out.
   */
  otherwise?: string;
}

export type ItemDef =
  | { type: 'heading'; text: string; level: 1 | 2 | 3 }
  /** One paragraph made of sentences; left out when every sentence is left out, unless `otherwise` asks for it. */
  | { type: 'paragraph'; sentences: SentenceDef[]; otherwise?: string; when?: string[] }
  /** A marked paragraph for content the workbook cannot supply, e.g. 单位主要职责. */
  | { type: 'placeholder'; label: string; when?: string[] }
  /** One paragraph summarising every 一级指标 block (BLOCK phrases below). */
  | { type: 'blocks' }
  /** One paragraph per indicator that needs a 偏差原因 (DEVIATION sentences below); `none` when there is none. */
  | { type: 'deviations'; none: string; intro?: string; incomplete: string };

export interface TemplateDef {
  name: TemplateName;
  /** zh-CN label shown in the pane and CLI help. */
  label: string;
  /** Form kinds the template is written for. */
  appliesTo: ('overall' | 'project')[];
  title: SentenceDef;
  outline: ItemDef[];
}

/** Formatting rules: every figure goes through these (decimal.js, 2 dp, half-up — see facts.ts). */
export const FORMAT = {
  amountUnit: '万元',
  scoreUnit: '分',
  personUnit: '人',
  countUnit: '项',
  /** Grades are quoted with Chinese quotation marks: 评价等级为“优”. */
  quoteOpen: '“',
  quoteClose: '”',
  /** A placeholder the user must replace. {label} is what to write. */
  placeholder: '【请填写：{label}】',
  /** The short form used inside a deviation draft. */
  placeholderShort: '【请填写】',
  /** Separators for generated lists. */
  listSeparator: '、',
  clauseSeparator: '；',
} as const;

/** Composite phrases facts.ts assembles from figures. */
export const PHRASES = {
  adjustmentUp: '年中调整追加{amount}',
  adjustmentDown: '年中调整调减{amount}',
  adjustmentNone: '年中无预算调整',
  changeUp: '与上年相比，增加{amount}，增长{percent}',
  changeDown: '与上年相比，减少{amount}，降低{percent}',
  /** Previous year 0, this year more: no percentage can be stated. */
  changeFromZero: '与上年相比，增加{amount}（上年为0）',
  changeSame: '与上年持平',
  /** Correction notes (option noteCorrections): the text says where the workbook's own figure is wrong. */
  correction: '经复核，{what}应为{expected}（表中填报{found}）。',
  weightMismatch: '经复核，{block}所含三级指标分值合计为{sum}，与一级指标标注的{declared}不一致。',
  basicComposition: '，其中人员经费{personnel}，公用经费{public}',
  fundItem: '{name}{amount}',
  fundsNone: '无{names}',
  shortItem: '“{name}”（分值{weight}，得分{score}）',
  indicatorsShort: '，{count}未得满分',
  blockItem: '{name}分值{weight}，得分{score}',
  /** Prefix before the blocks list. */
  blocksIntro: '各一级指标得分情况：',
} as const;

/** Deviation drafts, by what happened to the indicator. The first alternative whose facts are known wins. */
export const DEVIATION: Record<'under' | 'over-reverse' | 'over-achieved' | 'partial', SentenceDef> = {
  // A quantitative indicator below its target (positive or equal direction).
  under: {
    alts: [
      { text: '“{name}”年度指标值为{target}，实际完成{actual}，{shortfall}，未完成年度指标。原因：{todo}；改进措施：{todo}' },
      { text: '“{name}”实际完成{actual}，{shortfall}，未完成年度指标。原因：{todo}；改进措施：{todo}' },
    ],
  },
  // A reverse (≤) indicator above its ceiling.
  'over-reverse': {
    alts: [
      { text: '“{name}”年度指标值为{target}，实际完成{actual}，{shortfall}，未控制在年度指标值以内。原因：{todo}；改进措施：{todo}' },
      { text: '“{name}”实际完成{actual}，{shortfall}，未控制在年度指标值以内。原因：{todo}；改进措施：{todo}' },
    ],
  },
  // Met, but far above the target: the rules ask why (an obviously low target may cost points).
  'over-achieved': {
    alts: [
      { text: '“{name}”年度指标值为{target}，实际完成{actual}，明显超过年度指标值。超额完成原因：{todo}；改进措施（如年度指标值设定偏低，说明今后如何调整）：{todo}' },
    ],
  },
  // Anything else scored below its weight (qualitative, unscored, not measurable).
  partial: {
    alts: [
      { text: '“{name}”年度指标值为{target}，实际完成{actual}，得分{score}（分值{weight}），未完全达成年度指标。原因：{todo}；改进措施：{todo}' },
      { text: '“{name}”实际完成{actual}，得分{score}（分值{weight}），未完全达成年度指标。原因：{todo}；改进措施：{todo}' },
      { text: '“{name}”得分{score}（分值{weight}），未完全达成年度指标。原因：{todo}；改进措施：{todo}' },
    ],
  },
};

const s = (...alts: (string | SentenceAlt)[]): SentenceDef => ({ alts: alts.map((a) => (typeof a === 'string' ? { text: a } : a)) });
const sOr = (otherwise: string, ...alts: (string | SentenceAlt)[]): SentenceDef => ({ ...s(...alts), otherwise });

// Sentences shared by the two reports.
const BUDGET_SENTENCE = sOr(
  '全年预算数',
  '{yearLabel}全年预算数{budget}，其中年初预算数{initialBudget}，{adjustment}。',
  '{yearLabel}全年预算数{budget}。',
);
const EXECUTION_SENTENCE = sOr('全年执行数和预算执行率', '全年执行数{executed}，预算执行率为{rate}。{?rateNote}', '全年执行数{executed}。');
const EXECUTION_SCORE_SENTENCE = s('预算执行率指标分值{execWeight}，得分{execScore}。{?execScoreNote}');
const GOAL_EXPECTED: ItemDef = { type: 'paragraph', sentences: [s('年度总体目标：{goalsExpected}')], otherwise: '年度总体目标' };
const GOAL_ACTUAL: ItemDef = { type: 'paragraph', sentences: [s('实际完成情况：{goalsActual}')], otherwise: '年度总体目标实际完成情况' };
const INDICATOR_COUNT: ItemDef = {
  type: 'paragraph',
  sentences: [s('本年度共设置三级绩效指标{indicatorCount}，其中{indicatorsFull}得满分{?indicatorsShort}。', '本年度共设置三级绩效指标{indicatorCount}。')],
};

// When some indicator has no 分值 or 得分 nothing can be said about deviations yet.
const INCOMPLETE = '部分绩效指标未填写分值或得分，无法判断偏差，请先在自评表中补全后再生成。';

export const TEMPLATES: Record<TemplateName, TemplateDef> = {
  'overall-report': {
    name: 'overall-report',
    label: '部门整体支出绩效自评报告',
    appliesTo: ['overall'],
    title: s(
      '{year}年度{unit}部门整体支出绩效自评报告',
      { text: '{unit}部门整体支出绩效自评报告', missing: '报告年度（自评表标题中未写年度）' },
      { text: '{year}年度部门整体支出绩效自评报告', missing: '单位名称（自评表“预算单位名称”为空）' },
      { text: '部门整体支出绩效自评报告', missing: '单位名称和报告年度' },
    ),
    outline: [
      { type: 'heading', text: '一、部门（单位）基本情况', level: 1 },
      { type: 'heading', text: '（一）主要职责', level: 2 },
      { type: 'placeholder', label: '单位主要职责' },
      { type: 'heading', text: '（二）机构设置', level: 2 },
      { type: 'placeholder', label: '内设机构设置情况' },
      { type: 'heading', text: '（三）人员情况', level: 2 },
      {
        type: 'paragraph',
        sentences: [s('{unitName}编制数{staffAuthorised}，{?yearPrefix}实际在职人数{staffActual}，在职人员控制率为{staffRate}。{?staffRateNote}')],
        otherwise: '编制数和实际在职人数（工作簿中未找到基础数据表的财政供养人员情况）',
      },
      { type: 'heading', text: '二、一般公共预算支出情况', level: 1 },
      { type: 'paragraph', sentences: [BUDGET_SENTENCE, EXECUTION_SENTENCE, s('{incomeBreakdown}。')] },
      { type: 'heading', text: '（一）基本支出', level: 2 },
      {
        type: 'paragraph',
        sentences: [s('{yearLabel}基本支出{basicSpending}，占全年执行数的{basicShare}{?basicComposition}。')],
        otherwise: '基本支出金额（自评表“按支出性质分”中未填基本支出）',
      },
      {
        type: 'paragraph',
        sentences: [
          sOr(
            '“三公”经费预算数、决算数及与上年对比情况',
            '{yearLabel}“三公”经费预算{threeBudget}，决算{threeActual}，{threeChange}。',
            '{yearLabel}“三公”经费决算{threeActual}，{threeChange}。',
            '{yearLabel}“三公”经费预算{threeBudget}，决算{threeActual}。',
          ),
        ],
      },
      { type: 'placeholder', label: '基本支出的主要用途' },
      { type: 'heading', text: '（二）项目支出', level: 2 },
      {
        type: 'paragraph',
        sentences: [
          sOr('项目支出金额（自评表“按支出性质分”中未填项目支出）', '{yearLabel}项目支出{projectSpending}，占全年执行数的{projectShare}。'),
          s(
            '基础数据表中项目支出预算{projectRowBudget}，决算{projectRowActual}，{projectRowChange}。',
            '基础数据表中项目支出预算{projectRowBudget}，决算{projectRowActual}。',
          ),
        ],
      },
      { type: 'placeholder', label: '项目支出的主要用途和实施内容' },
      { type: 'heading', text: '三、政府性基金预算支出情况', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          sOr(
            '政府性基金预算支出情况（无则写“无”）',
            { text: '{yearLabel}本单位无政府性基金预算支出。', when: ['isGovFundNone'] },
            '{yearLabel}政府性基金拨款{govFund}。',
          ),
        ],
      },
      { type: 'placeholder', label: '政府性基金预算支出的用途', when: ['govFund'] },
      { type: 'heading', text: '四、国有资本经营预算支出情况', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          sOr('国有资本经营预算支出情况（无则写“无”）', {
            text: '{yearLabel}全年执行数均为一般公共预算资金，本单位无国有资本经营预算支出。',
            when: ['isAllGeneralPublic'],
          }),
        ],
      },
      { type: 'heading', text: '五、社会保险基金预算支出情况', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          sOr('社会保险基金预算支出情况（无则写“无”）', {
            text: '{yearLabel}全年执行数均为一般公共预算资金，本单位无社会保险基金预算支出。',
            when: ['isAllGeneralPublic'],
          }),
        ],
      },
      { type: 'heading', text: '六、部门整体支出绩效情况', level: 1 },
      { type: 'heading', text: '（一）资金使用及预算执行情况', level: 2 },
      {
        type: 'paragraph',
        sentences: [
          sOr('全年预算数、全年执行数和预算执行率', '{yearLabel}部门整体支出全年预算数{budget}，全年执行数{executed}，预算执行率为{rate}。{?rateNote}'),
          EXECUTION_SCORE_SENTENCE,
        ],
      },
      { type: 'heading', text: '（二）绩效目标完成情况', level: 2 },
      GOAL_EXPECTED,
      GOAL_ACTUAL,
      INDICATOR_COUNT,
      { type: 'blocks' },
      { type: 'heading', text: '（三）自评得分及等级', level: 2 },
      {
        type: 'paragraph',
        sentences: [
          sOr(
            '自评总分和评价等级',
            '综合预算执行率得分和各项绩效指标得分，{yearLabel}部门整体支出绩效自评总分为{total}，评价等级为{grade}。{?totalNote}{?gradeNote}',
          ),
        ],
      },
      { type: 'heading', text: '七、存在的问题及原因分析', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          s({ text: '预算执行率为{rate}，全年预算数中尚有{unspent}未执行。', when: ['isUnderspent'] }),
          s({ text: '全年执行数超过全年预算数{overspent}，请核实全年预算数。', when: ['isOverspent'] }),
          s('{shortCount}绩效指标未得满分：{shortList}。'),
        ],
      },
      { type: 'placeholder', label: '存在的问题及原因分析' },
      { type: 'heading', text: '八、下一步改进措施', level: 1 },
      { type: 'placeholder', label: '下一步改进措施' },
      { type: 'heading', text: '九、绩效自评结果拟应用和公开情况', level: 1 },
      {
        type: 'paragraph',
        sentences: [s('根据部门整体支出绩效评价要求和评分标准，{yearLabel}本单位整体支出绩效自评得分{total}，评价等级为{grade}。')],
      },
      { type: 'placeholder', label: '自评结果拟应用和公开情况' },
    ],
  },

  'project-report': {
    name: 'project-report',
    label: '项目支出绩效自评报告',
    appliesTo: ['project'],
    title: s(
      '{year}年度“{projectName}”项目支出绩效自评报告',
      { text: '“{projectName}”项目支出绩效自评报告', missing: '报告年度（自评表标题中未写年度）' },
      { text: '{year}年度项目支出绩效自评报告', missing: '项目名称（自评表“项目名称”为空）' },
      { text: '项目支出绩效自评报告', missing: '项目名称和报告年度' },
    ),
    outline: [
      { type: 'heading', text: '一、项目基本情况', level: 1 },
      {
        type: 'paragraph',
        sentences: [sOr('项目名称', '项目名称：{projectName}。'), sOr('实施单位', '实施单位：{unit}。')],
      },
      { type: 'placeholder', label: '项目立项依据、主要内容和实施情况' },
      { type: 'heading', text: '二、项目资金及预算执行情况', level: 1 },
      { type: 'paragraph', sentences: [BUDGET_SENTENCE, EXECUTION_SENTENCE, s('{projectFunds}。')] },
      { type: 'paragraph', sentences: [EXECUTION_SCORE_SENTENCE] },
      { type: 'heading', text: '三、绩效目标完成情况', level: 1 },
      GOAL_EXPECTED,
      GOAL_ACTUAL,
      INDICATOR_COUNT,
      { type: 'blocks' },
      { type: 'heading', text: '四、自评结论', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          sOr('自评总分和评价等级', '综合预算执行率得分和各项绩效指标得分，该项目绩效自评总分为{total}，评价等级为{grade}。{?totalNote}{?gradeNote}'),
        ],
      },
      { type: 'heading', text: '五、偏差原因分析及改进措施', level: 1 },
      { type: 'deviations', none: '各项绩效指标均得满分，且无明显超额完成的指标，无偏差需要说明。', incomplete: INCOMPLETE },
      { type: 'heading', text: '六、存在的问题及下一步改进措施', level: 1 },
      {
        type: 'paragraph',
        sentences: [
          s({ text: '预算执行率为{rate}，全年预算数中尚有{unspent}未执行。', when: ['isUnderspent'] }),
          s({ text: '全年执行数超过全年预算数{overspent}，请核实全年预算数。', when: ['isOverspent'] }),
        ],
      },
      { type: 'placeholder', label: '存在的问题及下一步改进措施' },
      { type: 'heading', text: '七、绩效自评结果拟应用和公开情况', level: 1 },
      { type: 'placeholder', label: '自评结果拟应用和公开情况' },
    ],
  },

  'deviation-drafts': {
    name: 'deviation-drafts',
    label: '偏差原因分析及改进措施（草稿）',
    appliesTo: ['overall', 'project'],
    title: s('“{formName}”偏差原因分析及改进措施（草稿）', '偏差原因分析及改进措施（草稿）'),
    outline: [
      {
        type: 'deviations',
        intro: '以下{count}绩效指标未得满分或明显超额完成，须在“偏差原因分析及改进措施”栏说明原因和改进措施。草稿中的【请填写】处须由单位据实填写：',
        none: '各项绩效指标均得满分，且无明显超额完成的指标，无需填写偏差原因分析。',
        incomplete: INCOMPLETE,
      },
    ],
  },
};

/** Template order for listings. */
export const TEMPLATE_ORDER: TemplateName[] = ['overall-report', 'project-report', 'deviation-drafts'];

/** zh-CN names of the form kinds, for listings and messages. */
export const FORM_KIND_LABELS = {
  overall: '部门整体支出绩效自评表',
  project: '项目支出绩效自评表',
  'basic-data': '基础数据表',
} as const;
