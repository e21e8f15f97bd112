// `selfeval report`: real .xlsx files written to a temp directory, run in-process through main() (and once
// as a child process to check the bytes on stdout are UTF-8).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import type { SheetSnapshot } from '../../src/engine/types';
import { buildBasic } from '../support/build-basic';
import { buildForm, sheetOf, validProjectSpec, type FormSpec } from '../support/build-form';
import { snapshotToXlsx } from '../support/write-xlsx';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'xlsx');

// The 株洲 budget block and basic table (seed 000) with one indicator per 一级 block, weights 40/20/10/20.
const ZHUZHOU: FormSpec = {
  kind: 'overall',
  unit: '株洲市教育技术装备所',
  budget: { initial: 325.55, planned: 520.83, executed: 518.94, weight: 10, rate: 0.9964, score: 9.96 },
  funds: [
    { label: '按收入性质分：518.94' },
    { label: '其中：一般公共预算：518.94' },
    { label: '政府性基金拨款：0' },
    { label: '按支出性质分：518.94' },
    { label: '其中：基本支出：334.45' },
    { label: '项目支出：184.49' },
  ],
  indicators: [
    { l1: '产出指标(40分)', l2: '数量指标', name: '开展教师信息技术能力和实验操作培训', target: 1, actual: 1, weight: 40, score: 40 },
    { l1: '效益指标 (20分)', l2: '社会效益指标', name: '教育装备管理应用水平', target: '提升', actual: '提升', weight: 20, score: 20 },
    { l1: '满意度指标（10分）', l2: '服务对象满意度指标', name: '学校对教育装备综合满意度', target: '≥90%', actual: '95%', weight: 10, score: 10 },
    { l1: '成本指标（20分）', l2: '经济成本指标', name: '城域网光纤接入费用', target: '≤3.0万元', actual: '2.8万元', weight: 20, score: 20 },
  ],
  total: { weight: 100, score: 99.96 },
};

let dir: string;
const file = (name: string) => path.join(dir, name);

async function write(name: string, sheets: SheetSnapshot[]): Promise<string> {
  writeFileSync(file(name), await snapshotToXlsx(sheets));
  return file(name);
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: dir,
  };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

