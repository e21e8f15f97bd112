// Server-renders the pane (no DOM needed) to check what users and screen readers get: workbook text
// rendered as text, every button named, the states' Chinese wording.
import { describe, expect, it } from 'vitest';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Report, WorkbookSnapshot } from '../../src/engine/types';
import type { WorkbookGateway } from '../../src/excel/types';
import { TaskpaneController } from '../../src/taskpane/controller';
import { App, NotInExcel } from '../../src/taskpane/App';
import { KIND_LABEL } from '../../src/taskpane/format';
import { EMPTY_REPORT, SAMPLE_REPORT, SAMPLE_SNAPSHOT } from '../../src/taskpane/harness-data';
import { compareRows } from '../../src/present';
import { checkWorkbook } from '../../src/engine/check';

function gateway(read: () => Promise<WorkbookSnapshot> = async () => SAMPLE_SNAPSHOT): WorkbookGateway {
  return {
    readSnapshot: read,
    applyMarks: async () => {},
    clearMarks: async () => {},
    select: async () => {},
    loadIgnored: async () => [],
    saveIgnored: async () => {},
    onChanged: async () => () => {},
  };
}

async function render(report: Report, tab: 'summary' | 'list', gw = gateway()) {
  const controller = new TaskpaneController({ gateway: gw, check: () => report });
  await controller.start();
  const draw = () =>
    renderToStaticMarkup(
      <FluentProvider theme={webLightTheme}>
        <App controller={controller} initialTab={tab} />
      </FluentProvider>,
    );
  // The overview's cards are a lazy chunk: the first render starts loading it, the next shows it.
  draw();
  await import('../../src/taskpane/components/FormCard');
  await new Promise((r) => setTimeout(r, 0));
  return { html: draw(), controller, draw };
}

/** Buttons without visible text or aria-label. */
function unnamedButtons(html: string): string[] {
  const out: string[] = [];
  const re = /<button\b([^>]*)>([\s\S]*?)<\/button>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const text = m[2].replace(/<[^>]+>/g, '').trim();
    if (!text && !/aria-label="[^"]+"/.test(m[1])) out.push(m[0].slice(0, 120));
  }
  return out;
}

const hostile: Report = {
  ...SAMPLE_REPORT,
  findings: [
    {
      ...SAMPLE_REPORT.findings[0],
      sheet: '<b>表</b>',
      message: '<img src=x onerror=alert(1)> 得分不对',
      found: '=HYPERLINK("http://x")',
      key: 'k1',
    },
  ],
  forms: [{ ...SAMPLE_REPORT.forms[0], unit: '<script>alert(1)</script>单位' }],
};

