// Generates docs/rules.md from the rule modules' metadata (npm run docs:rules); a test keeps it current.
import { writeFileSync } from 'node:fs';
import { RULES } from '../src/engine/rules';
import { REPORT_RULES } from '../src/engine/report/rules';
import { POLICY_PRESETS } from '../src/engine/scoring/policy';

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
const KIND: Record<string, string> = { overall: '部门整体支出绩效自评表', project: '项目支出绩效自评表', 'basic-data': '基础数据表' };

export function rulesMarkdown(): string {
  const lines: string[] = [];
  lines.push('# 检查规则目录', '', '本文件由 `npm run docs:rules` 根据 `src/engine/rules/` 中各规则模块的元数据生成，请勿手工编辑。', '');
  lines.push('| 规则 ID | 名称 | 默认级别 |', '|---|---|---|');
  for (const r of RULES) lines.push(`| \`${r.meta.id}\` | ${r.meta.title} | ${SEVERITY[r.meta.severity]} |`);
  lines.push('', '级别：**错误**＝数字算错了；**警告**＝需要复核（尾差、缺少说明等）；**提示**＝表述或格式问题。', '');
  for (const r of RULES) {
    const scope = r.meta.crossSheet
      ? `跨表比较：${r.meta.crossSheet.map((k) => KIND[k] ?? k).join('、')}（全部工作表读完后执行）`
      : '逐表检查（每张工作表单独判断）';
    lines.push(`## \`${r.meta.id}\` ${r.meta.title}`, '', `默认级别：${SEVERITY[r.meta.severity]}；${scope}`, '', r.meta.docs, '', '提示语模板：', '');
    for (const [k, m] of Object.entries(r.meta.messages)) lines.push(`- \`${k}\`：${m}`);
    lines.push('');
  }
  lines.push('## 自评报告核对规则', '', '以下规则核对自评报告（.docx）中写出的数字与工作簿是否一致（`selfeval check 报告.docx 工作簿.xlsx`、`selfeval review`、加载项“模板”页的“核对自评报告”）。提示指明第几段并引用原文。', '');
  lines.push('| 规则 ID | 名称 | 默认级别 |', '|---|---|---|');
  for (const r of REPORT_RULES) lines.push(`| \`${r.meta.id}\` | ${r.meta.title} | ${SEVERITY[r.meta.severity]} |`);
  lines.push('');
  for (const r of REPORT_RULES) {
    lines.push(`## \`${r.meta.id}\` ${r.meta.title}`, '', `默认级别：${SEVERITY[r.meta.severity]}；核对自评报告`, '', r.meta.docs, '', '提示语模板：', '');
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