async function run(...args: string[]) {
  const t = io();
  const code = await main(['report', ...args], t.cli);
  return { code, stdout: t.out(), stderr: t.err() };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'selfeval-report-'));
  const basic = buildBasic('基础数据表', {
    rows: [['三公经费', 1.6, 1.7, 1.01], ['项目支出：', 173.28, 190, 184.49], ['公用经费', 30.39, 37.38, 29.55]],
  });
  await write('株洲.xlsx', [basic.sheet, sheetOf('整体支出绩效自评表', buildForm(ZHUZHOU))]);
  const under = validProjectSpec({ name: '教师培训' });
  under.indicators[0] = { ...under.indicators[0]!, actual: '80人次', score: 16 };
  under.total = { weight: 100, score: 95.6 }; // recomputed 9.5 + 16 + 70 = 95.50
  await write('项目.xlsx', [
    sheetOf('项目甲', buildForm(validProjectSpec({ name: '设备采购' }))),
    sheetOf('项目乙', buildForm(under)),
  ]);
  await write('只有基础表.xlsx', [basic.sheet]);
  writeFileSync(file('坏文件.xlsx'), 'PK\u0003\u0004 not really a zip');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('selfeval report', () => {
  it('prints the overall report filled from the workbook and exits 0', async () => {
    const r = await run('株洲.xlsx');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('2024年度株洲市教育技术装备所部门整体支出绩效自评报告\n\n一、部门（单位）基本情况\n\n')).toBe(true);
    expect(r.stdout).toContain('2024年度全年预算数520.83万元，其中年初预算数325.55万元，年中调整追加195.28万元。全年执行数518.94万元，预算执行率为99.64%。');
    expect(r.stdout).toContain('基本支出334.45万元，占全年执行数的64.45%，其中人员经费304.90万元，公用经费29.55万元。');
    expect(r.stdout).toContain('项目支出184.49万元，占全年执行数的35.55%。');
    expect(r.stdout).toContain('与上年相比，减少0.59万元，降低36.88%');
    expect(r.stdout).toContain('自评总分为99.96分，评价等级为“优”。');
    expect(r.stdout).toContain('编制数13人');
    expect(r.stdout).toContain('\n\n【请填写：单位主要职责】\n\n');
    expect(r.stdout).not.toMatch(/undefined|NaN|null/);
    expect(r.stderr).toMatch(/^提示：文中有 \d+ 处【请填写】/);
  });

  it('defaults to project-report without an overall form, one report per project form', async () => {
    const r = await run('项目.xlsx');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2024年度“设备采购”项目支出绩效自评报告');
    expect(r.stdout).toContain('2024年度“教师培训”项目支出绩效自评报告');
    expect(r.stdout).toContain('\n————————————————————\n');
  });

  it('--form picks the sheet; deviation drafts name the cell to fill', async () => {
    const r = await run('--template', 'deviation-drafts', '--form', '项目乙', '项目.xlsx');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('设备采购');
    expect(r.stdout).toContain('“培训教师人次”年度指标值为≥100人次，实际完成80人次，差20人次，未完成年度指标。原因：【请填写】；改进措施：【请填写】\n（填入单元格：项目乙!H12）');
  });

  it('--no-corrections drops the 经复核 notes', async () => {
    const withNotes = await run('--form', '项目乙', '项目.xlsx');
    expect(withNotes.stdout).toContain('经复核，总分应为95.50分（表中填报95.60分）。');
    const without = await run('--no-corrections', '--form', '项目乙', '项目.xlsx');
    expect(without.code).toBe(0);
    expect(without.stdout).not.toContain('经复核');
  });

  it('exits 2 and lists the forms found when no form fits', async () => {
    const r = await run('--template', 'project-report', '株洲.xlsx');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('株洲.xlsx：没有项目支出绩效自评表，无法生成“项目支出绩效自评报告”。');
    expect(r.stderr).toContain('工作簿中找到的表：\n  基础数据表（工作表“基础数据表”）\n  部门整体支出绩效自评表（工作表“整体支出绩效自评表”）：株洲市教育技术装备所');
    const basicOnly = await run('只有基础表.xlsx');
    expect(basicOnly.code).toBe(2);
    expect(basicOnly.stderr).toContain('没有部门整体支出绩效自评表或项目支出绩效自评表，无法生成自评报告。');
    const noSheet = await run('--form', '不存在', '项目.xlsx');
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toContain('工作表“不存在”中没有');
    expect(noSheet.stderr).toContain('项目支出绩效自评表（工作表“项目甲”）：设备采购');
  });

  it('exits 2 with one Chinese line for unreadable or missing files, and on usage errors', async () => {
    const bad = await run('坏文件.xlsx');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^无法读取 坏文件\.xlsx：/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await run('没有这个文件.xlsx');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^无法读取 没有这个文件\.xlsx：找不到该文件/);
    const unknown = await run('--template', 'nope', '株洲.xlsx');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有名为“nope”的模板');
    expect(unknown.stderr).toContain('overall-report');
    expect((await run()).code).toBe(2);
    expect((await run('a.xlsx', 'b.xlsx')).stderr).toContain('一次只能为一个文件生成报告');
    expect((await run('--bogus', 'a.xlsx')).stderr).toContain('未知选项 --bogus');
  });

  it('has help, and the general help lists the subcommand', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deviation-drafts');
    const t = io();
    expect(await main(['--help'], t.cli)).toBe(0);
    expect(t.out()).toContain('selfeval report');
  });

  it('writes UTF-8 bytes to stdout when run as a process', async () => {
    const script = "require('./src/cli/main.ts').main(process.argv.slice(1)).then((c) => { process.exitCode = c; })";
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', script, 'report', file('株洲.xlsx')], {
      cwd: ROOT,
      encoding: 'buffer',
      env: { ...process.env, LANG: 'C', LC_ALL: 'C' },
    });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(stdout);
    expect(text).toContain('自评总分为99.96分，评价等级为“优”。');
  }, 60_000);
});

const haveFixtures = existsSync(path.join(FIXTURES, 'zhuzhou-2024.xlsx')) && existsSync(path.join(FIXTURES, 'changsha-2024.xlsx'));

describe.runIf(haveFixtures)('selfeval report on the reference fixtures', () => {
  it('株洲 and 长沙', async () => {
    const z = await run(path.join(FIXTURES, 'zhuzhou-2024.xlsx'));
    expect(z.code).toBe(0);
    expect(z.stdout).toContain('自评总分为99.96分，评价等级为“优”。');
    const c = await run(path.join(FIXTURES, 'changsha-2024.xlsx'));
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('自评总分为99.66分，评价等级为“优”。经复核，总分应为99.66分（表中填报99.68分）。');
    expect(c.stdout).not.toMatch(/99\.70|99\.7分/);
  });
});
