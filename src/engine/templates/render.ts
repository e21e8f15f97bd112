// The renderer: walks a template's outline (catalog.ts) and fills each sentence from the facts of one
// form (facts.ts). Pure and total: bad input gives a RenderedText with `error`, never an exception.
import type { FormKind, FormReport, Report } from '../types';
import {
  DEVIATION,
  FORM_KIND_LABELS,
  FORMAT,
  TEMPLATE_ORDER,
  TEMPLATES,
  type ItemDef,
  type SentenceDef,
  type TemplateDef,
  type TemplateName,
} from './catalog';
import { cleanText, deviations, formFacts, indicatorsComplete, phrase, type Facts } from './facts';

export interface RenderedParagraph {
  kind: 'heading' | 'paragraph' | 'placeholder';
  text: string;
  /** Headings: 1 for "一、…", 2 for "（一）…". */
  level?: number;
  /** Deviation drafts: the sheet and A1 cell (偏差原因分析及改进措施) the draft belongs in. */
  sheet?: string;
  cell?: string;
  /** Deviation drafts: what that cell holds now ("" when empty), so a shell can avoid overwriting it. */
  currentText?: string;
  /**
   * The text starts with = + - or @, which a spreadsheet would read as a formula: a shell must write it
   * as text (the add-in sets numberFormat "@" on the target cell before writing).
   */
  needsTextFormat?: true;
}

export interface RenderedText {
  template: TemplateName;
  title: string;
  paragraphs: RenderedParagraph[];
  /** zh-CN: what the user still has to write (one entry per 【请填写】 topic). */
  missing: string[];
  /** Index into Report.forms of the form the text describes. */
  formIndex?: number;
  sheet?: string;
  /** zh-CN reason when the template could not be rendered (then paragraphs is empty). */
  error?: string;
}

export interface RenderOptions {
  /** Which form (index into Report.forms); default the first form the template applies to. */
  formIndex?: number;
  /** Say "经复核，…应为…（表中填报…）" where the workbook's own figure is wrong. Default true. */
  noteCorrections?: boolean;
}

export interface TemplateFormChoice {
  formIndex: number;
  sheet: string;
  kind: FormKind;
  /** zh-CN, e.g. "项目支出绩效自评表（工作表“项目1”）：教师培训". */
  label: string;
}

export interface TemplateChoice {
  name: TemplateName;
  label: string;
  forms: TemplateFormChoice[];
}

const FORMULA_START = /^[=+\-@]/;

/** True when a spreadsheet would take the text for a formula; such text must be written as text. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

function formLabel(form: FormReport): string {
  const kind = FORM_KIND_LABELS[form.kind];
  const name = cleanText(form.kind === 'project' ? form.projectName || form.unit : form.unit);
  return `${kind}（工作表“${form.sheet}”）${name ? `：${name}` : ''}`;
}

function applies(def: TemplateDef, form: FormReport | undefined): boolean {
  return form !== undefined && form !== null && (def.appliesTo as string[]).includes(form.kind);
}

/** Which templates can be rendered, and for which forms. Templates without a form are left out. */
export function listTemplates(report: Report): TemplateChoice[] {
  const forms = Array.isArray(report?.forms) ? report.forms : [];
  const out: TemplateChoice[] = [];
  for (const name of TEMPLATE_ORDER) {
    const def = TEMPLATES[name];
    const choices = forms.flatMap((f, i) => (applies(def, f) ? [{ formIndex: i, sheet: f.sheet, kind: f.kind, label: formLabel(f) }] : []));
    if (choices.length) out.push({ name, label: def.label, forms: choices });
  }
  return out;
}

const SLOT = /\{(\??)(\w+)\}/g;

const escapeRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const [PH_OPEN, PH_CLOSE] = FORMAT.placeholder.split('{label}') as [string, string];
const PLACEHOLDERS = new RegExp(`${escapeRe(PH_OPEN)}[^${escapeRe(PH_CLOSE)}]*${escapeRe(PH_CLOSE)}`, 'g');

/** Fills one text; null when a required fact is unknown. */
function fill(text: string, facts: Facts): string | null {
  let ok = true;
  const out = text.replace(SLOT, (_m, optional: string, key: string) => {
    const v = facts.get(key);
    if (v === undefined || v === '') {
      if (!optional) ok = false;
      return '';
    }
    return v;
  });
  return ok ? out : null;
}

function placeholderText(label: string): string {
  return phrase(FORMAT.placeholder, { label });
}

class Output {
  paragraphs: RenderedParagraph[] = [];
  missing: string[] = [];
  need(label: string): void {
    if (!this.missing.includes(label)) this.missing.push(label);
  }
  push(p: RenderedParagraph): void {
    this.paragraphs.push(FORMULA_START.test(p.text) ? { ...p, needsTextFormat: true } : p);
  }
}

/** The first alternative that fills; records its `missing` note. null when none does. */
function sentence(def: SentenceDef, facts: Facts, out: Output): string | null {
  for (const alt of def.alts) {
    if (alt.when && !alt.when.every((k) => facts.has(k))) continue;
    const text = fill(alt.text, facts);
    if (text === null) continue;
    if (alt.missing) out.need(alt.missing);
    return text;
  }
  return null;
}

