// The 模板 tab's logic, free of React and Office.js: pick a template and form, render it from the
// last check's Report, keep the user's edits, and write the text into the workbook through the
// gateway (new sheet, below the selection, or the empty 偏差原因 cells) or onto the clipboard.
import { listTemplates, renderTemplate, renderedToText, type RenderedText, type TemplateChoice, type TemplateName } from '../engine/templates';
import type { Report } from '../engine/types';
import { FILL_SKIP_LABELS } from '../excel/errors';
import type { CellRef, FillResult, InsertTextOptions, WorkbookGateway } from '../excel/types';
import { CELL_EDIT_MESSAGE, describeError, errorCode, isCellEditError } from './errors';

export type TemplateAction = 'new-sheet' | 'selection' | 'suggested' | 'fill' | 'copy';

export interface TemplateMessage {
  intent: 'success' | 'warning' | 'error' | 'info';
  /** zh-CN. */
  text: string;
}

/** A 偏差原因 draft found in the text: where it goes and what to write. */
export interface DraftCell {
  sheet: string;
  cell: string;
  text: string;
}

export interface TemplatesState {
  choices: TemplateChoice[];
  template: TemplateName | null;
  /** Index into Report.forms. */
  formIndex: number | null;
  /** 注明复核更正: say where the workbook's own figures are wrong. */
  noteCorrections: boolean;
  rendered: RenderedText | null;
  /** What the textarea shows: the rendered text, or the user's edit of it. */
  text: string;
  edited: boolean;
  /** The report changed after the user edited the text: 重新生成 picks up the new figures. */
  stale: boolean;
  /** The user's edit replaced by a re-render (other template/form/switch), for 恢复修改. */
  discarded: string | null;
  /** 偏差原因 drafts in the current text, with their cells. */
  drafts: DraftCell[];
  busy: TemplateAction | null;
  message: TemplateMessage | null;
  /** After 'target-not-empty': the place the gateway found free, for "插入到 A25 起". */
  suggestion: CellRef | null;
  /** The last fill: cells written, and cells left alone with a zh-CN reason. */
  fill: { written: string[]; skipped: { sheet: string; cell: string; reason: string }[] } | null;
  /** The host can write text (the Office gateway); false for read-only hosts. */
  canWrite: boolean;
}

export interface TemplatesDeps {
  gateway: WorkbookGateway;
  /** Clipboard write; true when it worked. */
  copy: (text: string) => Promise<boolean>;
  /** Runs a workbook write so the pane's change listener knows the edit was its own. */
  ownWrite?: <T>(op: () => Promise<T>) => Promise<T>;
}

/** The line renderedToText adds under a draft: "（填入单元格：项目1!H12）" or "…，该单元格已有内容…）". */
const CELL_NOTE = /^（填入单元格：(.+)!([A-Za-z]{1,3}[0-9]{1,7})(?:，[^）]*)?）$/;

/** Paragraph text for the textarea: the 偏差原因 template names each draft's cell under it. */
export function textOf(r: RenderedText): string {
  if (r.error) return '';
  return renderedToText(r, { cellNotes: r.template === 'deviation-drafts' }).replace(/\n+$/, '');
}

/** One row per non-blank line (paragraphs are separated by blank lines in the textarea). */
export function textLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+$/u, ''))
    .filter((l) => l.trim() !== '');
}

/** Indexes of the lines that are the title or a heading of the rendered text (written bold). */
export function headingIndexes(lines: string[], rendered: RenderedText | null): number[] {
  if (!rendered) return [];
  const headings = new Set([rendered.title, ...rendered.paragraphs.filter((p) => p.kind === 'heading').map((p) => p.text)].map((t) => t.trim()));
  return lines.flatMap((l, i) => (headings.has(l.trim()) ? [i] : []));
}

/**
 * The drafts in the (possibly edited) text: each block ending in a 填入单元格 note. Parsing the text,
 * not the rendered paragraphs, so what the user changed is what goes into the cells.
 */
export function draftsFromText(text: string): DraftCell[] {
  const out: DraftCell[] = [];
  for (const block of text.split(/\r?\n[ \t\u3000]*\r?\n/)) {
    const lines = block.split(/\r?\n/).map((l) => l.trim());
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    const m = CELL_NOTE.exec(lines[lines.length - 1] ?? '');
    if (!m) continue;
    out.push({ sheet: m[1]!, cell: m[2]!.toUpperCase(), text: lines.slice(0, -1).join('\n').trim() });
  }
  return out;
}

function sameChoice(a: TemplateChoice | undefined, sheet: string | undefined) {
  return a?.forms.find((f) => f.sheet === sheet);
}

