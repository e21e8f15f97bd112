// Office errors mapped to one typed error with a zh-CN message the task pane can show as is.

import type { CellRef, FillSkipReason } from './types';

export type GatewayErrorCode =
  | 'cell-edit-mode'
  | 'not-in-excel'
  | 'protected'
  | 'api'
  | 'item-not-found'
  | 'target-not-empty'
  /** editCell on a cell holding a formula the clerk has not confirmed overwriting. */
  | 'formula-cell'
  /** restoreCell on a cell changed since the edit it would undo. */
  | 'changed-since';

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  /** The Office error code behind it (e.g. "InvalidOperationInCellEditMode"), for diagnostics. */
  readonly officeCode?: string;
  readonly sheet?: string;
  /** 'target-not-empty': the first place below where the text fits into empty cells, if there is one. */
  readonly suggestion?: CellRef;
  /** 'target-not-empty': the first occupied cell (A1). */
  readonly occupied?: string;
  /** 'formula-cell': the formula the cell holds (pass it back as CellEdit.confirmFormula to overwrite). */
  readonly formula?: string;

  constructor(
    code: GatewayErrorCode,
    message: string,
    details: { officeCode?: string; sheet?: string; cause?: unknown; suggestion?: CellRef; occupied?: string; formula?: string } = {},
  ) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    if (details.officeCode !== undefined) this.officeCode = details.officeCode;
    if (details.sheet !== undefined) this.sheet = details.sheet;
    if (details.suggestion !== undefined) this.suggestion = details.suggestion;
    if (details.occupied !== undefined) this.occupied = details.occupied;
    if (details.formula !== undefined) this.formula = details.formula;
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }
}

export const MESSAGES = {
  cellEdit: 'Excel 正处于单元格编辑状态：请先按 Enter 或 Esc 退出单元格编辑，再重试。',
  notInExcel: '未在 Excel 中运行，无法读取或标记工作簿。请在 Excel 中打开本加载项，或改用命令行 / 预览页检查文件。',
  protectedSheet: (sheet?: string) =>
    `${sheet ? `工作表“${sheet}”` : '工作表'}受保护，无法添加或清除标记。请在“审阅 → 撤消工作表保护”后重试；工作簿未被改动。`,
  sheetNotFound: (sheet: string) => `找不到工作表“${sheet}”（可能已被重命名或删除）。请重新检查后再试。`,
  hiddenSheet: (sheet: string) => `工作表“${sheet}”已隐藏，无法定位到其中的单元格。请先取消隐藏该工作表。`,
  badAddress: (sheet: string, cell: string) => `工作表“${sheet}”中的单元格地址“${cell}”无效。`,
  usedRangeTooLarge: (sheet: string, cells: number) =>
    `工作表“${sheet}”的已用区域过大（约 ${cells} 个单元格），超出读取上限。请删除该表远处的多余内容后重试。`,
  tooLarge: (sheet: string) => `工作表“${sheet}”中单元格内容过大，超出 Excel 单次传输上限，无法读取。`,
  marksRolledBack: '添加标记时 Excel 出错，已撤回本次改动，工作簿保持原样。请重试。',
  marksRollbackFailed: '添加标记时 Excel 出错，且未能完全撤回已添加的标记。请点击“清除标记”后重试。',
  settings: '无法把设置保存到工作簿（Office 文档设置保存失败）。请重试。',
  protectedInsert: (sheet?: string) =>
    `${sheet ? `工作表“${sheet}”` : '工作表'}受保护，无法写入文字。请在“审阅 → 撤消工作表保护”后重试，或插入到新工作表。`,
  workbookProtected: '工作簿结构受保护，无法新建工作表。请在“审阅 → 保护工作簿”中撤消保护后重试，或改用“插入到所选单元格”。',
  hiddenInsert: (sheet: string) => `工作表“${sheet}”已隐藏，无法写入文字。请先取消隐藏该工作表，或插入到新工作表。`,
  nothingToInsert: '没有可插入的文字：文本框是空的。',
  lineTooLong: (line: number, length: number) => `第 ${line} 段有 ${length} 个字符，超过 Excel 单元格上限 32767 个字符，请拆分后再插入。`,
  tooManyLines: (count: number) => `要插入 ${count} 行，超过一次插入的上限 10000 行，请分批插入。`,
  notARange: '当前选中的不是一个单元格区域（可能选中了图表、图形或多个不相邻的区域）。请先单击一个空白单元格，再点“插入到所选单元格”。',
  noRoomBelow: (sheet: string, cell: string, rows: number) =>
    `从工作表“${sheet}”的 ${cell} 向下已不足 ${rows} 行，无法插入。请选择靠上的单元格，或插入到新工作表。`,
  targetNotEmpty: (sheet: string, start: string, occupied: string, rows: number, suggestion: string | null) =>
    `工作表“${sheet}”从 ${start} 向下 ${rows} 行中，${occupied} 已有内容。为避免覆盖，本次没有写入任何内容。` +
    (suggestion ? `可以改为插入到 ${suggestion} 起（下方第一处连续 ${rows} 行空白的位置）。` : '请选择下方有足够空白行的单元格，或插入到新工作表。'),
  formulaCell: (sheet: string, cell: string, formula: string) =>
    `工作表“${sheet}”的 ${cell} 是公式 ${formula}，改正会用数值替换这个公式。请确认要替换后再改正，或改为修改公式引用的单元格。`,
  protectedEdit: (sheet: string) => `工作表“${sheet}”受保护，无法改正。请在“审阅 → 撤消工作表保护”后重试；工作簿未被改动。`,
  editNothing: (sheet: string, cell: string) => `没有要写入工作表“${sheet}”${cell} 的内容（改正既无数值也无数字格式）。`,
  editMerged: (sheet: string, cell: string, anchor: string) =>
    `工作表“${sheet}”的 ${cell} 位于合并单元格中间，写入的内容不会显示。请改正合并区域左上角的 ${anchor}。`,
  editHidden: (sheet: string) => `工作表“${sheet}”已隐藏，无法改正其中的单元格。请先取消隐藏该工作表。`,
  changedSince: (sheet: string, cell: string) =>
    `工作表“${sheet}”的 ${cell} 在改正后又被修改过，为免覆盖这些修改，没有撤销。请直接在单元格中改回。`,
  tableEmpty: '问题清单是空的，没有可导出的内容。',
  mergeUnknown: (sheet: string) =>
    `此版本的 Excel 无法识别合并单元格（需要 ExcelApi 1.13，即 Excel 2021 或 Microsoft 365），为免把文字写进工作表“${sheet}”合并区域的隐藏单元格，本次没有写入。请插入到新工作表。`,
  api: (code: string | undefined) =>
    `Excel 操作失败${code ? `（${code}）` : ''}。工作簿内容未被改动，请重试；若反复出现，请保存并重新打开工作簿。`,
};

