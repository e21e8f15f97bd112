// selfeval check 报告.docx 工作簿.xlsx (issue 16): reports are paired with workbooks by unit name and their
// stated figures checked; unpaired reports and workbooks are said so; a .doc is refused with the way out.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../xlsx/helpers';
import { expectNoStackTrace, runCli } from './run';
import { findSoffice } from '../../src/cli/legacy';
import { buildTableReport } from '../fixtures/reports';

/** LibreOffice Writer (for .doc); CI installs libreoffice-writer-nogui beside calc. */
function writerInstalled(): boolean {
  return ['/usr/lib/libreoffice/program/libswlo.so', '/opt/libreoffice/program/libswlo.so'].some((p) => existsSync(p));
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'xlsx');
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  tmp = makeTempDir('selfeval-reportcheck-');
  writeFileSync(path.join(tmp.dir, '表格报告.docx'), await buildTableReport());
  for (const n of ['zhuzhou-2024-report.docx', 'zhuzhou-2024.xlsx', 'changsha-2024-report.docx', 'changsha-2024.xlsx']) copyFileSync(path.join(FIXTURES, n), path.join(tmp.dir, n));
  mkdirSync(path.join(tmp.dir, '材料'));
  copyFileSync(path.join(FIXTURES, 'zhuzhou-2024-report.docx'), path.join(tmp.dir, '材料', '株洲自评报告.docx'));
  copyFileSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx'), path.join(tmp.dir, '材料', '株洲自评表.xlsx'));
  copyFileSync(path.join(FIXTURES, 'changsha-2024.xlsx'), path.join(tmp.dir, '材料', '长沙自评表.xlsx'));
  // An OLE file named .doc: Word 97–2003.
  writeFileSync(path.join(tmp.dir, '旧报告.doc'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
});
afterAll(() => tmp.cleanup());

