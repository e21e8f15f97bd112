// 审核意见/<单位>.docx: the formal letter a finance bureau sends each unit — 审核依据, 总体情况 (declared
// against recomputed), a numbered 问题清单 naming sheet and cell, 整改要求 with 【请填写：…】 placeholders for
// what the tool cannot know. Round two splits the list into 已整改 / 仍存在 / 新发现. docx library; bytes out.
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { KIND_LABEL, SEVERITY_LABEL, differs, findingText, score2 } from './present';
import type { ReviewFinding, ReviewFormRow, ReviewResult, ReviewUnit } from './types';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

/** 【请填写：…】: what only the reviewer knows. */
export function placeholder(what: string): string {
  return `【请填写：${what}】`;
}

export function letterTitle(unit: ReviewUnit): string {
  const year = unit.year !== undefined ? String(unit.year) : placeholder('年度');
  return `关于${unit.name}${year}年度绩效自评材料的审核意见`;
}

/** A unit name as a file name: no path separators or characters Windows refuses. */
export function letterFileName(unit: string): string {
  // eslint-disable-next-line no-control-regex
  const s = unit.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 80);
  return `${s === '' ? '未命名单位' : s}.docx`;
}

function para(text: string, opts: { bold?: boolean; indent?: boolean; align?: 'left' | 'center' | 'right'; heading?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({
    // Left, not justified: file names and cell addresses would stretch a justified line apart.
    alignment: opts.align === 'center' ? AlignmentType.CENTER : opts.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    spacing: opts.size ? { before: 240, after: 240 } : { line: 560, lineRule: 'exact' },
    children: [new TextRun({ text, bold: opts.bold, font: opts.heading ? TITLE_FONT : BODY_FONT, size: opts.size ?? 32 })],
  });
}

export function formSentence(r: ReviewFormRow): string {
  const what = r.projectName ? `${KIND_LABEL[r.kind]}（${r.projectName}）` : KIND_LABEL[r.kind];
  const where = r.kind === 'report' ? r.file : `${r.file}，工作表“${r.sheet}”`;
  if (r.kind !== 'basic-data' && r.kind !== 'unrecognised' && r.totalRecomputed === null && score2(r.totalDeclared) !== null) {
    // The form declares a total the check could not recompute (its 执行率得分 was not identified).
    return `${what}（${where}）：申报总分 ${score2(r.totalDeclared)} 分，未能复核（预算执行部分的执行率得分未能识别）；发现错误 ${r.errors} 处、警告 ${r.warnings} 处。`;
  }
  if (r.kind === 'basic-data' || r.kind === 'unrecognised' || r.totalRecomputed === null) {
    return `${what}（${where}）：发现错误 ${r.errors} 处、警告 ${r.warnings} 处。`;
  }
  const declared = score2(r.totalDeclared);
  const declaredText = declared === null ? '未填写总分' : `申报总分 ${declared} 分`;
  const gradeDeclared = r.gradeDeclared ? `、等级“${r.gradeDeclared}”` : '、未填写等级';
  const same = declared !== null && !differs(r.totalDeclared, r.totalRecomputed);
  const verdict = same ? '申报总分与复核一致' : '申报总分与复核不一致';
  return (
    `${what}（${where}）：${declaredText}${gradeDeclared}；复核总分 ${score2(r.totalRecomputed)} 分、等级“${r.gradeRecomputed ?? ''}”，` +
    `${verdict}；发现错误 ${r.errors} 处、警告 ${r.warnings} 处。`
  );
}

/** "工作表“项目2”H13 单元格：…（应为 8.00，表中填报 10.00）" — the item a clerk can act on. */
export function findingItem(f: ReviewFinding): string {
  const sev = `【${SEVERITY_LABEL[f.severity]}】`;
  if (f.source === 'report') {
    // A report finding's message starts with its paragraph and quote ("第15段“…”：…"); add the quote only when it does not.
    const quote = f.quote && !f.message.includes(f.quote) ? `（报告原文：“${f.quote}”）` : '';
    const at = f.message.includes(f.cell) ? '' : `${f.cell}：`;
    return `${sev}${f.formLabel}（${f.file}）${at}${at ? '' : '：'}${findingText(f)}${quote}`;
  }
  const where = `工作表“${f.sheet}”${f.cell} 单元格`;
  const form = f.formLabel ? `${f.formLabel}，` : '';
  // The message with the pair (应为/填报…) when the message does not already state it: src/present's one rule.
  return `${sev}${form}${where}：${findingText(f)}`;
}

function numbered(items: string[]): Paragraph[] {
  return items.map((t, i) => para(`${i + 1}. ${t}`));
}

function letterParagraphs(unit: ReviewUnit, result: ReviewResult): Paragraph[] {
  const year = unit.year !== undefined ? String(unit.year) : placeholder('年度');
  const out: Paragraph[] = [];
  out.push(para(letterTitle(unit), { bold: true, align: 'center', indent: false, heading: true, size: 40 }));
  out.push(para(`${unit.name}：`, { indent: false }));
  out.push(para(`你单位报送的${year}年度绩效自评材料（${unit.files.join('、')}）收悉。经审核，现将审核意见函告如下：`));

  out.push(para('一、审核依据', { bold: true, heading: true }));
  const policy = result.meta.policyLabel ?? result.meta.policyName;
  out.push(
    para(
      `依据《项目支出绩效评价管理办法》（财预〔2020〕10号）、${placeholder('本地区绩效自评工作通知的名称和文号')}，` +
        `按评分规则“${policy}”，对你单位自评表的执行率、各项指标得分、总分和等级逐项复算核对` +
        (unit.forms.some((r) => r.kind === 'report') ? '，并将自评报告中的数字与自评表逐一核对。' : '。'),
    ),
  );

  out.push(para('二、总体情况', { bold: true, heading: true }));
  for (const r of unit.forms) out.push(para(formSentence(r)));
  const errors = unit.findings.filter((f) => f.severity === 'error').length;
  const warnings = unit.findings.filter((f) => f.severity === 'warning').length;
  out.push(para(`合计发现错误 ${errors} 处、警告 ${warnings} 处。错误须改正；警告请核实，确无问题的请在自评报告中说明理由。`));

  out.push(para('三、问题清单', { bold: true, heading: true }));
  // The letter lists what the unit must correct or verify (errors, warnings). 提示 are the reviewer's notes — what the
  // tool could not check (a table it could not read, a column it could not identify) — kept in the 汇总表's 问题明细.
  const listed = unit.findings.filter((f) => f.severity !== 'info');
  if (result.meta.previous) {
    if (!unit.inPrevious) out.push(para('上一轮审核中没有你单位的材料，以下问题均为本轮发现。'));
    const fixed = (unit.fixed ?? []).filter((f) => f.severity !== 'info');
    out.push(para(`（一）已整改（${fixed.length} 项）`, { bold: true }));
    if (fixed.length === 0) out.push(para('无。'));
    out.push(...numbered(fixed.map((f) => `${f.formLabel ? `${f.formLabel}，` : ''}工作表“${f.sheet}”${f.cell} 单元格：${f.message}（已改正）`)));
    const remaining = listed.filter((f) => f.round === 'remaining');
    out.push(para(`（二）仍存在（${remaining.length} 项）`, { bold: true }));
    if (remaining.length === 0) out.push(para('无。'));
    out.push(...numbered(remaining.map(findingItem)));
    const added = listed.filter((f) => f.round !== 'remaining');
    out.push(para(`（三）新发现（${added.length} 项）`, { bold: true }));
    if (added.length === 0) out.push(para('无。'));
    out.push(...numbered(added.map(findingItem)));
    const unverified = unit.unverified ?? [];
    if (unverified.length > 0) {
      const what = [...new Set(unverified.map((f) => f.formLabel || '自评表'))].join('、');
      out.push(para(`另有上轮提出的 ${unverified.length} 项问题所在的材料（${what}）本轮未再报送，无法确认是否已整改，请一并报送。`));
    }
  } else if (listed.length === 0) {
    out.push(para('经复核，未发现需要修改的问题。'));
  } else {
    out.push(...numbered(listed.map(findingItem)));
  }

  out.push(para('四、整改要求', { bold: true, heading: true }));
  out.push(
    para(
      `请你单位对照上述问题清单逐项核实整改，于${placeholder('整改期限')}前将修改后的自评表、自评报告及整改情况说明` +
        `报送${placeholder('报送单位及方式')}。对确有理由不作修改的事项，请书面说明理由。`,
    ),
  );
  out.push(para(`联系人：${placeholder('联系人')}，联系电话：${placeholder('联系电话')}。`));
  out.push(para(''));
  out.push(para(placeholder('审核单位名称'), { align: 'right', indent: false }));
  out.push(para(result.meta.date, { align: 'right', indent: false }));
  return out;
}

export async function buildLetters(result: ReviewResult): Promise<{ unit: string; fileName: string; bytes: Uint8Array }[]> {
  const out: { unit: string; fileName: string; bytes: Uint8Array }[] = [];
  const used = new Set<string>();
  for (const unit of result.units) {
    let fileName = letterFileName(unit.name);
    for (let n = 2; used.has(fileName.toLowerCase()); n++) fileName = letterFileName(`${unit.name}-${n}`);
    used.add(fileName.toLowerCase());
    const doc = new Document({
      creator: 'selfeval',
      title: letterTitle(unit),
      styles: { default: { document: { run: { font: BODY_FONT, size: 32 } } } },
      sections: [
        {
          properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
          children: letterParagraphs(unit, result),
        },
      ],
    });
    const bytes = await Packer.pack(doc, 'uint8array');
    out.push({ unit: unit.name, fileName, bytes });
  }
  return out;
}
