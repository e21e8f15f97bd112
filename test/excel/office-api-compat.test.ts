// Compiles test/excel/office-api-compat.ts against @types/office-js: the real Excel.RequestContext,
// Workbook, WorksheetCollection, Worksheet, Range, `typeof Excel` and Office.context must be assignable
// to the gateway's slice (src/excel/office-api.ts). A control file claiming a wrong slice must fail, so
// "no diagnostics" cannot come from a compiler that checked nothing.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');

function diagnosticsByFile(files: string[]): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true, typeRoots: [path.join(root, 'node_modules/@types')] });
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? path.resolve(d.file.fileName) : '(global)';
    out.set(name, [...(out.get(name) ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')]);
  }
  return out;
}

describe('the Office.js slice matches @types/office-js', () => {
  it('the real objects are assignable to the slice, and a wrong slice is caught', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'office-api-control-'));
    try {
      const control = path.join(dir, 'control.ts');
      const slice = path.join(root, 'src/excel/office-api').replace(/\\/g, '/');
      // Worksheet.getRange takes a string in Office.js; a slice saying number must not compile.
      writeFileSync(
        control,
        `import type { XlWorksheet } from '${slice}';\n` +
          `type Assignable<T, U extends T> = U;\n` +
          `export type Wrong = Assignable<Omit<XlWorksheet, 'getRange'> & { getRange(address: number): unknown }, Excel.Worksheet>;\n`,
      );
      const compat = path.join(root, 'test/excel/office-api-compat.ts');
      const found = diagnosticsByFile([compat, control]);
      expect(found.get('(global)') ?? []).toEqual([]);
      expect(found.get(path.resolve(compat)) ?? []).toEqual([]);
      expect((found.get(path.resolve(control)) ?? []).join('\n')).toMatch(/does not satisfy the constraint/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
