// Properties of the gateway over random workbooks (fast-check): 改正 changes exactly one cell and
// 撤销 puts the workbook back; the sparse-aware reader returns every cell where a plain full read would.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createOfficeGateway } from '../../src/excel/office-gateway';
import { GatewayError } from '../../src/excel/errors';
import { HostWorkbook, cellA1, createFakeExcel, type HostCell } from '../../src/host/fake-excel';

const cellArb: fc.Arbitrary<HostCell | null> = fc.oneof(
  fc.constant(null),
  fc.record({ value: fc.integer({ min: -1000, max: 100000 }).map((n) => n / 100) }),
  // The fake stores General as no format (as fromSnapshotLike does).
  fc.record({ value: fc.constantFrom('优', '良', '项目名称', '≥90%', '95') }),
  fc.record({ value: fc.constantFrom('优', '95'), numberFormat: fc.constant('@') }),
  fc.record({ value: fc.double({ min: 0, max: 1, noNaN: true }), numberFormat: fc.constant('0.00%') }),
  fc.record({ value: fc.constant(1), formula: fc.constant('=1') }),
);

const gridArb = fc.array(fc.array(cellArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

function bookOf(grid: (HostCell | null)[][]): HostWorkbook {
  const wb = new HostWorkbook();
  const s = wb.addSheet('项目表');
  wb.addSheet('封面');
  grid.forEach((row, r) => row.forEach((c, col) => c && s.cells.set(r * 16384 + col, { ...c })));
  return wb;
}

/** Rows with trailing empties trimmed, so readers that pad differently compare equal. */
function trimmed<T>(rows: T[][], empty: (x: T) => boolean): T[][] {
  const out = rows.map((r) => {
    const copy = [...r];
    while (copy.length && empty(copy[copy.length - 1]!)) copy.pop();
    return copy;
  });
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

describe('gateway properties', () => {
  it('改正 of any non-formula cell changes only that cell; 撤销 restores the workbook exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        gridArb,
        fc.nat(),
        fc.oneof(
          fc.record({ value: fc.integer({ min: 0, max: 10000 }).map((n) => n / 100) }),
          fc.record({ numberFormat: fc.constantFrom('0.00%', '0.00', 'General') }),
          fc.record({ value: fc.constantFrom('优', '良'), numberFormat: fc.constant('General') }),
        ),
        async (grid, pick, fix) => {
          const wb = bookOf(grid);
          const cells = grid.flatMap((row, r) => row.map((_, c) => ({ r, c })));
          const { r, c } = cells[pick % cells.length]!;
          const address = cellA1(r, c);
          const gateway = createOfficeGateway(createFakeExcel(wb).api);
          const before = wb.cellsState();
          const isFormula = grid[r]![c]?.formula !== undefined;
          const edit = gateway.editCell!({ sheet: '项目表', cell: address, ...fix });
          if (isFormula) {
            await expect(edit).rejects.toMatchObject({ code: 'formula-cell' });
            expect(wb.cellsState()).toEqual(before);
            return;
          }
          const result = await edit;
          const after = wb.cellsState();
          const strip = (st: typeof before) => ({ ...st, sheets: st.sheets.map((s) => ({ ...s, cells: Object.fromEntries(Object.entries(s.cells).filter(([a]) => s.name !== '项目表' || a !== address)) })) });
          expect(strip(after)).toEqual(strip(before));
          await gateway.restoreCell!(result.before);
          expect(wb.cellsState()).toEqual(before);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the sparse-aware reader finds every cell a plain read finds, wherever the values lie, or refuses the sheet by name', async () => {
    const placeArb = fc.array(
      fc.record({ row: fc.integer({ min: 0, max: 200_000 }), col: fc.integer({ min: 0, max: 3000 }), value: fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 4 })) }),
      { minLength: 1, maxLength: 12 },
    );
    let read = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(placeArb, async (places) => {
        const wb = new HostWorkbook();
        const s = wb.addSheet('散表');
        for (const p of places) s.cells.set(p.row * 16384 + p.col, { value: p.value });
        const host = createFakeExcel(wb);
        const result = await createOfficeGateway(host.api).readSnapshot().then(
          (snap) => ({ snap }),
          (error: unknown) => ({ error }),
        );
        expect(host.syncCount).toBeLessThanOrEqual(6);
        if ('error' in result) {
          // Values spread so far apart that even the sparse bands would assemble into millions of cells: the
          // limits every reader shares refuse the sheet, by name, with where its content reaches.
          refused++;
          expect(result.error).toBeInstanceOf(GatewayError);
          expect((result.error as GatewayError).message).toMatch(/^工作表“散表”的内容分布过广（用到第 [\d,]+ 行、第 [A-Z]+ 列/);
          return;
        }
        read++;
        const sheet = result.snap.sheets[0]!;
        const expected = new Map(places.map((p) => [`${p.row}:${p.col}`, p.value] as const));
        for (const [key, value] of expected) {
          const [r, c] = key.split(':').map(Number) as [number, number];
          expect(sheet.values[r]?.[c]).toBe(value);
        }
        // Nothing else is reported as a value.
        let count = 0;
        trimmed(sheet.values, (v) => v === '').forEach((row) => row.forEach((v) => v !== '' && count++));
        expect(count).toBe(expected.size);
      }),
      { numRuns: 40 },
    );
    // Most random placements are read (the property is not vacuous).
    expect(read).toBeGreaterThan(refused);
  }, 120_000);
});
