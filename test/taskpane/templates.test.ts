// The 模板 tab's controller in Node: choosing template and form, the 注明复核更正 switch, edits that
// are never silently lost, and every write going through the gateway with the right lines,
// headings, suggestion and drafts. Reports come from the real engine on the harness workbook.
import { describe, expect, it, vi } from 'vitest';
import { checkWorkbook } from '../../src/engine';
import { renderTemplate, renderedToText, type RenderedText } from '../../src/engine/templates';
import type { Finding, Report, WorkbookSnapshot } from '../../src/engine/types';
import { GatewayError } from '../../src/excel/errors';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import type { FillItem, FillResult, InsertResult, InsertTextOptions, WorkbookGateway } from '../../src/excel/types';
import { HostWorkbook, createFakeExcel } from '../../src/host/fake-excel';
import { TaskpaneController } from '../../src/taskpane/controller';
import { TEMPLATE_WORKBOOK } from '../../src/taskpane/harness-templates';
import { TemplatesController, draftsFromText, headingIndexes, textLines, textOf } from '../../src/taskpane/templates';

function snapshot(): WorkbookSnapshot {
  return HostWorkbook.fromSnapshotLike(TEMPLATE_WORKBOOK).toSnapshotForTest() as WorkbookSnapshot;
}

const REPORT: Report = checkWorkbook(snapshot());

class MockGateway implements WorkbookGateway {
  inserts: { lines: string[]; options: InsertTextOptions }[] = [];
  fills: FillItem[][] = [];
  insertResult: (lines: string[], options: InsertTextOptions) => Promise<InsertResult> = async (lines, options) => ({
    sheet: options.target === 'new-sheet' ? '自评报告' : (options.at?.sheet ?? '项目1'),
    address: `A1:A${lines.length}`,
    rows: lines.length,
  });
  fillResult: (items: FillItem[]) => Promise<FillResult> = async (items) => ({
    written: items.slice(0, 1).map((i) => `${i.sheet}!${i.cell}`),
    skipped: items.slice(1).map((i) => ({ sheet: i.sheet, cell: i.cell, reason: 'not-empty' as const })),
  });
  async readSnapshot() {
    return snapshot();
  }
  async applyMarks(_f: Finding[]) {}
  async clearMarks() {}
  async select() {}
  async loadIgnored() {
    return [];
  }
  async saveIgnored() {}
  async onChanged() {
    return () => {};
  }
  async insertText(lines: string[], options: InsertTextOptions) {
    this.inserts.push({ lines: [...lines], options: { ...options } });
    return this.insertResult(lines, options);
  }
  async fillCells(items: FillItem[]) {
    this.fills.push(items.map((i) => ({ ...i })));
    return this.fillResult(items);
  }
}

function setup(report: Report = REPORT) {
  const gateway = new MockGateway();
  const copy = vi.fn(async (_text: string) => true);
  const t = new TemplatesController({ gateway, copy });
  t.setReport(report);
  return { t, gateway, copy };
}

describe('text helpers', () => {
  it('textLines: one line per non-blank line, trailing spaces off, leading full-width indent kept', () => {
    expect(textLines('标题\r\n\r\n　　第一段。  \n\n\n二、小标题\n  \n')).toEqual(['标题', '　　第一段。', '二、小标题']);
    expect(textLines('   \n\n')).toEqual([]);
  });

  it('headingIndexes: the title and the rendered headings, wherever they ended up after edits', () => {
    const r = renderTemplate(REPORT, 'project-report');
    const lines = ['新增的一段', r.title, '一、项目基本情况', '随便一段', '五、偏差原因分析及改进措施'];
    expect(headingIndexes(lines, r)).toEqual([1, 2, 4]);
    expect(headingIndexes(lines, null)).toEqual([]);
  });

  it('draftsFromText reads back exactly the drafts renderedToText wrote, including awkward sheet names', () => {
    const r = renderTemplate(REPORT, 'deviation-drafts');
    const expected = r.paragraphs.filter((p) => p.cell).map((p) => ({ sheet: p.sheet, cell: p.cell, text: p.text }));
    expect(expected).toHaveLength(2);
    expect(draftsFromText(renderedToText(r))).toEqual(expected);
    const odd: RenderedText = {
      template: 'deviation-drafts',
      title: 't',
      missing: [],
      paragraphs: [
        { kind: 'paragraph', text: '第一行\n第二行', sheet: "项目!1 (Tom's)", cell: 'H7', currentText: '旧' },
        { kind: 'paragraph', text: '说明', sheet: 'S', cell: 'AA100', currentText: '' },
      ],
    };
    expect(draftsFromText(renderedToText(odd))).toEqual([
      { sheet: "项目!1 (Tom's)", cell: 'H7', text: '第一行\n第二行' },
      { sheet: 'S', cell: 'AA100', text: '说明' },
    ]);
    expect(draftsFromText('没有单元格说明的段落\n\n另一段')).toEqual([]);
  });
});

