// Every Office.js member the gateway uses, with its requirement set as @types/office-js annotates it
// ("[Api set: ExcelApi x.y]"), found by the TypeScript checker in the gateway's source: property reads
// and writes, calls, load paths ('items/customOrNullObject/rule/formula') and Excel.run options.
// Members above the floor (ExcelApi 1.7) must each
//   - have a REQUIREMENTS entry of that version (the name the gateway checks with isSetSupported),
//   - be refused by the fake host below that version (API_GATES, or reached only through a gated member),
//   - never be touched when isSetSupported says no: every gateway operation runs on hosts capped just
//     below each such version without a single ApiNotFound.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REQUIREMENTS } from '../../src/excel/session';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { API_GATES, HostWorkbook, createFakeExcel } from '../../src/host/fake-excel';
import { scoreBook } from './contract/scenarios';

const root = path.resolve(__dirname, '../..');
const FLOOR = REQUIREMENTS.floor;

/** The slice's interfaces and the Office.js classes they stand for (null: not an ExcelApi class). */
const CLASS_OF: Record<string, string | null> = {
  OfficeApi: null, // the pair of globals
  XlClientObject: null, // OfficeExtension.ClientObject
  XlClientRequestContext: null,
  XlEventHandlers: null, // OfficeExtension.EventHandlers
  XlEventHandlerResult: null,
  XlOffice: null, // Common API, not ExcelApi
  XlSettings: null,
  XlAsyncResult: null,
  XlRequestContext: 'RequestContext',
  XlWorkbook: 'Workbook',
  XlWorksheetCollection: 'WorksheetCollection',
  XlWorksheet: 'Worksheet',
  XlWorksheetProtection: 'WorksheetProtection',
  XlRange: 'Range',
  XlRangeFormat: 'RangeFormat',
  XlRangeFont: 'RangeFont',
  XlRangeCollection: 'RangeCollection',
  XlRangeAreas: 'RangeAreas',
  XlConditionalFormatCollection: 'ConditionalFormatCollection',
  XlConditionalFormat: 'ConditionalFormat',
  XlCustomConditionalFormat: 'CustomConditionalFormat',
  XlConditionalFormatRule: 'ConditionalFormatRule',
  XlConditionalRangeFormat: 'ConditionalRangeFormat',
  XlConditionalRangeFill: 'ConditionalRangeFill',
  XlNote: 'Note',
  XlNoteCollection: 'NoteCollection',
  XlRunOptions: 'RunOptions',
  XlSelectionChangedArgs: 'WorksheetSelectionChangedEventArgs',
  XlExcel: '(namespace)',
};

/** Classes obtainable only through a member gated at the same version (so gating that member gates them). */
const REACHED_THROUGH: Record<string, string> = {
  NoteCollection: 'Worksheet.notes',
  RangeAreas: 'Range.getMergedAreasOrNullObject',
  RangeCollection: 'RangeAreas.areas',
  Note: 'NoteCollection.getItemOrNullObject',
};

const versionKey = (v: string) => v.split('.').map((n) => n.padStart(4, '0')).join('.');
const above = (v: string, floor: string) => versionKey(v) > versionKey(floor);

