// How much of a sheet selfeval reads. A snapshot stores rows densely (each row up to its last used
// column), so memory follows the addresses a file uses, not the cells it holds: one value in column
// XFD on 20,000 rows is 327 million slots. Every reader (direct, exceljs fallback, preview, add-in
// read plan) checks these limits before it allocates, and says which sheet hit one.
// Pure data and arithmetic: used by the engine, the readers, the preview and the add-in.
import { colName } from './grid';

/** Excel's own limits: an address past them is malformed, whatever the file says. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;

/** Stored cells with content in one sheet (a real form has a few thousand). */
export const MAX_SHEET_CELLS = 2_000_000;
/** Slots a sheet's snapshot allocates: each used row up to its last used column, plus one per row. */
export const MAX_SHEET_SLOTS = 4_000_000;
/** The same over the whole workbook. */
export const MAX_BOOK_SLOTS = 8_000_000;
/** Rows × columns of the used area (what a scan over the whole sheet costs). */
export const MAX_SHEET_AREA = 25_000_000;
/** Merged areas in one sheet. */
export const MAX_SHEET_MERGES = 100_000;
/**
 * What the exceljs parser (preview; fallback of the CLI) may be handed: it checks each merge
 * against every earlier one and creates an object for every merged cell.
 */
export const MAX_EXCELJS_MERGES = 5_000;
export const MAX_EXCELJS_MERGED_CELLS = 500_000;

/** "401 万个" / "5,000 个": a count of cells or areas as a clerk reads it. */
function wan(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 10_000).toLocaleString('en-US')} 万个` : `${n.toLocaleString('en-US')} 个`;
}


const FIX = '请在 Excel 中按 Ctrl+End 找到该表最后一个单元格，删除远处多余的行、列或内容并保存后再检查';

/**
 * Counts what a sheet's snapshot will cost, cell by cell in any order, and says (in Chinese, naming
 * the sheet) when a limit is passed. Nothing is allocated per cell: only per used row.
 */
export class SheetBudget {
  private cells = 0;
  private slots = 0;
  private maxRow = -1;
  private maxCol = -1;
  private merges = 0;
  private mergedCells = 0;
  /** Last used column + 1 of each row seen (sparse: only rows with cells). */
  private readonly rowWidth = new Map<number, number>();

  constructor(
    readonly sheet: string,
    /** Slots already used by earlier sheets of the workbook. */
    private readonly bookSlotsBefore = 0,
    private readonly mergeLimit = MAX_SHEET_MERGES,
    private readonly mergedCellLimit = Infinity,
  ) {}

  /** A cell with content at 0-based (row, col); returns a refusal message or null. */
  cell(row: number, col: number): string | null {
    const bad = addressProblem(this.sheet, row, col);
    if (bad) return bad;
    if (++this.cells > MAX_SHEET_CELLS) {
      return `工作表“${this.sheet}”有超过 ${wan(MAX_SHEET_CELLS)}有内容的单元格，超出读取上限，已拒绝读取；自评表不会这么大，请确认选对了文件，或把明细数据移到另一个文件后再检查`;
    }
    const before = this.rowWidth.get(row) ?? 0;
    if (col + 1 > before) {
      this.rowWidth.set(row, col + 1);
      this.slots += col + 1 - before;
    }
    if (row > this.maxRow) {
      this.slots += row - this.maxRow;
      this.maxRow = row;
    }
    if (col > this.maxCol) this.maxCol = col;
    return this.check();
  }

  /** A merged area (0-based, inclusive); returns a refusal message or null. */
  merge(top: number, left: number, bottom: number, right: number): string | null {
    const bad = addressProblem(this.sheet, bottom, right) ?? addressProblem(this.sheet, top, left);
    if (bad) return bad;
    if (++this.merges > this.mergeLimit) {
      return `工作表“${this.sheet}”有超过 ${wan(this.mergeLimit)}合并单元格区域，超出读取上限，已拒绝读取；请取消该表多余的合并单元格后再检查`;
    }
    this.mergedCells += (bottom - top + 1) * (right - left + 1);
    if (this.mergedCells > this.mergedCellLimit) {
      return `工作表“${this.sheet}”的合并单元格共覆盖约 ${wan(this.mergedCells)}单元格，超出读取上限，已拒绝读取；请取消覆盖大片空白区域的合并单元格后再检查`;
    }
    return null;
  }

  /** Slots this sheet's snapshot allocates (for the workbook total). */
  get used(): number {
    return this.slots;
  }

  private check(): string | null {
    const area = (this.maxRow + 1) * (this.maxCol + 1);
    if (this.slots > MAX_SHEET_SLOTS || area > MAX_SHEET_AREA) {
      return `工作表“${this.sheet}”的内容分布过广（用到第 ${(this.maxRow + 1).toLocaleString('en-US')} 行、第 ${colName(this.maxCol)} 列，约 ${wan(Math.max(area, this.slots))}单元格的范围），超出读取上限，已拒绝读取；${FIX}`;
    }
    if (this.bookSlotsBefore + this.slots > MAX_BOOK_SLOTS) {
      return `工作簿的内容分布过广，读到工作表“${this.sheet}”时已超过约 ${wan(MAX_BOOK_SLOTS)}单元格的范围，超出读取上限，已拒绝读取；${FIX}`;
    }
    return null;
  }
}

/** A refusal when a 0-based address lies outside Excel's grid (the file is malformed), else null. */
export function addressProblem(sheet: string, row: number, col: number): string | null {
  if (row >= 0 && col >= 0 && row < EXCEL_MAX_ROWS && col < EXCEL_MAX_COLS && Number.isInteger(row) && Number.isInteger(col)) return null;
  const where = row >= EXCEL_MAX_ROWS || row < 0 ? `第 ${(row + 1).toLocaleString('en-US')} 行` : `第 ${col + 1} 列`;
  return `工作表“${sheet}”中有单元格位于${where}，超出 Excel 的范围（最多 1,048,576 行、16,384 列即 XFD 列），文件格式不正确（可能被其他程序改坏了）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查`;
}

/**
 * The add-in reads a sheet's used area from Excel: refuse before loading when it is past the limits
 * (rows × columns). Null when it may be read.
 */
export function usedAreaProblem(sheet: string, rows: number, cols: number): string | null {
  const area = rows * cols;
  if (area <= MAX_SHEET_AREA && area <= MAX_SHEET_SLOTS) return null;
  return `工作表“${sheet}”的已用区域过大（${rows.toLocaleString('en-US')} 行 × ${cols.toLocaleString('en-US')} 列，约 ${wan(area)}单元格），超出读取上限；${FIX}`;
}