describe('choosing and rendering', () => {
  it('lists the templates in Chinese, starts with the first one and its first form, corrections noted', () => {
    const { t } = setup();
    const s = t.getState();
    expect(s.choices.map((c) => c.label)).toEqual(['项目支出绩效自评报告', '偏差原因分析及改进措施（草稿）']);
    expect(s.choices[0]!.forms.map((f) => f.label)).toEqual([
      '项目支出绩效自评表（工作表“项目1”）：城区道路维护专项资金',
      '项目支出绩效自评表（工作表“项目2”）：教师信息技术培训',
    ]);
    expect(s.template).toBe('project-report');
    expect(s.formIndex).toBe(0);
    expect(s.noteCorrections).toBe(true);
    expect(s.text.split('\n')[0]).toBe('2024年度“城区道路维护专项资金”项目支出绩效自评报告');
    expect(s.text).toContain('经复核，总分应为92.33分（表中填报94.13分）');
    expect(s.text).not.toContain('填入单元格'); // cell notes belong to the drafts template only
    expect(s.canWrite).toBe(true);
    expect(s.edited).toBe(false);
  });

  it('the 注明复核更正 switch drops the corrections; the form choice switches the project', () => {
    const { t } = setup();
    t.setNoteCorrections(false);
    expect(t.getState().text).not.toContain('经复核');
    expect(t.getState().text).toContain('自评总分为92.33分');
    t.chooseForm(1);
    expect(t.getState().text).toContain('教师信息技术培训');
    expect(t.getState().noteCorrections).toBe(false);
    t.chooseForm(7); // not a form of this template: ignored
    expect(t.getState().formIndex).toBe(1);
  });

  it('the drafts template lists its cells; drafts follow what the user types', () => {
    const { t } = setup();
    t.choose('deviation-drafts');
    const s = t.getState();
    expect(s.drafts.map((d) => `${d.sheet}!${d.cell}`)).toEqual(['项目1!H12', '项目1!H15']);
    t.setText(s.text.replace('原因：【请填写】；改进措施：【请填写】', '原因：部分路段延期施工；改进措施：加强进度管理'));
    expect(t.getState().edited).toBe(true);
    expect(t.getState().drafts[0]!.text).toContain('部分路段延期施工');
  });

  it('a re-render replaces edits only visibly: an info message and 恢复修改', () => {
    const { t } = setup();
    const original = t.getState().text;
    t.setText(`${original}\n\n我加的一段`);
    t.choose('deviation-drafts');
    expect(t.getState().text).not.toContain('我加的一段');
    expect(t.getState().message).toEqual({ intent: 'info', text: '文本框中的修改已被新生成的文字替换。' });
    t.restoreEdits();
    expect(t.getState().text).toBe(`${original}\n\n我加的一段`);
    expect(t.getState().edited).toBe(true);
  });

  it('a new check keeps edited text (stale) until 重新生成; unedited text follows the new report', () => {
    const { t } = setup();
    const fixed = checkWorkbook(
      ((): WorkbookSnapshot => {
        const wb = HostWorkbook.fromSnapshotLike(TEMPLATE_WORKBOOK);
        wb.setCell('项目1', 'G18', { value: 92.33 });
        return wb.toSnapshotForTest() as WorkbookSnapshot;
      })(),
    );
    t.setReport(fixed);
    expect(t.getState().text).not.toContain('表中填报94.13分');
    t.setReport(REPORT);
    t.setText(`${t.getState().text}\n\n补充`);
    t.setReport(fixed);
    expect(t.getState().stale).toBe(true);
    expect(t.getState().text).toContain('补充');
    t.regenerate();
    expect(t.getState()).toMatchObject({ stale: false, edited: false, discarded: null });
    expect(t.getState().text).not.toContain('补充');
  });

  it('keeps the chosen form by sheet across checks, and empties out for a workbook without forms', () => {
    const { t } = setup();
    t.chooseForm(1);
    const reordered: Report = { ...REPORT, forms: [REPORT.forms[1]!, REPORT.forms[0]!] };
    t.setReport(reordered);
    expect(t.getState().formIndex).toBe(0);
    expect(t.getState().text).toContain('教师信息技术培训');
    t.setReport({ policy: 'default', forms: [], findings: [], counts: { error: 0, warning: 0, info: 0 } });
    expect(t.getState()).toMatchObject({ choices: [], template: null, text: '', rendered: null });
  });
});