describe('selfeval check with a 自评报告', () => {
  it('pairs the report with its workbook and names paragraph, quote and both figures', async () => {
    const r = await runCli(['check', 'changsha-2024-report.docx', 'changsha-2024.xlsx'], { cwd: tmp.dir });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('自评报告：changsha-2024-report.docx');
    expect(r.stdout).toContain('对照：changsha-2024.xlsx（工作表“整体支出绩效自评表”）');
    expect(r.stdout).toMatch(/错误 {2}第\d+段“…96\.62%，绩效自评得分 99\.70 分，评价等…”：自评总分：表中填报99\.68分，复核应为99\.66分，报告写作99\.70分。/);
    expect(r.stdout).toMatch(/错误 {2}第\d+段“…行了总体评价，本次自评得分 99\.7 分。”：/);
  });

  it('checks the figures the report states in a table, and says which table it could not read', async () => {
    const r = await runCli(['check', '表格报告.docx', 'zhuzhou-2024.xlsx'], { cwd: tmp.dir });
    expectNoStackTrace(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('自评报告：表格报告.docx');
    expect(r.stdout).toContain('对照：zhuzhou-2024.xlsx（工作表“整体支出绩效自评表”）；读到 6 个含义明确的数字');
    expect(r.stdout).toContain('核对结果：错误 1 个，警告 0 个，提示 1 个');
    expect(r.stdout).toContain('错误  表1第3行“年度资金总额 / 全年执行数”：报告写作519.94，部门整体支出绩效自评表中全年执行数填报518.94万元。请按表格改正报告，或核实表格。');
    expect(r.stdout).toContain('提示  第2个表格（第3段之后）中的数字未能识别含义，未核对，请人工对照自评表。');
    const json = await runCli(['check', '--json', '表格报告.docx', 'zhuzhou-2024.xlsx'], { cwd: tmp.dir });
    const doc = JSON.parse(json.stdout) as { reports: { figures: number; findings: { rule: string; severity: string; paragraph: number; quote: string; found: string; expected: string }[] }[] };
    expect(doc.reports[0]!.findings).toEqual([
      expect.objectContaining({ rule: 'report-figure', severity: 'error', paragraph: 2, quote: '年度资金总额 / 全年执行数', found: '519.94', expected: '518.94' }),
      expect.objectContaining({ rule: 'report-table-unread', severity: 'info', paragraph: 3 }),
    ]);
  });

  it('pairs by unit name in a folder, and says which workbook has no report', async () => {
    const r = await runCli(['check', '材料'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`自评报告：${path.join('材料', '株洲自评报告.docx')}`);
    expect(r.stdout).toContain(`对照：${path.join('材料', '株洲自评表.xlsx')}`);
    expect(r.stdout).toMatch(/报告写作518\.94万元，部门整体支出绩效自评表中全年预算数填报520\.83万元/);
    expect(r.stdout).toContain(`工作簿 ${path.join('材料', '长沙自评表.xlsx')}（长沙市现代教育技术中心）没有对应的自评报告，未核对报告文字。`);
  });

  it('says so when a report has no workbook of its unit (exit 2: not checked)', async () => {
    const r = await runCli(['check', 'zhuzhou-2024-report.docx', 'changsha-2024.xlsx'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('没有找到单位“株洲市教育技术装备所”的工作簿（自评表），报告中的数字未能核对。');
  });

  it('a .doc LibreOffice cannot convert (or without LibreOffice) is refused with the way out', async () => {
    const r = await runCli(['check', '旧报告.doc', 'zhuzhou-2024.xlsx'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    // With LibreOffice: it cannot convert this broken file; without: how to install it. Either way, the way out.
    expect(r.stdout).toMatch(/无法读取 旧报告\.doc：(LibreOffice 无法转换该文档|未安装 LibreOffice)[^\n]*另存为 \.docx 后再核对/);
    expectNoStackTrace(r.stdout + r.stderr);
  });

  it.skipIf(!findSoffice(process.env) || !writerInstalled())('a .doc is converted by LibreOffice (Writer) and checked like the .docx', async () => {
    // The 株洲 report saved as Word 97–2003 by LibreOffice itself.
    const out = path.join(tmp.dir, 'doc');
    mkdirSync(out, { recursive: true });
    execFileSync(findSoffice(process.env)!, [`-env:UserInstallation=file://${path.join(tmp.dir, 'profile')}`, '--headless', '--convert-to', 'doc', '--outdir', out, path.join(tmp.dir, 'zhuzhou-2024-report.docx')], { stdio: 'ignore', timeout: 120_000 });
    const r = await runCli(['check', path.join('doc', 'zhuzhou-2024-report.doc'), 'zhuzhou-2024.xlsx'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('单位：株洲市教育技术装备所');
    expect(r.stdout).toMatch(/报告写作518\.94万元，部门整体支出绩效自评表中全年预算数填报520\.83万元/);
  }, 180_000);

  it('--json carries the report findings beside the files', async () => {
    const r = await runCli(['check', '--json', 'zhuzhou-2024-report.docx', 'zhuzhou-2024.xlsx'], { cwd: tmp.dir });
    const doc = JSON.parse(r.stdout) as { files: unknown[]; reports: { file: string; unit: string; workbook: string; findings: { rule: string; severity: string; paragraph: number; quote: string; found: string; expected: string }[] }[] };
    expect(doc.files).toHaveLength(1);
    expect(doc.reports).toHaveLength(1);
    const rep = doc.reports[0]!;
    expect(rep).toMatchObject({ file: 'zhuzhou-2024-report.docx', unit: '株洲市教育技术装备所', workbook: 'zhuzhou-2024.xlsx' });
    const errors = rep.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.found, f.expected])).toEqual([
      ['518.94万元', '520.83'],
      ['325.55万元', '334.45'],
      ['518.94万元', '520.83'],
      ['325.55万元', '334.45'],
    ]);
    for (const f of errors) expect(f.quote.length).toBeGreaterThan(5);
  });
});
