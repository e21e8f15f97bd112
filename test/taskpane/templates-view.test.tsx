// Server-renders the 模板 tab: Chinese labels, a native textarea (no contentEditable), every button
// named, workbook text escaped as text, the refusal's one-click suggestion, the fill result list.
import { describe, expect, it } from 'vitest';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { checkWorkbook } from '../../src/engine';
import type { WorkbookSnapshot } from '../../src/engine/types';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { HostWorkbook, createFakeExcel, type WorkbookLike } from '../../src/host/fake-excel';
import { App } from '../../src/taskpane/App';
import { TaskpaneController } from '../../src/taskpane/controller';
import { TEMPLATE_WORKBOOK } from '../../src/taskpane/harness-templates';

function workbook(edit?: (wb: HostWorkbook) => void): HostWorkbook {
  const wb = HostWorkbook.fromSnapshotLike(TEMPLATE_WORKBOOK as WorkbookLike);
  edit?.(wb);
  return wb;
}

async function pane(wb = workbook()) {
  const host = createFakeExcel(wb);
  const controller = new TaskpaneController({ gateway: createOfficeGateway(host.api), check: checkWorkbook, copy: async () => false });
  await controller.start();
  const templates = await controller.loadTemplates();
  const html = () =>
    renderToStaticMarkup(
      <FluentProvider theme={webLightTheme}>
        <App controller={controller} initialTab="templates" />
      </FluentProvider>,
    );
  // The 模板 tab is a lazy chunk: the first render starts loading it, later renders show it.
  html();
  await import('../../src/taskpane/components/TemplatesTab');
  await new Promise((r) => setTimeout(r, 0));
  return { controller, templates, html, host };
}

function unnamedButtons(html: string): string[] {
  const out: string[] = [];
  const re = /<button\b([^>]*)>([\s\S]*?)<\/button>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const text = m[2]!.replace(/<[^>]+>/g, '').trim();
    if (!text && !/aria-label="[^"]+"/.test(m[1]!)) out.push(m[0]);
  }
  return out;
}

describe('模板 tab view', () => {
  it('shows the template and form choices, the switch, the editable text and the three actions', async () => {
    const { html, templates } = await pane();
    const page = html();
    expect(page).toMatch(/role="tab"[^>]*aria-selected="true" value="templates"/);
    expect(page).toContain('<option value="project-report" selected="">项目支出绩效自评报告</option>');
    expect(page).toContain('<option value="deviation-drafts">偏差原因分析及改进措施（草稿）</option>');
    expect(page).toContain('项目支出绩效自评表（工作表“项目2”）：教师信息技术培训');
    expect(page).toContain('注明复核更正');
    expect(page).toMatch(/<textarea[^>]*>2024年度“城区道路维护专项资金”项目支出绩效自评报告/);
    expect(page).not.toMatch(/contenteditable/i);
    for (const label of ['插入到新工作表', '插入到所选单元格', '复制到剪贴板']) expect(page).toContain(`>${label}</button>`);
    expect(page).not.toContain('填入空白的偏差原因单元格'); // drafts template only
    expect(page).toContain('还需补充 5 处内容');
    expect(unnamedButtons(page)).toEqual([]);

    templates.choose('deviation-drafts');
    const drafts = html();
    expect(drafts).toContain('>填入空白的偏差原因单元格</button>');
    expect(drafts).toContain('文中有 2 条草稿标明了单元格');
  });

  it('workbook text is escaped: markup in a project name stays visible text', async () => {
    const { html } = await pane(workbook((wb) => wb.setCell('项目1', 'C2', { value: '<img src=x onerror=alert(1)>道路' })));
    const page = html();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;道路');
  });

  it('a refused insert shows the message and a 插入到 A21 起 button; a fill lists written and skipped cells', async () => {
    const { html, templates } = await pane();
    await templates.insertAtSelection();
    const refused = html();
    expect(refused).toContain('A1 已有内容。为避免覆盖，本次没有写入任何内容。');
    expect(refused).toContain('>插入到 A21 起</button>');

    templates.choose('deviation-drafts');
    await templates.fillDrafts();
    const filled = html();
    expect(filled).toContain('已填入：');
    expect(filled).toContain('项目1!H12');
    expect(filled).toMatch(/项目1!H15<\/span>：单元格已有内容/);
  });

  it('a workbook with only a 基础数据表-like sheet gets no 模板 choices but still renders', async () => {
    const snapshot: WorkbookSnapshot = { sheets: [{ name: '表', values: [['无关内容']] }] };
    const controller = new TaskpaneController({
      gateway: createOfficeGateway(createFakeExcel(HostWorkbook.fromSnapshotLike({ sheets: snapshot.sheets.map((s) => ({ name: s.name, values: s.values })) })).api),
      check: checkWorkbook,
    });
    await controller.start();
    expect((await controller.loadTemplates()).getState().choices).toEqual([]);
    const page = renderToStaticMarkup(
      <FluentProvider theme={webLightTheme}>
        <App controller={controller} initialTab="templates" />
      </FluentProvider>,
    );
    expect(page).toContain('未找到绩效自评表'); // no forms: the tab list is not shown at all
  });
});