/** zh-CN labels of FillResult skip reasons, for the task pane. */
export const FILL_SKIP_LABELS: Record<FillSkipReason, string> = {
  'not-empty': '单元格已有内容',
  merged: '位于合并单元格中间，无法单独写入',
  'missing-sheet': '找不到该工作表',
  protected: '工作表受保护',
  'bad-address': '单元格地址无效',
  'no-text': '草稿为空',
  duplicate: '与前一条草稿是同一单元格',
  'merge-unknown': '此版本 Excel 无法识别合并单元格，为免写入合并区域的隐藏单元格而未写入',
};

/** Office error code of a thrown value (OfficeExtension.Error carries `code`), if any. */
export function officeCodeOf(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const debug = (e as { debugInfo?: { code?: unknown } }).debugInfo;
    if (debug && typeof debug.code === 'string') return debug.code;
  }
  return undefined;
}

function officeMessageOf(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return '';
}

/** True for the Excel on the web "payload too large" failures, which are worth retrying in smaller pieces. */
export function isPayloadError(e: unknown): boolean {
  const code = officeCodeOf(e);
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded';
}

/**
 * Maps anything thrown by Office.js to a GatewayError. `sheet` names the sheet being worked on, when
 * one is known, so the message says where.
 */
export function toGatewayError(e: unknown, sheet?: string): GatewayError {
  if (e instanceof GatewayError) return e;
  const officeCode = officeCodeOf(e);
  const msg = officeMessageOf(e);
  const details = { officeCode, sheet, cause: e };
  if (officeCode === 'InvalidOperationInCellEditMode') return new GatewayError('cell-edit-mode', MESSAGES.cellEdit, details);
  if (officeCode === 'AccessDenied' || /protect/i.test(msg)) {
    return new GatewayError('protected', MESSAGES.protectedSheet(sheet), details);
  }
  if (officeCode === 'ItemNotFound') {
    return new GatewayError('item-not-found', sheet ? MESSAGES.sheetNotFound(sheet) : '找不到要操作的工作表或单元格（可能已被删除）。请重新检查后再试。', details);
  }
  return new GatewayError('api', MESSAGES.api(officeCode), details);
}
