// 核对自评报告 in the pane (issue 16): the clerk picks the unit's 自评报告 (.docx); it is read here, in the
// pane (nothing is uploaded), and its stated figures are checked against the workbook's current report.
// The reader (mammoth) is loaded only when a file is picked.
import type { Finding, Report } from '../engine';

export type ReportCheckState =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string }
  | { status: 'error'; fileName: string; message: string }
  | {
      status: 'done';
      fileName: string;
      unit?: string;
      /** How many figures of the report the check could place. */
      figures: number;
      /** False when the workbook has no form of the report's unit: nothing could be compared. */
      paired: boolean;
      findings: Finding[];
    };

/** A real 自评报告 is well under this; a bigger file is refused before it is read. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

export interface PickedFile {
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
}

export class ReportCheckController {
  private state: ReportCheckState = { status: 'idle' };
  private readonly listeners = new Set<() => void>();
  private run = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ReportCheckState => this.state;

  private set(state: ReportCheckState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }

  /** Reads and checks one picked file against the workbook's report; never throws. */
  async check(file: PickedFile, report: Report | null): Promise<void> {
    const run = ++this.run;
    const fileName = file.name;
    if (!/\.docx$/i.test(fileName)) {
      this.set({
        status: 'error',
        fileName,
        message: /\.doc$/i.test(fileName) ? '这是旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再选择。' : '请选择 Word 文档（.docx）格式的自评报告。',
      });
      return;
    }
    if (file.size > MAX_REPORT_BYTES) {
      this.set({ status: 'error', fileName, message: `文件有 ${Math.round(file.size / 1048576)} MB，超过 50 MB，不像是自评报告，已拒绝读取。` });
      return;
    }
    if (!report) {
      this.set({ status: 'error', fileName, message: '请先检查工作簿，再核对自评报告。' });
      return;
    }
    this.set({ status: 'reading', fileName });
    try {
      const [{ readReport }, { matchStatement }] = await Promise.all([
        import(/* webpackChunkName: "reportcheck" */ '../docx'),
        import(/* webpackChunkName: "reportcheck" */ '../engine/report'),
      ]);
      const read = await readReport(await file.bytes(), fileName);
      if (run !== this.run) return;
      if (!read.ok) {
        this.set({ status: 'error', fileName, message: read.message });
        return;
      }
      const match = matchStatement(read.statement, [report]);
      this.set({
        status: 'done',
        fileName,
        ...(read.statement.unit ? { unit: read.statement.unit } : {}),
        figures: read.statement.figures.length,
        paired: match.reportIndex !== undefined,
        findings: match.findings,
      });
    } catch (err) {
      if (run !== this.run) return;
      const detail = err instanceof Error ? err.message : String(err);
      this.set({ status: 'error', fileName, message: `核对时发生内部错误（${detail}），请把报告和工作簿发给维护人员。` });
    }
  }

  reset(): void {
    this.run++;
    this.set({ status: 'idle' });
  }
}
