import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable, padEndWidth, padStartWidth, stripAnsi } from '../../src/cli/width';

describe('displayWidth', () => {
  it('counts CJK ideographs, CJK punctuation and full-width forms as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('总分')).toBe(4);
    expect(displayWidth('执行率得分')).toBe(10);
    expect(displayWidth('（40分）')).toBe(2 + 2 + 2 + 2);
    expect(displayWidth('、。「」')).toBe(8);
    expect(displayWidth('２０２４')).toBe(8);
    expect(displayWidth('96.62%')).toBe(6);
    expect(displayWidth('2024年度')).toBe(8);
    expect(displayWidth('𠀋')).toBe(2); // extension B, outside the BMP
  });

  it('ignores ANSI colour codes, control and zero-width characters', () => {
    expect(displayWidth('\x1b[31m错误\x1b[0m')).toBe(4);
    expect(stripAnsi('\x1b[1m\x1b[33mA\x1b[0m')).toBe('A');
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\t\n')).toBe(0);
  });
});

describe('padding and tables', () => {
  it('pads by display width', () => {
    expect(padEndWidth('优', 4)).toBe('优  ');
    expect(padStartWidth('9.66', 6)).toBe('  9.66');
    expect(padEndWidth('执行率得分', 4)).toBe('执行率得分');
  });

  it('aligns mixed CJK/ASCII columns, left and right', () => {
    const lines = formatTable(
      [
        ['文件', '总分', '等级'],
        ['长沙市自评表.xlsx', '99.66', '优'],
        ['a.xlsx', '100.00', '良'],
      ],
      ['left', 'right', 'left'],
    );
    // The second column ends, and the third starts, at the same display column on every line.
    const endOf = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell) + cell.length));
    const startOf = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(endOf(lines[0]!, '总分')).toBe(endOf(lines[1]!, '99.66'));
    expect(endOf(lines[1]!, '99.66')).toBe(endOf(lines[2]!, '100.00'));
    expect(startOf(lines[0]!, '等级')).toBe(startOf(lines[1]!, '优'));
    expect(startOf(lines[1]!, '优')).toBe(startOf(lines[2]!, '良'));
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('keeps alignment when cells are coloured', () => {
    const plain = formatTable([['错误', '1'], ['提示', '22']], ['left', 'right']);
    const coloured = formatTable([['\x1b[31m错误\x1b[0m', '1'], ['提示', '22']], ['left', 'right']);
    expect(coloured.map(stripAnsi)).toEqual(plain);
  });
});