describe('writing', () => {
  it('插入到新工作表: every non-blank line, headings marked, a success message naming the sheet', async () => {
    const { t, gateway } = setup();
    await t.insertNewSheet();
    const call = gateway.inserts[0]!;
    expect(call.options.target).toBe('new-sheet');
    expect(call.lines).toEqual(textLines(t.getState().text));
    expect(call.lines[0]).toBe('2024年度“城区道路维护专项资金”项目支出绩效自评报告');
    const headings = call.options.headings!.map((i) => call.lines[i]);
    expect(headings).toEqual([
      call.lines[0],
      '一、项目基本情况',
      '二、项目资金及预算执行情况',
      '三、绩效目标完成情况',
      '四、自评结论',
      '五、偏差原因分析及改进措施',
      '六、存在的问题及下一步改进措施',
      '七、绩效自评结果拟应用和公开情况',
    ]);
    expect(t.getState().message).toEqual({ intent: 'success', text: `已插入到新工作表“自评报告”，共 ${call.lines.length} 行。` });
    expect(t.getState().busy).toBeNull();
  });

  it('插入到所选单元格 refused: the message, then one click inserts at the suggested place', async () => {
    const { t, gateway } = setup();
    gateway.insertResult = async (lines, options) => {
      if (!options.at) {
        throw new GatewayError('target-not-empty', '工作表“项目1”从 A1 向下 22 行中，A1 已有内容。为避免覆盖，本次没有写入任何内容。可以改为插入到 A21 起。', {
          sheet: '项目1',
          occupied: 'A1',
          suggestion: { sheet: '项目1', address: 'A21' },
        });
      }
      return { sheet: options.at.sheet, address: `A21:A${20 + lines.length}`, rows: lines.length };
    };
    await t.insertAtSelection();
    expect(t.getState().message).toEqual({ intent: 'warning', text: expect.stringContaining('A1 已有内容') });
    expect(t.getState().suggestion).toEqual({ sheet: '项目1', address: 'A21' });
    await t.insertAtSuggestion();
    expect(gateway.inserts.map((c) => c.options.at ?? null)).toEqual([null, { sheet: '项目1', address: 'A21' }]);
    expect(gateway.inserts[1]!.options.target).toBe('selection');
    expect(t.getState().suggestion).toBeNull();
    expect(t.getState().message?.text).toMatch(/^已插入到工作表“项目1”的 A21:A\d+，共 \d+ 行。$/);
  });

  it('errors: cell-edit mode and Office errors become Chinese sentences, nothing is left busy', async () => {
    const { t, gateway } = setup();
    gateway.insertResult = async () => {
      throw new GatewayError('cell-edit-mode', 'Excel 正处于单元格编辑状态');
    };
    await t.insertNewSheet();
    expect(t.getState().message).toEqual({ intent: 'error', text: '请先按 Enter 或 Esc 退出单元格编辑，然后再试。' });
    gateway.insertResult = async () => {
      throw Object.assign(new Error('Internal error'), { code: 'GeneralException' });
    };
    await t.insertAtSelection();
    expect(t.getState().message).toEqual({ intent: 'error', text: '插入文字时出错（GeneralException：Internal error）。' });
    expect(t.getState().busy).toBeNull();
  });

  it('an emptied textarea inserts nothing and says so', async () => {
    const { t, gateway } = setup();
    t.setText('  \n\n ');
    await t.insertNewSheet();
    expect(gateway.inserts).toEqual([]);
    expect(t.getState().message?.text).toBe('没有可插入的文字：文本框是空的。');
  });

  it('填入空白的偏差原因单元格: the (edited) drafts go to their cells; written and skipped are listed in Chinese', async () => {
    const { t, gateway } = setup();
    t.choose('deviation-drafts');
    t.setText(t.getState().text.replace('原因：【请填写】；改进措施：【请填写】', '原因：雨季延误；改进措施：提前开工'));
    await t.fillDrafts();
    expect(gateway.fills[0]).toEqual([
      { sheet: '项目1', cell: 'H12', text: expect.stringContaining('原因：雨季延误；改进措施：提前开工') },
      { sheet: '项目1', cell: 'H15', text: expect.stringContaining('“群众出行便利度”') },
    ]);
    expect(t.getState().fill).toEqual({
      written: ['项目1!H12'],
      skipped: [{ sheet: '项目1', cell: 'H15', reason: '单元格已有内容' }],
    });
    expect(t.getState().message).toEqual({
      intent: 'success',
      text: '已填入 1 个单元格。1 个单元格未填入（见下方列表），原有内容保持不变。点“重新检查”可更新检查结果。',
    });
  });

  it('filling with nothing written is a warning; placeholders left in written drafts are pointed out', async () => {
    const { t, gateway } = setup();
    t.choose('deviation-drafts');
    await t.fillDrafts();
    expect(t.getState().message?.text).toContain('请在单元格中把【请填写】处补充完整。');
    gateway.fillResult = async (items) => ({ written: [], skipped: items.map((i) => ({ sheet: i.sheet, cell: i.cell, reason: 'protected' as const })) });
    await t.fillDrafts();
    expect(t.getState().message).toEqual({ intent: 'warning', text: '没有填入任何单元格。2 个单元格未填入（见下方列表），原有内容保持不变。' });
    expect(t.getState().fill!.skipped.map((k) => k.reason)).toEqual(['工作表受保护', '工作表受保护']);
  });

  it('复制到剪贴板: the textarea text; a refused clipboard asks for Ctrl+C', async () => {
    const { t, copy } = setup();
    expect(await t.copy()).toBe(true);
    expect(copy).toHaveBeenCalledWith(t.getState().text);
    expect(t.getState().message).toEqual({ intent: 'success', text: '已复制到剪贴板。' });
    copy.mockResolvedValueOnce(false);
    expect(await t.copy()).toBe(false);
    expect(t.getState().message?.text).toContain('Ctrl+C');
  });

  it('a read-only host: canWrite false and the write actions do nothing', async () => {
    const gateway = new MockGateway();
    const readOnly: WorkbookGateway = {
      readSnapshot: () => gateway.readSnapshot(),
      applyMarks: async () => {},
      clearMarks: async () => {},
      select: async () => {},
      loadIgnored: async () => [],
      saveIgnored: async () => {},
      onChanged: async () => () => {},
    };
    const t = new TemplatesController({ gateway: readOnly, copy: async () => true });
    t.setReport(REPORT);
    expect(t.getState().canWrite).toBe(false);
    await t.insertNewSheet();
    await t.fillDrafts();
    expect(gateway.inserts).toEqual([]);
    expect(gateway.fills).toEqual([]);
  });
});