/** "Class.member" → ExcelApi version, from the annotations of the Excel namespace in @types/office-js. */
function apiSets(): Map<string, string> {
  const text = readFileSync(path.join(root, 'node_modules/@types/office-js/index.d.ts'), 'utf8');
  const lines = text.split('\n');
  const out = new Map<string, string>();
  let inExcel = false;
  let cls: string | null = null;
  let classVersion: string | null = null;
  let pending: string | null = null;
  let inInterfaces = false;
  for (const line of lines) {
    if (/^declare namespace /.test(line)) {
      inExcel = line.startsWith('declare namespace Excel ');
      cls = null;
      continue;
    }
    if (!inExcel) continue;
    if (/^ {4}namespace Interfaces \{/.test(line)) inInterfaces = true;
    if (inInterfaces) {
      if (/^ {4}\}/.test(line)) inInterfaces = false;
      continue;
    }
    const set = /\[Api set: ExcelApi (\d+\.\d+)\]/.exec(line);
    if (set) pending = set[1]!;
    const head = /^ {4}(?:class|interface) (\w+)/.exec(line);
    if (head) {
      cls = head[1]!;
      classVersion = pending;
      pending = null;
      continue;
    }
    const fn = /^ {4}function (\w+)/.exec(line);
    if (fn) {
      if (!out.has(`(namespace).${fn[1]}`)) out.set(`(namespace).${fn[1]}`, pending ?? '1.1');
      pending = null;
      continue;
    }
    const member = /^ {8}(?:readonly )?(\w+)\??(?:<[^>]*>)?[(:]/.exec(line);
    if (member && cls) {
      const key = `${cls}.${member[1]}`;
      const v = pending ?? classVersion;
      if (v && !out.has(key)) out.set(key, v);
      pending = null;
    }
  }
  return out;
}

interface Use {
  member: string;
  at: string;
}

/** Members of the slice used by the gateway's source (everything in src/excel but the slice itself). */
function gatewayUses(): Use[] {
  const dir = path.join(root, 'src/excel');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'office-api.ts').map((f) => path.join(dir, f));
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const slice = path.join(dir, 'office-api.ts');
  const uses: Use[] = [];

  const record = (symbol: ts.Symbol | undefined, node: ts.Node) => {
    for (const decl of symbol?.declarations ?? []) {
      if (path.resolve(decl.getSourceFile().fileName) !== slice) continue;
      const owner = decl.parent;
      if (!ts.isInterfaceDeclaration(owner)) continue;
      const cls = CLASS_OF[owner.name.text];
      if (cls === undefined) throw new Error(`office-api.ts: ${owner.name.text} is not mapped to an Office.js class in this test`);
      if (cls === null) continue;
      const sf = node.getSourceFile();
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      uses.push({ member: `${cls}.${symbol!.name}`, at: `${path.relative(root, sf.fileName)}:${line + 1}` });
    }
  };

  /** A load path's segments, resolved from the receiver's type. */
  const recordLoadPaths = (receiver: ts.Type, arg: ts.Expression) => {
    if (!ts.isStringLiteralLike(arg)) return;
    for (const p of arg.text.split(',')) {
      let type: ts.Type | undefined = receiver;
      for (const seg of p.trim().split('/')) {
        if (!type) break;
        const prop = type.getProperty(seg);
        if (!prop) throw new Error(`load path '${p}' at ${arg.getSourceFile().fileName}: '${seg}' is not in the slice`);
        record(prop, arg);
        let next = checker.getTypeOfSymbolAtLocation(prop, arg);
        if (checker.isArrayType(next)) next = checker.getTypeArguments(next as ts.TypeReference)[0]!;
        type = next;
      }
    }
  };

  for (const sf of program.getSourceFiles()) {
    if (!files.includes(path.resolve(sf.fileName))) continue;
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) {
        record(checker.getSymbolAtLocation(node.name), node);
        if (node.name.text === 'load' && ts.isCallExpression(node.parent) && node.parent.expression === node && node.parent.arguments[0]) {
          recordLoadPaths(checker.getTypeAtLocation(node.expression), node.parent.arguments[0]);
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const contextual = checker.getContextualType(node);
        for (const prop of node.properties) {
          if (!prop.name || !ts.isIdentifier(prop.name) || !contextual) continue;
          const target = contextual.getProperty(prop.name.text);
          if (target) record(target, prop);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

describe('Office.js requirement sets of the members the gateway uses', () => {
  const sets = apiSets();
  const uses = gatewayUses();
  const members = [...new Set(uses.map((u) => u.member))].sort();
  // load and sync come from OfficeExtension (ClientObject / ClientRequestContext), present in every set.
  const BASE = new Set(['load', 'sync']);
  const versionOf = (m: string) => {
    // Excel.RequestContext (the entry point: workbook) carries no annotation; it is ExcelApi 1.1.
    const v = sets.get(m) ?? (BASE.has(m.split('.')[1]!) || m.startsWith('RequestContext.') ? '1.1' : undefined);
    if (!v) throw new Error(`${m}: no "[Api set: ExcelApi x.y]" annotation found in @types/office-js`);
    return v;
  };
  const gated = members.filter((m) => above(versionOf(m), FLOOR));

  it('lists every member with its requirement set (and finds the ones we know are there)', () => {
    const table = members.map((m) => `${m} ExcelApi ${versionOf(m)}`);
    if (process.env.PRINT_API_TABLE) console.log(table.join('\n'));
    // The list is the documentation; a few anchors keep the extraction honest.
    expect(table).toContain('Range.values ExcelApi 1.1');
    expect(table).toContain('Range.getMergedAreasOrNullObject ExcelApi 1.13');
    expect(table).toContain('Worksheet.notes ExcelApi 1.18');
    expect(table).toContain('RunOptions.mergeUndoGroup ExcelApi 1.20');
    expect(table).toContain('WorksheetCollection.onSelectionChanged ExcelApi 1.9');
    expect(table).toContain('ConditionalFormat.customOrNullObject ExcelApi 1.6');
    expect(members.length).toBeGreaterThan(40);
  });

  it('each member above ExcelApi 1.7 has a REQUIREMENTS entry of its version', () => {
    const declared = new Set<string>(Object.values(REQUIREMENTS));
    const missing = gated.filter((m) => !declared.has(versionOf(m))).map((m) => `${m} (${versionOf(m)}) at ${uses.find((u) => u.member === m)!.at}`);
    expect(missing).toEqual([]);
  });

  it('the fake host refuses each of them below its version, as Excel does', () => {
    const gates = API_GATES as Record<string, string>;
    const problems: string[] = [];
    for (const m of gated) {
      let through = m;
      const seen = new Set<string>();
      while (!(through in gates) && REACHED_THROUGH[through.split('.')[0]!] && !seen.has(through)) {
        seen.add(through);
        through = REACHED_THROUGH[through.split('.')[0]!]!;
      }
      if (!(through in gates)) problems.push(`${m}: not gated by the fake host`);
      else if (versionKey(gates[through]!) < versionKey(versionOf(m))) problems.push(`${m}: gated at ${gates[through]} via ${through}, needs ${versionOf(m)}`);
    }
    // The gates themselves carry the documented versions.
    for (const [m, v] of Object.entries(gates)) if (sets.has(m) && sets.get(m) !== v) problems.push(`API_GATES ${m} = ${v}, documented ${sets.get(m)}`);
    expect(problems).toEqual([]);
  });

  it('every gateway operation runs on hosts capped just below each of those versions without ApiNotFound', async () => {
    const versions = [...new Set(gated.map(versionOf))].sort((a, b) => (versionKey(a) < versionKey(b) ? -1 : 1));
    // Just below each version: the floor, then each gated version but the last.
    const caps = [...new Set([FLOOR, ...versions.slice(0, -1)])];
    for (const cap of caps) {
      const host = createFakeExcel(HostWorkbook.fromSnapshotLike(scoreBook()), { apiVersion: cap });
      const g = createOfficeGateway(host.api);
      const finding = { rule: 'r', severity: 'error' as const, sheet: '项目表', cell: 'E3', row: 2, col: 4, message: '说明', key: 'r|项目表|E3' };
      await g.readSnapshot();
      await g.applyMarks([finding], { notes: true });
      await g.checkAndMark(() => [finding], { notes: true });
      await g.clearMarks();
      await g.select('项目表', 'E3');
      (await g.onChanged(() => undefined))();
      (await g.onSelectionChanged!(() => undefined))();
      const edit = await g.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 });
      await g.restoreCell!(edit.before);
      await g.insertText(['一段文字'], { target: 'new-sheet' });
      await g.insertText(['一段文字'], { target: 'selection', at: { sheet: '封面', address: 'A5' } }).catch((e: { code?: string }) => {
        // Below 1.13 the selection insert refuses on purpose (merged areas unknown), without touching Excel's newer APIs.
        if (versionKey(cap) >= versionKey(REQUIREMENTS.mergedAreas)) throw e;
      });
      await g.fillCells([{ sheet: '封面', cell: 'C1', text: '文字' }]);
      await g.insertTable!([['单位'], ['某某']], { sheetName: '问题清单' });
      await g.saveIgnoreEntries!([{ key: 'k', reason: '理由' }]);
      await new Promise((r) => setTimeout(r, 5));
      const refused = host.syncLog.filter((s) => s.error === 'ApiNotFound');
      expect(refused, `ExcelApi ${cap}`).toEqual([]);
    }
    expect(caps.length).toBeGreaterThan(2);
  });

  it('control: a gateway told every set is supported on an ExcelApi 1.7 host does hit ApiNotFound', async () => {
    // Proves the run above would catch a member used without its isSetSupported guard.
    const host = createFakeExcel(HostWorkbook.fromSnapshotLike(scoreBook()), { apiVersion: FLOOR });
    const lying = { ...host.api, Office: { context: { ...host.api.Office.context, requirements: { isSetSupported: () => true } } } };
    const g = createOfficeGateway(lying);
    await g.readSnapshot().catch(() => undefined);
    await g.onSelectionChanged!(() => undefined).catch(() => undefined);
    await g.editCell!({ sheet: '项目表', cell: 'E3', value: 9.66 }).catch(() => undefined);
    const refused = new Set(host.syncLog.filter((x) => x.error === 'ApiNotFound').map((x) => x.n));
    expect(refused.size).toBeGreaterThanOrEqual(3);
  });
});
