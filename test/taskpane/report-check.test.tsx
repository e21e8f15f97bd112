// 核对自评报告 on the 模板 tab: the controller reads a picked .docx in the pane and checks it against the
// workbook's report; the view (server-rendered, as the other pane tests) shows the picker, says nothing is
// uploaded, and lists each finding with its paragraph and quote.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { checkWorkbook, type Report } from '../../src/engine';
import { readXlsx } from '../../src/xlsx/read';
import { ReportCheckController, type PickedFile } from '../../src/taskpane/report-check';
import { ReportCheckView } from '../../src/taskpane/components/ReportCheck';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'xlsx');

async function workbook(name: string): Promise<Report> {
  const read = await readXlsx(readFileSync(path.join(FIXTURES, name)), name);
  if (!read.ok) throw new Error(read.message);
  return checkWorkbook(read.snapshot);
}

function picked(name: string, file = name): PickedFile {
  const bytes = readFileSync(path.join(FIXTURES, file));
  return { name, size: bytes.length, bytes: async () => new Uint8Array(bytes) };
}

const render = (el: React.ReactElement) => renderToStaticMarkup(<FluentProvider theme={webLightTheme}>{el}</FluentProvider>);

describe('核对自评报告 controller', () => {
  it('checks the picked report against the workbook: the 株洲 contradictions with their paragraphs', async () => {
    const c = new ReportCheckController();
    const seen: string[] = [];
    c.subscribe(() => seen.push(c.getState().status));
    await c.check(picked('株洲自评报告.docx', 'zhuzhou-2024-report.docx'), await workbook('zhuzhou-2024.xlsx'));
    expect(seen).toEqual(['reading', 'done']);
    const st = c.getState();
    if (st.status !== 'done') throw new Error(st.status);
    expect(st.paired).toBe(true);
    expect(st.unit).toBe('株洲市教育技术装备所');
    const errors = st.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.found)).toEqual(['518.94万元', '325.55万元', '518.94万元', '325.55万元']);
    for (const f of errors) expect(f.message).toMatch(new RegExp(`^第${f.paragraph}段“`));
  });

  it('says when the workbook has no form of the report’s unit', async () => {
    const c = new ReportCheckController();
    await c.check(picked('长沙.docx', 'changsha-2024-report.docx'), await workbook('zhuzhou-2024.xlsx'));
    expect(c.getState()).toMatchObject({ status: 'done', paired: false, unit: '长沙市现代教育技术中心', findings: [] });
  });

  it('refuses a .doc, another file type, an oversized file and a pick before any check, in plain words', async () => {
    const c = new ReportCheckController();
    const report = await workbook('zhuzhou-2024.xlsx');
    await c.check({ name: '报告.doc', size: 10, bytes: async () => new Uint8Array(10) }, report);
    expect(c.getState()).toMatchObject({ status: 'error', message: expect.stringContaining('另存为 .docx') });
    await c.check({ name: '报告.pdf', size: 10, bytes: async () => new Uint8Array(10) }, report);
    expect(c.getState()).toMatchObject({ status: 'error', message: expect.stringContaining('.docx') });
    await c.check({ name: '大.docx', size: 60 * 1024 * 1024, bytes: async () => new Uint8Array(0) }, report);
    expect(c.getState()).toMatchObject({ status: 'error', message: expect.stringContaining('超过 50 MB') });
    await c.check(picked('株洲.docx', 'zhuzhou-2024-report.docx'), null);
    expect(c.getState()).toMatchObject({ status: 'error', message: '请先检查工作簿，再核对自评报告。' });
    await c.check({ name: '坏.docx', size: 4, bytes: async () => new Uint8Array([0x50, 0x4b, 3, 4]) }, report);
    expect(c.getState()).toMatchObject({ status: 'error', message: expect.stringContaining('无法作为 Word 文档打开') });
  });
});

describe('核对自评报告 view', () => {
  it('offers a .docx picker and says the file stays on this computer', () => {
    const html = render(<ReportCheckView state={{ status: 'idle' }} onPick={() => undefined} />);
    expect(html).toContain('aria-label="核对自评报告"');
    expect(html).toMatch(/<input[^>]*type="file"[^>]*accept="\.docx,/);
    expect(html).toContain('aria-label="选择自评报告文件"');
    expect(html).toContain('不会上传');
    expect(html).toContain('>选择自评报告…</button>');
  });

  it('lists each finding with its paragraph, quote and both figures', async () => {
    const c = new ReportCheckController();
    await c.check(picked('株洲自评报告.docx', 'zhuzhou-2024-report.docx'), await workbook('zhuzhou-2024.xlsx'));
    const html = render(<ReportCheckView state={c.getState()} onPick={() => undefined} />);
    expect(html).toContain('aria-label="自评报告核对结果"');
    expect(html).toContain('第15段“2024年预算收入518.94万元');
    expect(html).toContain('全年预算数填报520.83万元');
    expect(html).toContain('各部分之和为510.04万元');
    expect(html.match(/<li>/g)).toHaveLength(c.getState().status === 'done' ? (c.getState() as { findings: unknown[] }).findings.length : -1);
  });

  it('says plainly when the report agrees with the workbook, and when it could not be paired', () => {
    const ok = render(<ReportCheckView state={{ status: 'done', fileName: 'a.docx', figures: 21, paired: true, findings: [] }} onPick={() => undefined} />);
    expect(ok).toContain('a.docx：报告中 21 个数字与自评表一致，未发现问题。');
    const none = render(<ReportCheckView state={{ status: 'done', fileName: 'b.docx', unit: '某单位', figures: 3, paired: false, findings: [] }} onPick={() => undefined} />);
    expect(none).toContain('报告的单位是“某单位”，本工作簿中没有该单位的部门整体支出绩效自评表');
  });
});