export class TemplatesController {
  private state: TemplatesState;
  private readonly listeners = new Set<() => void>();
  private readonly deps: TemplatesDeps;
  private report: Report | null = null;

  constructor(deps: TemplatesDeps) {
    this.deps = deps;
    this.state = {
      choices: [],
      template: null,
      formIndex: null,
      noteCorrections: true,
      rendered: null,
      text: '',
      edited: false,
      stale: false,
      discarded: null,
      drafts: [],
      busy: null,
      message: null,
      suggestion: null,
      fill: null,
      canWrite: typeof deps.gateway.insertText === 'function' && typeof deps.gateway.fillCells === 'function',
    };
  }

  getState = (): TemplatesState => this.state;

  /** The workbook's current check result (核对自评报告 compares a report with it). */
  currentReport = (): Report | null => this.report;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    this.listeners.clear();
  }

  private set(patch: Partial<TemplatesState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  // --- choosing and rendering ----------------------------------------------------------------

  /** A new check finished. Keeps the template and form (by sheet name) when they still exist. */
  setReport(report: Report | null): void {
    const previousSheet = this.state.formIndex !== null ? this.report?.forms[this.state.formIndex]?.sheet : undefined;
    this.report = report;
    const choices = report ? listTemplates(report) : [];
    const choice = choices.find((c) => c.name === this.state.template) ?? choices[0];
    const form = sameChoice(choice, previousSheet) ?? choice?.forms[0];
    const next = { choices, template: choice?.name ?? null, formIndex: form?.formIndex ?? null };
    if (this.state.edited && next.template === this.state.template && next.formIndex === this.state.formIndex) {
      // Never replace what the user typed behind their back; offer 重新生成 instead.
      this.set({ ...next, rendered: this.render(next.template, next.formIndex, this.state.noteCorrections), stale: true });
      return;
    }
    this.rerender(next);
  }

  choose(template: TemplateName): void {
    const choice = this.state.choices.find((c) => c.name === template);
    if (!choice) return;
    const previousSheet = this.state.formIndex !== null ? this.report?.forms[this.state.formIndex]?.sheet : undefined;
    const form = sameChoice(choice, previousSheet) ?? choice.forms[0];
    this.rerender({ template, formIndex: form?.formIndex ?? null });
  }

  chooseForm(formIndex: number): void {
    const choice = this.state.choices.find((c) => c.name === this.state.template);
    if (!choice?.forms.some((f) => f.formIndex === formIndex)) return;
    this.rerender({ formIndex });
  }

  setNoteCorrections(on: boolean): void {
    this.rerender({ noteCorrections: on });
  }

  /** The textarea changed. Kept as typed: IME composition and all. */
  setText(text: string): void {
    const generated = this.state.rendered ? textOf(this.state.rendered) : '';
    this.set({ text, edited: text !== generated, drafts: this.draftsFor(text), discarded: null });
  }

  /** Back to the generated text (dropping edits), with the current report's figures. */
  regenerate(): void {
    this.rerender({}, true);
  }

  /** Puts back the edit a re-render replaced. */
  restoreEdits(): void {
    const text = this.state.discarded;
    if (text === null) return;
    this.set({ text, edited: true, drafts: this.draftsFor(text), discarded: null, message: null });
  }

  dismissMessage(): void {
    this.set({ message: null, suggestion: null });
  }

  private render(template: TemplateName | null, formIndex: number | null, noteCorrections: boolean): RenderedText | null {
    if (!this.report || !template) return null;
    return renderTemplate(this.report, template, { ...(formIndex !== null ? { formIndex } : {}), noteCorrections });
  }

  private draftsFor(text: string): DraftCell[] {
    return this.state.template === 'deviation-drafts' ? draftsFromText(text) : [];
  }

  private rerender(patch: Partial<Pick<TemplatesState, 'choices' | 'template' | 'formIndex' | 'noteCorrections'>>, dropEdits = false): void {
    const next = { ...this.state, ...patch };
    const rendered = this.render(next.template, next.formIndex, next.noteCorrections);
    const text = rendered ? textOf(rendered) : '';
    const discarded = this.state.edited && !dropEdits && this.state.text !== text ? this.state.text : null;
    this.state = { ...next, rendered, text, edited: false, stale: false };
    this.set({
      drafts: this.draftsFor(text),
      discarded,
      message: discarded !== null ? { intent: 'info', text: '文本框中的修改已被新生成的文字替换。' } : null,
      suggestion: null,
      fill: null,
    });
  }

  // --- writing -------------------------------------------------------------------------------

  /** Inserts the text into a new sheet named 自评报告 (or 自评报告(2) …). */
  insertNewSheet(): Promise<void> {
    return this.insert('new-sheet', { target: 'new-sheet' });
  }

  /** Inserts downwards from the active cell; refused (with a suggestion) when a cell there is not empty. */
  insertAtSelection(): Promise<void> {
    return this.insert('selection', { target: 'selection' });
  }

  /** The one-click follow-up to a refusal: insert at the place the gateway found. */
  insertAtSuggestion(): Promise<void> {
    const at = this.state.suggestion;
    if (!at) return Promise.resolve();
    return this.insert('suggested', { target: 'selection', at });
  }

  private async insert(action: TemplateAction, options: InsertTextOptions): Promise<void> {
    const gateway = this.deps.gateway;
    if (this.state.busy || !gateway.insertText) return;
    const lines = textLines(this.state.text);
    if (lines.length === 0) {
      this.set({ message: { intent: 'warning', text: '没有可插入的文字：文本框是空的。' }, suggestion: null });
      return;
    }
    const headings = headingIndexes(lines, this.state.rendered);
    this.set({ busy: action, message: null, suggestion: null, fill: null });
    try {
      const r = await this.write(() => gateway.insertText!(lines, { ...options, headings }));
      const where = options.target === 'new-sheet' ? `新工作表“${r.sheet}”` : `工作表“${r.sheet}”的 ${r.address}`;
      this.set({ message: { intent: 'success', text: `已插入到${where}，共 ${r.rows} 行。` } });
    } catch (e) {
      if (errorCode(e) === 'target-not-empty') {
        const suggestion = (e as { suggestion?: CellRef }).suggestion ?? null;
        this.set({ message: { intent: 'warning', text: describeError(e, '插入') }, suggestion });
      } else {
        this.set({ message: { intent: 'error', text: this.errorText(e, '插入文字') } });
      }
    } finally {
      this.set({ busy: null });
    }
  }

  /** 偏差原因: writes each draft into its cell when that cell is empty now; reports the rest. */
  async fillDrafts(): Promise<void> {
    const gateway = this.deps.gateway;
    if (this.state.busy || !gateway.fillCells) return;
    const drafts = this.state.drafts;
    if (drafts.length === 0) {
      this.set({ message: { intent: 'info', text: '文本中没有标明“填入单元格”的偏差原因草稿，没有可填入的内容。' }, fill: null, suggestion: null });
      return;
    }
    this.set({ busy: 'fill', message: null, suggestion: null, fill: null });
    try {
      const r: FillResult = await this.write(() => gateway.fillCells!(drafts.map((d) => ({ sheet: d.sheet, cell: d.cell, text: d.text }))));
      const skipped = r.skipped.map((s) => ({ sheet: s.sheet, cell: s.cell, reason: FILL_SKIP_LABELS[s.reason] ?? s.reason }));
      const todo = drafts.some((d) => r.written.some((w) => w.endsWith(`!${d.cell}`)) && d.text.includes('【请填写'));
      const parts = [
        r.written.length ? `已填入 ${r.written.length} 个单元格。` : '没有填入任何单元格。',
        skipped.length ? `${skipped.length} 个单元格未填入（见下方列表），原有内容保持不变。` : '',
        todo ? '请在单元格中把【请填写】处补充完整。' : '',
        r.written.length ? '点“重新检查”可更新检查结果。' : '',
      ];
      this.set({
        fill: { written: r.written, skipped },
        message: { intent: r.written.length ? 'success' : 'warning', text: parts.filter(Boolean).join('') },
      });
    } catch (e) {
      this.set({ message: { intent: 'error', text: this.errorText(e, '填入偏差原因') } });
    } finally {
      this.set({ busy: null });
    }
  }

  /** Copies the textarea's text; false when the webview refused (the view then selects the text). */
  async copy(): Promise<boolean> {
    if (this.state.busy) return false;
    this.set({ busy: 'copy', message: null, suggestion: null });
    let ok = false;
    try {
      ok = this.state.text.trim() !== '' && (await this.deps.copy(this.state.text));
    } catch {
      ok = false;
    }
    this.set({
      busy: null,
      message: ok
        ? { intent: 'success', text: '已复制到剪贴板。' }
        : { intent: 'warning', text: this.state.text.trim() === '' ? '没有可复制的文字。' : '无法自动复制：已选中文本框中的文字，请按 Ctrl+C（Mac 上按 ⌘+C）复制。' },
    });
    return ok;
  }

  private write<T>(op: () => Promise<T>): Promise<T> {
    return this.deps.ownWrite ? this.deps.ownWrite(op) : op();
  }

  private errorText(e: unknown, action: string): string {
    return isCellEditError(e) ? `${CELL_EDIT_MESSAGE}，然后再试。` : describeError(e, action);
  }
}
