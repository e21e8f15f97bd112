// Generates docs/rules.md from the rule modules' metadata (npm run docs:rules); a test keeps it current.
import { writeFileSync } from 'node:fs';
import { RULES } from '../src/engine/rules';
import { ruleDocs } from '../src/engine/rules/docs';
import { REPORT_RULES } from '../src/engine/report/rules';
import { POLICY_PRESETS } from '../src/engine/scoring/policy';
import { COMPARE_WORDS, KIND_LABEL, PAIR_WORDS, SEVERITY_LABEL } from '../src/present';

const SEVERITY: Record<string, string> = SEVERITY_LABEL;
const KIND: Record<string, string> = KIND_LABEL;

/** The finding fields and the words every shell uses for them (src/present is the one vocabulary). */
function fieldsMarkdown(): string[] {
  const v = PAIR_WORDS.value;
  const ls = PAIR_WORDS['label-sum'];
  return [
    '## 每条问题的字段与用词', '',
    '每条问题（finding）是一份数据，命令行文字、`--json`、任务窗格、预览和审核文档都从同一份数据、经同一个表示层（`src/present`）得出文字：', '',
    '| 字段 | 含义 |', '|---|---|',
    '| `rule` | 规则 ID（见下表），永不改名 |',
    '| `messageId`、`data` | 提示语模板的编号与填入的数据：`message` 就是该规则 `messages[messageId]` 填入 `data` 的结果（测试逐条核对，未知编号即测试失败） |',
    `| \`pair\` | 带类型的两个数字：\`value\`（**${v.expected}** \`expected\` ＝单元格应填的值；**${v.found}** \`found\` ＝单元格里实际填的内容，从不是计算出的数）、\`label-sum\`（**${ls.label}** ＝标签里写的分值/金额，如“效益指标(30分)”；**${ls.sum}** ＝各组成部分之和）、\`format\`（只是数字格式不对：**${PAIR_WORDS.format.numberFormat}** \`numberFormat\`，不给数值对） |`,
    '| `fix` | 窗格“改正”写入的确定更正：`value`（数字按数字写入）和/或 `numberFormat`；不能确定该填什么时没有此字段 |',
    `| \`expected\`、\`found\` | 兼容用的显示文字，只有 \`value\` 类的 pair 才有，分别读作“${v.expected}”“${v.found}” |`,
    '| `sheet`、`cell`、`row`、`col`、`form`、`key`、`severity` | 位置、所属表格、忽略用的键、级别 |', '',
    `比率的 \`found\` 记录单元格的写法（\`scale\`：\`fraction\` 为 0.9231 这类小数，\`points\` 为不带 % 写的 92.31），显示一律为百分数两位小数。填报与复核的对照表用“${COMPARE_WORDS.declared} / ${COMPARE_WORDS.recomputed}”两列。`,
    '检查中某条规则或某张工作表出错时，报告的 `internalProblems` 记下工作表和规则，命令行显示一行中文说明并以退出码 2 表示“未完整检查”。', '',
  ];
}

export function rulesMarkdown(): string {
  const lines: string[] = [];
  lines.push('# 检查规则目录', '', '本文件由 `npm run docs:rules` 根据 `src/engine/rules/` 中各规则模块的元数据生成，请勿手工编辑。', '');
  lines.push('| 规则 ID | 名称 | 默认级别 |', '|---|---|---|');
  for (const r of RULES) lines.push(`| \`${r.meta.id}\` | ${r.meta.title} | ${SEVERITY[r.meta.severity]} |`);
  lines.push('', '级别：**错误**＝数字算错了；**警告**＝需要复核（尾差、缺少说明等）；**提示**＝表述或格式问题。', '');
  lines.push(...fieldsMarkdown());
  for (const r of RULES) {
    const scope = r.meta.crossSheet
      ? `跨表比较：${r.meta.crossSheet.map((k) => KIND[k] ?? k).join('、')}（全部工作表读完后执行）`
      : '逐表检查（每张工作表单独判断）';
    lines.push(`## \`${r.meta.id}\` ${r.meta.title}`, '', `默认级别：${SEVERITY[r.meta.severity]}；${scope}`, '', ruleDocs(r.meta), '', '提示语模板：', '');
    for (const [k, m] of Object.entries(r.meta.messages)) lines.push(`- \`${k}\`：${m}`);
    lines.push('');
  }
  lines.push('## 自评报告核对规则', '', '以下规则核对自评报告（.docx）中写出的数字与工作簿是否一致（`selfeval check 报告.docx 工作簿.xlsx`、`selfeval review`、加载项“模板”页的“核对自评报告”）。提示指明第几段并引用原文。', '');
  lines.push('| 规则 ID | 名称 | 默认级别 |', '|---|---|---|');
  for (const r of REPORT_RULES) lines.push(`| \`${r.meta.id}\` | ${r.meta.title} | ${SEVERITY[r.meta.severity]} |`);
  lines.push('');
  for (const r of REPORT_RULES) {
    lines.push(`## \`${r.meta.id}\` ${r.meta.title}`, '', `默认级别：${SEVERITY[r.meta.severity]}；核对自评报告`, '', ruleDocs(r.meta), '', '提示语模板：', '');
    for (const [k, m] of Object.entries(r.meta.messages)) lines.push(`- \`${k}\`：${m}`);
    lines.push('');
  }
  lines.push('## 评分规则预设', '', '| 名称 | 说明 |', '|---|---|');
  for (const p of Object.values(POLICY_PRESETS)) lines.push(`| \`${p.name}\` | ${p.label} |`);
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && /rules-doc/.test(process.argv[1])) {
  writeFileSync(new URL('../docs/rules.md', import.meta.url), rulesMarkdown());
  console.log('已生成 docs/rules.md');
}
