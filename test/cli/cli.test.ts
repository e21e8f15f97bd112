// End to end: node bin/selfeval.js on workbooks built in a temp directory.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOverallForm, buildPlainWorkbook, makeCfb, makeTempDir, workbookBytes } from '../xlsx/helpers';
import { expectNoStackTrace, runCli } from './run';
import ExcelJS from 'exceljs';

let tmp: { dir: string; cleanup: () => void };
const f = (name: string) => path.join(tmp.dir, name);

beforeAll(async () => {
  tmp = makeTempDir('selfeval-cli-');
  const plain = await workbookBytes(buildPlainWorkbook());
  const bad = await workbookBytes(buildOverallForm({ executionScore: 9.68, total: 99.68 }));
  writeFileSync(f('plain.xlsx'), plain);
  writeFileSync(f('wrong-score.xlsx'), bad);
  writeFileSync(f('legacy.xls'), makeCfb(['Workbook', 'SummaryInformation']));
  writeFileSync(f('locked.xlsx'), makeCfb(['EncryptionInfo', 'EncryptedPackage']));
  writeFileSync(f('corrupt.xlsx'), Buffer.from('PK\u0003\u0004 this is not really a zip file at all'));
  writeFileSync(f('truncated.xlsx'), plain.slice(0, Math.floor(plain.length * 0.6)));
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('Sheet1');
  writeFileSync(f('empty.xlsx'), await workbookBytes(empty));
  // Sparse: 201 MB on paper, nothing on disk; must be refused before it is read.
  writeFileSync(f('huge.xlsx'), plain);
  truncateSync(f('huge.xlsx'), 201 * 1024 * 1024);
  mkdirSync(f('batch'));
  writeFileSync(f('batch/b.xlsx'), plain);
  writeFileSync(f('batch/a.xlsx'), plain);
  writeFileSync(f('batch/10.xlsx'), plain);
  writeFileSync(f('batch/2.XLSX'), plain);
  writeFileSync(f('batch/~$a.xlsx'), Buffer.from('lock file'));
  writeFileSync(f('batch/notes.txt'), 'not a workbook');
  mkdirSync(f('batch/sub'));
  writeFileSync(f('batch/sub/c.xlsx'), plain);
  mkdirSync(f('nothing-here'));
  writeFileSync(f('nothing-here/readme.txt'), 'x');
  writeFileSync(f('policy-bad.json'), JSON.stringify({ extends: 'linear', reverseFormula: 'cubic', colour: 'red' }));
  writeFileSync(f('policy-broken.json'), '{ "extends": ');
  writeFileSync(f('policy-ok.json'), JSON.stringify({ extends: 'stepped', sumTolerance: 0.02 }));
}, 60_000);

afterAll(() => tmp?.cleanup());

