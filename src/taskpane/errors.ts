// Error wording shared by the pane's controllers: gateway errors carry zh-CN messages, Office errors
// usually do not.

export const CELL_EDIT_MESSAGE = '请先按 Enter 或 Esc 退出单元格编辑';

/** Code of a gateway or Office error, when it carries one. */
export function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** Excel refuses API calls while a cell is being edited; the gateway reports 'cell-edit-mode'. */
export function isCellEditError(e: unknown): boolean {
  const code = errorCode(e);
  return code === 'cell-edit-mode' || code === 'InvalidOperationInCellEditMode';
}

function hasChinese(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  }
  return false;
}

/** A zh-CN sentence for an error; gateway errors already carry one, Office errors usually do not. */
export function describeError(e: unknown, action: string): string {
  const msg = errorMessage(e).trim();
  const code = errorCode(e);
  if (msg && hasChinese(msg)) return msg;
  const detail = [code, msg].filter(Boolean).join('：');
  return detail ? `${action}时出错（${detail}）。` : `${action}时出错。`;
}