describe('pane view', () => {
  it('renders workbook text as text, never as markup', async () => {
    const list = (await render(hostile, 'list')).html;
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt; 得分不对');
    expect(list).not.toContain('<img src=x');
    expect(list).toContain('&lt;b&gt;表&lt;/b&gt;');
    const summary = (await render(hostile, 'summary')).html;
    expect(summary).toContain('&lt;script&gt;alert(1)&lt;/script&gt;单位');
    expect(summary).not.toContain('<script>');
  });

  it('summary: counts, per-form figures with differences marked, block chart', async () => {
    const { html } = await render(SAMPLE_REPORT, 'summary');
    const { error, warning, info } = SAMPLE_REPORT.counts;
    for (const t of ['检查评分', '重新检查', '清除标记', `错误 ${error}`, `警告 ${warning}`, `提示 ${info}`, '设置']) {
      expect(html).toContain(t);
    }
    expect(html).toContain('部门整体支出绩效自评表');
    expect(html).toContain('96.62%');
    expect(html).toContain('9.68');
    expect(html).toContain('9.66');
    // The sample (samples/changsha-2024.xlsx): 执行率得分 and 总分 differ; 执行率 and 等级 do not.
    const differing = SAMPLE_REPORT.forms.flatMap((f) => compareRows(f)).filter((r) => r.differs).map((r) => r.key);
    expect(differing).toEqual(['executionScore', 'total']);
    expect(html.match(/（不一致）/g)?.length).toBe(differing.length);
    expect(html).toContain('分值 30（三级合计 28）');
    expect(unnamedButtons(html)).toEqual([]);
  });

  it('list: grouped items name their cell and sheet, with 忽略 and navigation buttons named', async () => {
    const { html } = await render(SAMPLE_REPORT, 'list');
    expect(html).toContain('aria-label="上一个问题"');
    expect(html).toContain('aria-label="下一个问题"');
    expect(html.match(/>忽略</g)?.length).toBe(SAMPLE_REPORT.findings.length);
    const score = SAMPLE_REPORT.findings.find((f) => f.rule === 'execution-score')!;
    expect(html).toContain(`aria-label="忽略 ${score.sheet}!${score.cell} 的错误"`);
    expect(html).toContain('9.66');
    expect(html).toContain('9.68');
    expect(unnamedButtons(html)).toEqual([]);
  });

  it('no form: explains which forms and which header row it looks for', async () => {
    const { html } = await render(EMPTY_REPORT, 'summary');
    for (const t of ['未找到绩效自评表', '部门（单位）整体支出绩效自评表', '项目支出绩效自评表', '基础数据表', '一级指标', '二级指标', '三级指标', '分值', '得分']) {
      expect(html).toContain(t);
    }
  });

  it('cell-edit mode: the instruction and a 重试 button', async () => {
    const gw = gateway(async () => {
      throw Object.assign(new Error('busy'), { code: 'cell-edit-mode' });
    });
    const { html } = await render(SAMPLE_REPORT, 'summary', gw);
    expect(html).toContain('请先按 Enter 或 Esc 退出单元格编辑');
    expect(html).toContain('>重试<');
    expect(html).not.toContain('复制诊断信息');
  });

  it('API error: the message, 重试 and 复制诊断信息', async () => {
    const gw = gateway(async () => {
      throw Object.assign(new Error('Access denied'), { code: 'AccessDenied' });
    });
    const { html } = await render(SAMPLE_REPORT, 'summary', gw);
    expect(html).toContain('读取工作簿时出错（AccessDenied：Access denied）。');
    expect(html).toContain('复制诊断信息');
    expect(html).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('outside Excel: says so and points to the preview', () => {
    const html = renderToStaticMarkup(<NotInExcel reason="no-office" />);
    expect(html).toContain('未在 Excel 中运行');
    expect(html).toContain('npm run preview');
    expect(renderToStaticMarkup(<NotInExcel reason="wrong-host" host="Word" />)).toContain('当前宿主是 Word');
    expect(renderToStaticMarkup(<NotInExcel reason="no-host" />)).toContain('需要由 Excel 打开');
  });
});

/** Every button's accessible name (aria-label or, without one, its text) and its visible text. */
function buttonNames(html: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const re = /<button\b([^>]*)>([\s\S]*?)<\/button>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    // Visible text: drop visually hidden spans (srOnly) and the tabs' reserved-space copy.
    const visible = m[2]!
      .replace(/<span style="position:absolute;width:1px[^"]*">[\s\S]*?<\/span>/g, '')
      .replace(/<span class="fui-Tab__content--reserved-space[^"]*">[\s\S]*?<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const label = /aria-label="([^"]+)"/.exec(m[1]!)?.[1];
    // Without aria-label the name is the content itself, which contains the visible text by construction.
    if (label !== undefined) out.push({ name: label, text: visible });
  }
  return out;
}

describe('the clerk’s first screen (issue 13)', () => {
  const fixingGateway = (): WorkbookGateway => ({
    ...gateway(),
    editCell: async (edit) => ({ before: { sheet: edit.sheet, cell: edit.cell, value: 1, numberFormat: 'General', formula: null }, hostUndo: false }),
    restoreCell: async () => {},
  });

  it('after the check the problem list comes first, errors on top, 改正 only where a correction is definite', async () => {
    const controller = new TaskpaneController({ gateway: fixingGateway(), check: () => SAMPLE_REPORT });
    await controller.start();
    const html = renderToStaticMarkup(
      <FluentProvider theme={webLightTheme}>
        <App controller={controller} />
      </FluentProvider>,
    );
    expect(html).toMatch(/role="tab"[^>]*aria-selected="true" value="list"/);
    const items = [...html.matchAll(/<li\b[^>]*data-key="([^"]+)"/g)].map((m) => m[1]);
    const sev = new Map(SAMPLE_REPORT.findings.map((f) => [f.key, f.severity]));
    expect(items.map((k) => sev.get(k!))).toEqual([...items.map((k) => sev.get(k!))].sort((a, b) => ['error', 'warning', 'info'].indexOf(a!) - ['error', 'warning', 'info'].indexOf(b!)));
    expect(sev.get(items[0]!)).toBe('error');
    const fixable = SAMPLE_REPORT.findings.filter((f) => f.fix).length;
    expect(fixable).toBeGreaterThan(0);
    expect(html.match(/>改正<\/button>/g)?.length).toBe(fixable);
    const score = SAMPLE_REPORT.findings.find((f) => f.rule === 'execution-score' && f.fix)!;
    expect(html).toContain(`aria-label="改正 ${score.sheet}!${score.cell}：9.68 改为 9.66"`);
    expect(html).toContain('>全部改正</button>');
  });

  it('every control’s accessible name contains its visible text (WCAG 2.5.3)', async () => {
    const ignoredKey = SAMPLE_REPORT.findings.find((f) => f.severity === 'warning')!.key;
    const gw = { ...fixingGateway(), loadIgnoreEntries: async () => [{ key: ignoredKey, reason: '已与财政局确认' }] };
    for (const tab of ['list', 'summary'] as const) {
      const { html } = await render(SAMPLE_REPORT, tab, gw);
      const names = buttonNames(html);
      if (tab === 'list') expect(names.length).toBeGreaterThan(3);
      for (const { name, text } of names) expect(name, `button “${text}”`).toContain(text);
      expect(html).toContain('清除标记');
      expect(html).not.toContain('aria-label="清除加载项添加的标记"');
    }
  });

  it('an ignored finding is counted and kept in the folded 已忽略 group', async () => {
    const ignored = SAMPLE_REPORT.findings.find((f) => f.severity === 'error')!;
    const gw = { ...gateway(), loadIgnoreEntries: async () => [{ key: ignored.key, reason: '已与财政局确认' }] };
    const { html, controller } = await render(SAMPLE_REPORT, 'list', gw);
    expect(html).toContain('已忽略 1');
    expect(html).toMatch(/aria-expanded="false"[^>]*>▸ 已忽略（1）<\/button>/);
    expect(controller.getState().ignored).toEqual([{ finding: ignored, reason: '已与财政局确认' }]);
    expect(html).not.toContain(`data-key="${ignored.key}"`); // folded: not in the list
  });

  it('the overview keeps forms with problems open and folds clean forms to one line', async () => {
    const clean = { ...SAMPLE_REPORT.forms[1]!, projectName: '干净的项目', sheet: '项目9' };
    const report: Report = { ...SAMPLE_REPORT, forms: [...SAMPLE_REPORT.forms, clean] };
    const { html } = await render(report, 'summary');
    expect(html).toMatch(new RegExp(`${KIND_LABEL[clean.kind]} · 干净的项目[^<]* · 无问题`));
    expect(html).toContain('aria-label="展开 干净的项目"');
    expect(html).toContain('96.62%'); // the failing form's table is shown
  });

  it('a sheet the engine could not process: an error notice above the results, announced, and no all-clear anywhere', async () => {
    // A sheet whose values cannot be read: the engine records it in internalProblems and checks the rest.
    const broken = new Proxy([['x']], {
      get(t, k) {
        if (k === 'length') throw new Error('读取失败');
        return Reflect.get(t, k);
      },
    });
    const checked = checkWorkbook({ ...SAMPLE_SNAPSHOT, sheets: [...SAMPLE_SNAPSHOT.sheets, { name: '坏表', values: broken as never }] });
    expect(checked.internalProblems).toEqual([{ sheet: '坏表', message: '该工作表无法处理，其中的表格未检查：读取失败' }]);
    const line = '工作表“坏表”未完整检查：该工作表无法处理，其中的表格未检查：读取失败';
    // Findings elsewhere do not hide it, on either tab.
    for (const tab of ['list', 'summary'] as const) {
      const { html } = await render(checked, tab);
      expect(html).toMatch(/data-intent="error"[^]*未完整检查：以下部分没有检查，结果不全/);
      expect(html).toContain(line);
      expect(html).toContain('检查未完整');
    }
    // The rest of the workbook has no findings: still never the all-clear state.
    const quiet: Report = { ...checked, findings: [], counts: { error: 0, warning: 0, info: 0 } };
    const list = (await render(quiet, 'list')).html;
    const summary = (await render(quiet, 'summary')).html;
    for (const html of [list, summary]) {
      expect(html).toContain(line);
      expect(html).not.toContain('都没有发现问题');
      expect(html).not.toContain('没有需要处理的问题。');
      expect(html).not.toMatch(/ · 无问题/);
      expect(html).not.toContain('>没有问题<');
      expect(html).not.toContain('检查完成：');
      // The live region says it first.
      expect(html).toMatch(new RegExp(`aria-live="polite"[^>]*>检查未完整：${line}。错误 0`));
    }
    expect(list).toContain('已检查的部分没有需要处理的问题，但检查未完整');
    expect(summary).toContain('检查未完整，见上方说明');
    expect(summary).toContain('已检查部分无问题（检查未完整）');
    // A complete check shows none of this.
    const complete = (await render(SAMPLE_REPORT, 'summary')).html;
    expect(complete).not.toContain('未完整检查');
    expect(complete).not.toContain('检查未完整');
  });

  it('a rule that threw (as the engine records it) is named with its rule in the notice', async () => {
    const report: Report = {
      ...EMPTY_REPORT,
      problems: ['检查规则出错'],
      internalProblems: [{ message: '检查规则“合计”（weight-total）出错，相关项目未检查：boom' }],
    };
    const { html } = await render(report, 'list');
    expect(html).toContain('本文件未完整检查：检查规则“合计”（weight-total）出错，相关项目未检查：boom');
    expect(html).not.toContain('检查完成：');
  });

  it('设置 holds the options and the scoring policy (loaded when opened)', async () => {
    const { default: Settings } = await import('../../src/taskpane/components/Settings');
    const controller = new TaskpaneController({ gateway: gateway(), check: () => SAMPLE_REPORT });
    const html = renderToStaticMarkup(
      <FluentProvider theme={webLightTheme}>
        <Settings state={controller.getState()} controller={controller} />
      </FluentProvider>,
    );
    for (const t of ['编辑后自动重新检查', '同时写入批注', '评分规则']) expect(html).toContain(t);
  });
});