describe('selfeval check: readable files', () => {
  it('exits 0 on a workbook without error findings and prints a plain (uncoloured) report', async () => {
    const r = await runCli(['check', 'plain.xlsx'], { cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('文件：plain.xlsx');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).not.toContain('汇总'); // one file: no summary table
  });

  it('exit 1 on a form with a wrong 执行率得分 (9.68 instead of 9.66) — passes once the engine reports it', async () => {
    const r = await runCli(['check', '--json', 'wrong-score.xlsx'], { cwd: tmp.dir });
    expectNoStackTrace(r.stderr);
    const doc = JSON.parse(r.stdout);
    const file = doc.files[0];
    expect(file.forms.map((x: { kind: string }) => x.kind)).toContain('overall');
    const errors = file.findings.filter((x: { severity: string }) => x.severity === 'error');
    expect(errors.some((x: { cell: string; expected?: string }) => x.cell === 'H4' && x.expected === '9.66')).toBe(true);
    expect(r.code).toBe(1);
  });

  it('expands a directory to its .xlsx/.xlsm files in natural order, skipping lock files and subdirectories', async () => {
    const r = await runCli(['check', '--json', 'batch'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((x: { file: string }) => x.file)).toEqual(
      ['2.XLSX', '10.xlsx', 'a.xlsx', 'b.xlsx'].map((n) => path.join('batch', n)),
    );
  });

  it('prints a summary table after several files and no progress when stderr is not a terminal', async () => {
    const r = await runCli(['check', 'batch', 'legacy.xls'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('文件') && l.includes('填报总分'));
    expect(header).toBeGreaterThan(0);
    expect(lines[header]).toMatch(/^文件\s+填报总分\s+复核总分\s+等级\s+错误\s+警告$/);
    expect(lines.find((l) => l.startsWith('legacy.xls'))).toMatch(/无法读取/);
    expect(r.stdout).toContain('共 5 个文件：0 个有错误，1 个无法读取，4 个未发现错误。');
  });
});

describe('selfeval check: files that cannot be read', () => {
  const cases: [string, RegExp][] = [
    ['legacy.xls', /^无法读取 legacy\.xls：这是旧版 \.xls 文件，请在 Excel 中另存为 \.xlsx 后再检查$/],
    ['locked.xlsx', /^无法读取 locked\.xlsx：文件设置了打开密码/],
    ['corrupt.xlsx', /^无法读取 corrupt\.xlsx：文件不完整或已损坏/],
    ['truncated.xlsx', /^无法读取 truncated\.xlsx：文件不完整或已损坏/],
    ['empty.xlsx', /^无法读取 empty\.xlsx：工作簿中没有任何数据$/],
    ['missing.xlsx', /^无法读取 missing\.xlsx：找不到该文件或目录/],
    ['nothing-here', /^无法读取 nothing-here：该目录中没有 \.xlsx 或 \.xlsm 文件/],
    ['huge.xlsx', /^无法读取 huge\.xlsx：文件有 201 MB，超过 200 MB 的上限/],
  ];
  it.each(cases)('%s → exit 2 with one clear Chinese line and no stack trace', async (name, expected) => {
    const r = await runCli(['check', name], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expectNoStackTrace(r.stdout + r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  it('still checks the readable files when others fail, and reports both in JSON', async () => {
    const r = await runCli(['check', '--json', 'missing.xlsx', 'plain.xlsx', 'locked.xlsx'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toHaveLength(3);
    expect(doc.files[0]).toEqual({ file: 'missing.xlsx', error: expect.stringContaining('找不到'), errorCode: 'missing' });
    expect(doc.files[1]).toMatchObject({ file: 'plain.xlsx', forms: [], findings: [], counts: { error: 0 } });
    expect(doc.files[1].error).toBeUndefined();
    expect(doc.files[2]).toMatchObject({ file: 'locked.xlsx', errorCode: 'encrypted' });
  });
});

describe('selfeval --json', () => {
  it('writes exactly one JSON document with the documented shape', async () => {
    const r = await runCli(['check', '--json', 'plain.xlsx', 'wrong-score.xlsx'], { cwd: tmp.dir });
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(r.stdout); // throws if anything but one JSON document is on stdout
    expect(Object.keys(doc)).toEqual(['files', 'summary']);
    // The summary (issue 17): per file and per form, unit, kind, totals, grades, counts.
    expect(doc.summary.files).toBe(2);
    expect(doc.summary.perFile.map((f: { file: string }) => f.file)).toEqual(['plain.xlsx', 'wrong-score.xlsx']);
    const wrong = doc.summary.perForm.find((f: { file: string }) => f.file === 'wrong-score.xlsx');
    expect(wrong).toMatchObject({ kind: 'overall', total: { declared: '99.68' } });
    expect(wrong.counts.error).toBeGreaterThan(0);
    expect(doc.summary.counts.error).toBe(doc.files.reduce((n: number, f: { counts: { error: number } }) => n + f.counts.error, 0));
    for (const file of doc.files) {
      expect(Object.keys(file).filter((k) => k !== 'unit').sort()).toEqual(['counts', 'file', 'findings', 'forms', 'fullyChecked']);
      expect(file.fullyChecked).toBe(true);
      if (file.unit !== undefined) expect(file.unit).toBe(file.forms.find((f: { unit?: string }) => f.unit)?.unit.replace(/\s+/g, ''));
      for (const form of file.forms) {
        expect(['overall', 'project', 'basic-data']).toContain(form.kind);
        expect(typeof form.sheet).toBe('string');
        expect(form.range).toMatch(/^[A-Z]+\d+(:[A-Z]+\d+)?$/);
        if (form.execution) {
          expect(form.execution.rate).toMatch(/^-?\d+(\.\d+)?$/);
          expect(form.execution.score).toMatch(/^-?\d+(\.\d+)?$/);
        }
        if (form.total) expect(form.total.recomputed).toMatch(/^-?\d+(\.\d+)?$/);
      }
      for (const finding of file.findings) {
        const optional = ['expected', 'found', 'pair', 'fix', 'fixText', 'words'];
        expect(Object.keys(finding).filter((k) => !optional.includes(k)).sort()).toEqual(
          ['cell', 'data', 'message', 'messageId', 'rule', 'severity', 'sheet'],
        );
        if (finding.pair?.kind === 'value' && finding.found !== undefined) expect(finding.words).toContainEqual({ word: '填报', text: finding.found });
        expect(['error', 'warning', 'info']).toContain(finding.severity);
      }
    }
  });
});

describe('selfeval --policy', () => {
  it('accepts a preset name and a JSON file', async () => {
    expect((await runCli(['check', '--policy', 'linear', 'plain.xlsx'], { cwd: tmp.dir })).code).toBe(0);
    expect((await runCli(['check', '--policy=policy-ok.json', 'plain.xlsx'], { cwd: tmp.dir })).code).toBe(0);
  });

  it.each(['constructor', 'toString', '__proto__'])('refuses the inherited name %s as a preset (exit 2, Chinese message)', async (name) => {
    const r = await runCli(['check', '--policy', name, 'plain.xlsx'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`未知的评分规则预设“${name}”`);
    expect(r.stdout).toBe('');
  });

  it('rejects an unknown preset, a missing file, bad JSON and invalid fields with exit 2', async () => {
    const unknown = await runCli(['check', '--policy', 'nosuch', 'plain.xlsx'], { cwd: tmp.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知的评分规则预设“nosuch”');
    expect(unknown.stdout).toBe('');

    const missing = await runCli(['check', '--policy', 'rules/省厅.json', 'plain.xlsx'], { cwd: tmp.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到评分规则文件“rules/省厅.json”');

    const broken = await runCli(['check', '--policy', 'policy-broken.json', 'plain.xlsx'], { cwd: tmp.dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('不是有效的 JSON');

    const bad = await runCli(['check', '--policy', 'policy-bad.json', 'plain.xlsx'], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('reverseFormula 只能是');
    expect(bad.stderr).toContain('未知字段“colour”');
    for (const r of [unknown, missing, broken, bad]) expectNoStackTrace(r.stderr);
  });
});

describe('selfeval usage', () => {
  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('selfeval check');
    const checkHelp = await runCli(['check', '--help']);
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toContain('--policy');
    expect(checkHelp.stdout).toContain('bands-80-50');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('usage errors exit 2 with a Chinese message', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('用法');
    const noFiles = await runCli(['check']);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain('请指定要检查的 .xlsx 文件或目录');
    const unknownOpt = await runCli(['check', '--colour', 'x.xlsx']);
    expect(unknownOpt.code).toBe(2);
    expect(unknownOpt.stderr).toContain('未知选项 --colour');
    const missingValue = await runCli(['check', 'x.xlsx', '--policy']);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toContain('选项 --policy 后面需要一个值');
    const forgotCheck = await runCli(['报表.xlsx']);
    expect(forgotCheck.code).toBe(2);
    expect(forgotCheck.stderr).toContain('selfeval check 报表.xlsx');
    for (const r of [none, noFiles, unknownOpt, missingValue, forgotCheck]) expectNoStackTrace(r.stdout + r.stderr);
  });
});