function renderDeviations(item: Extract<ItemDef, { type: 'deviations' }>, form: FormReport, out: Output): void {
  const list = deviations(form);
  if (list.length === 0 && form.weights) {
    // A form without the indicators' own 分值 (绩效目标自评表: none at all; 湖北: only the 一级 blocks'): no score
    // says a deviation, and nothing is missing from the form either; the user writes them from targets and actuals.
    const label = form.weights === 'none'
      ? '偏差情况（此表没有分值、得分栏，请对照年度指标值与实际完成值说明）'
      : '偏差情况（此表没有逐项分值，请对照年度指标值与实际完成值说明）';
    out.need(label);
    out.push({ kind: 'placeholder', text: placeholderText(label) });
    return;
  }
  if (list.length === 0) {
    out.push({ kind: 'paragraph', text: indicatorsComplete(form) ? item.none : item.incomplete });
    return;
  }
  if (item.intro) out.push({ kind: 'paragraph', text: phrase(item.intro, { count: `${list.length}${FORMAT.countUnit}` }) });
  for (const d of list) {
    const text = sentence(DEVIATION[d.kind], d.facts, out);
    if (text === null) continue;
    const name = d.facts.get('name') ?? '';
    const cell = d.indicator.reasonCell;
    out.need(cell ? `“${name}”的偏差原因和改进措施（${form.sheet}!${cell}）` : `“${name}”的偏差原因和改进措施（表中无“偏差原因分析及改进措施”栏）`);
    out.push({
      kind: 'paragraph',
      text,
      sheet: form.sheet,
      ...(cell ? { cell, currentText: cleanText(d.indicator.reason) } : {}),
    });
  }
}

function renderItem(item: ItemDef, facts: Facts, form: FormReport, out: Output): void {
  switch (item.type) {
    case 'heading':
      out.push({ kind: 'heading', text: item.text, level: item.level });
      return;
    case 'placeholder': {
      if (item.when && !item.when.every((k) => facts.has(k))) return;
      out.need(item.label);
      out.push({ kind: 'placeholder', text: placeholderText(item.label) });
      return;
    }
    case 'paragraph': {
      if (item.when && !item.when.every((k) => facts.has(k))) return;
      const parts: string[] = [];
      for (const s of item.sentences) {
        const text = sentence(s, facts, out);
        if (text !== null) parts.push(text);
        else if (s.otherwise) {
          out.need(s.otherwise);
          parts.push(placeholderText(s.otherwise));
        }
      }
      const text = parts.join('');
      // A paragraph that is nothing but placeholders is a placeholder paragraph.
      const onlyPlaceholders = text !== '' && text.replace(PLACEHOLDERS, '') === '';
      if (text && !onlyPlaceholders) out.push({ kind: 'paragraph', text });
      else if (onlyPlaceholders) out.push({ kind: 'placeholder', text });
      else if (item.otherwise) {
        out.need(item.otherwise);
        out.push({ kind: 'placeholder', text: placeholderText(item.otherwise) });
      }
      return;
    }
    case 'blocks': {
      const text = fill('{blockList}。{?blockNotes}', facts);
      if (text) out.push({ kind: 'paragraph', text });
      return;
    }
    case 'deviations':
      renderDeviations(item, form, out);
      return;
  }
}

function failure(name: TemplateName, title: string, error: string): RenderedText {
  return { template: name, title, paragraphs: [], missing: [], error };
}

/** Fills a template from a checked workbook's Report. Never throws. */
export function renderTemplate(report: Report, name: TemplateName, options: RenderOptions = {}): RenderedText {
  if (!isTemplateName(name)) {
    return failure('overall-report', '', `没有名为“${String(name)}”的报告模板，可用模板：${TEMPLATE_ORDER.join('、')}`);
  }
  const def = TEMPLATES[name];
  try {
    const forms = Array.isArray(report?.forms) ? report.forms : [];
    let index: number;
    if (options.formIndex !== undefined) {
      index = options.formIndex;
      const form = forms[index];
      if (!applies(def, form)) {
        const what = form ? `第${index + 1}张表是${FORM_KIND_LABELS[form.kind]}（工作表“${form.sheet}”）` : `工作簿中没有第${index + 1}张表`;
        return failure(name, def.label, `${what}，“${def.label}”只适用于${def.appliesTo.map((k) => FORM_KIND_LABELS[k]).join('或')}`);
      }
    } else {
      index = forms.findIndex((f) => applies(def, f));
      if (index < 0) {
        return failure(name, def.label, `工作簿中没有${def.appliesTo.map((k) => FORM_KIND_LABELS[k]).join('或')}，无法生成“${def.label}”`);
      }
    }
    const form = forms[index]!;
    const facts = formFacts(report, form, { noteCorrections: options.noteCorrections !== false });
    const out = new Output();
    const title = sentence(def.title, facts, out) ?? def.label;
    for (const item of def.outline) renderItem(item, facts, form, out);
    return { template: name, title, paragraphs: out.paragraphs, missing: out.missing, formIndex: index, sheet: form.sheet };
  } catch (e) {
    return failure(name, def.label, `生成“${def.label}”时出错：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Plain text: title, then headings on their own lines and paragraphs separated by blank lines. */
export function renderedToText(r: RenderedText, options: { cellNotes?: boolean } = {}): string {
  const blocks: string[] = [r.title];
  for (const p of r.paragraphs) {
    let text = p.text;
    if (options.cellNotes !== false && p.cell && p.sheet) text += `\n（填入单元格：${p.sheet}!${p.cell}${p.currentText ? '，该单元格已有内容，请核对后再替换' : ''}）`;
    blocks.push(text);
  }
  return `${blocks.join('\n\n')}\n`;
}