describe('the pane with the real gateway over the fake host', () => {
  it('check, then insert the report into 自评报告 and fill the empty 偏差原因 cell only', async () => {
    const host = createFakeExcel(HostWorkbook.fromSnapshotLike(TEMPLATE_WORKBOOK));
    const pane = new TaskpaneController({ gateway: createOfficeGateway(host.api), check: checkWorkbook, copy: async () => true });
    await pane.start();
    const t = await pane.loadTemplates();
    expect(t.getState().template).toBe('project-report');

    await t.insertNewSheet();
    const sheet = host.workbook.cellsState().sheets.find((s) => s.name === '自评报告')!;
    const lines = textLines(t.getState().text);
    expect(Object.values(sheet.cells).map((c) => c.value)).toEqual(lines);
    expect(sheet.cells.A1).toMatchObject({ numberFormat: '@', bold: true });
    expect(sheet.cells.A3!.bold).toBeUndefined();

    t.choose('deviation-drafts');
    await t.fillDrafts();
    expect(t.getState().fill).toEqual({ written: ['项目1!H12'], skipped: [{ sheet: '项目1', cell: 'H15', reason: '单元格已有内容' }] });
    expect(host.workbook.getCell('项目1', 'H12')!.value).toBe(draftsFromText(t.getState().text)[0]!.text);
    expect(host.workbook.getCell('项目1', 'H15')!.value).toBe('部分路段施工延期，已列入次年计划');

    // The user goes back to the form; its active cell is the title: refused, with the first free place below.
    host.workbook.activeSheet = '项目1';
    await t.insertAtSelection();
    expect(t.getState().suggestion).toEqual({ sheet: '项目1', address: 'A21' });
    await t.insertAtSuggestion();
    expect(host.workbook.getCell('项目1', 'A21')!.value).toBe(textLines(t.getState().text)[0]);
    pane.dispose();
  });

  it('textOf gives the error-free text of a rendered template and nothing for an error', () => {
    const r = renderTemplate(REPORT, 'project-report', { formIndex: 1 });
    expect(textOf(r).startsWith(r.title)).toBe(true);
    expect(textOf(renderTemplate(REPORT, 'overall-report'))).toBe('');
  });
});
