// Reads the figures a table of the 自评报告 states, into the same StatedFigure data the paragraphs give, so the
// same rules check them. A figure is named by its row label and its column header, read together with the
// paragraphs' LeadParser and vocabulary (vocab.ts): "年度资金总额" × "全年执行数", "基本支出" × "执行数",
// "全年预算数 | 520.83". Whatever the vocabulary cannot place is left alone; a table with figures of which none
// could be placed is reported by the caller as not checked (report-table-unread).
import { D } from '../values';
import type { LeadParser } from './extract';
import type { FigureKind, QuantityId, ReportTable, StatedFigure } from './types';
import { GRADE_WORDS, QUANTITIES, QUANTITY_KIND, TABLE_TOTAL_ROW, type SubjectId } from './vocab';

export interface TableScope {
  /** The paragraphs' parser, built with the table-only neutral words (vocab TABLE_NEUTRAL). */
  parser: LeadParser;
  /** The subject the headings above the table name, as for paragraphs: a role alone is then ambiguous. */
  headingSubject: SubjectId | null;
  /** The report's year: a header naming another year ("2023年决算数") is not this year's figure. */
  year?: number;
  /** Short paragraphs just before (and after) the table: its caption and unit note ("单位：万元"). */
  caption: string[];
}

export interface TableReading {
  figures: StatedFigure[];
  /** The table holds figures (decimals, thousands separators or units, not serial numbers or codes). */
  holdsFigures: boolean;
}

type MoneyUnit = '万元' | '元';

const NUMBER = String.raw`([-−－]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元|%|％|分|人)?`;
const CELL_NUMBER = new RegExp(`^${NUMBER}$`);
/** "其中：基本支出：334.45": a label and its figure in one cell. */
const LABELLED_NUMBER = new RegExp(`^(.*?[^\\d\\s.,])\\s*[:：]\\s*${NUMBER}$`);
const UNIT_NOTE = /(?:金额)?单位\s*[:：]\s*(万元|元)/g;
const UNIT_PAREN = /[（(]\s*(?:(?:金额)?单位\s*[:：]?\s*)?(万元|元|%|％|人|分|m²|平方米)\s*[）)]/g;
const MAX_HEADER_ROWS = 4;
const NUMBERING = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|[①-⑳])\s*/;

interface CellNumber {
  value: string;
  decimals: number;
  unit?: string;
  /** A figure rather than a serial number: decimals, grouping or a unit. */
  figureLike: boolean;
  text: string;
}

function parseNumber(m: RegExpExecArray, offset: number, text: string): CellNumber {
  const sign = m[offset] ? '-' : '';
  const int = m[offset + 1]!.replace(/,/g, '');
  const frac = m[offset + 2] ?? '';
  const unit = m[offset + 3];
  return {
    value: new D(`${sign}${int}${frac ? `.${frac}` : ''}`).toString(),
    decimals: frac.length,
    unit: unit === '％' ? '%' : unit,
    figureLike: Boolean(frac || unit || m[offset + 1]!.includes(',')),
    text,
  };
}

function cellNumber(text: string): CellNumber | null {
  const t = text.trim();
  const m = CELL_NUMBER.exec(t);
  return m ? parseNumber(m, 1, t) : null;
}

function moneyUnitOf(text: string): MoneyUnit | undefined {
  const units = new Set<MoneyUnit>();
  for (const m of text.matchAll(UNIT_NOTE)) units.add(m[1] as MoneyUnit);
  for (const m of text.matchAll(UNIT_PAREN)) if (m[1] === '万元' || m[1] === '元') units.add(m[1]);
  return units.size === 1 ? [...units][0] : undefined;
}

function hasPercentUnit(text: string): boolean {
  return [...text.matchAll(UNIT_PAREN)].some((m) => m[1] === '%' || m[1] === '％');
}

/** A label as the vocabulary reads it: without its numbering, unit note and colons. */
function cleanLabel(text: string): string {
  return text.replace(UNIT_PAREN, '').replace(UNIT_NOTE, '').replace(NUMBERING, '').replace(/[:：]/g, '').trim();
}

const KIND_OF_UNIT: Record<string, FigureKind> = { 万元: 'amount', 元: 'amount', '%': 'rate', 分: 'score', 人: 'count' };

function yearsIn(text: string): number[] {
  return [...text.matchAll(/(\d{4})\s*年/g)].map((m) => Number(m[1]));
}

export function readTable(table: ReportTable, scope: TableScope): TableReading {
  const rows: string[][] = Array.isArray(table?.rows) ? table.rows.map((r) => (Array.isArray(r) ? r.map((c) => (typeof c === 'string' ? c : '')) : [])) : [];
  const figures: StatedFigure[] = [];
  let holdsFigures = false;
  const isNumeric = (c: string) => cellNumber(c) !== null;
  const isFigureLike = (c: string) => {
    const n = cellNumber(c);
    if (n) return n.figureLike;
    const m = LABELLED_NUMBER.exec(c.trim());
    return m ? parseNumber(m, 2, c).figureLike : false;
  };
  // A header row names columns: text beyond the first column and no figure in it.
  const isGrade = (c: string) => GRADE_WORDS[c.trim().replace(/[“”"「」]/g, '')] !== undefined;
  const header = rows.map((r) => !r.some(isFigureLike) && r.some((c, i) => i > 0 && c.trim() !== '' && !isNumeric(c) && !isGrade(c)));
  const tableUnit = moneyUnitOf([...scope.caption, ...rows.flat().filter((c) => !isNumeric(c))].join('\n'));
  const tableYears = new Set(rows.flatMap((r, i) => (header[i] ? r.flatMap(yearsIn) : [])));

  // The last header row above each row (linear: a long table must not cost rows² lookups).
  const lastHeader: number[] = [];
  rows.forEach((_, r) => lastHeader.push(r > 0 ? (header[r - 1] ? r - 1 : lastHeader[r - 1]!) : -1));
  const columnHeader = (r: number, c: number): string => {
    // A header spread over a few rows ("预算数" above "年初预算数"): the nearest text in the column.
    for (let i = lastHeader[r]!, n = 0; i >= 0 && header[i] && n < MAX_HEADER_ROWS; i--, n++) {
      const t = (rows[i]![c] ?? '').trim();
      if (t) return t;
    }
    return '';
  };

  rows.forEach((row, r) => {
    if (header[r] || columnNumbers(row)) return;
    // The row label of a cell: the nearest text to its left (numbers such as 行次 or codes in between are passed).
    let rowText = '';
    row.forEach((raw, c) => {
      const text = raw.trim();
      const label0 = rowText;
      if (text && !isNumeric(text) && !/^[-—–－]+$/.test(text)) rowText = text;
      if (!text) return;
      let num = cellNumber(text);
      let label = label0;
      let head = columnHeader(r, c);
      const labelled = num ? null : LABELLED_NUMBER.exec(text);
      if (labelled) {
        num = parseNumber(labelled, 2, text);
        label = labelled[1]!;
        head = '';
      }
      const grade = !num && head + label ? GRADE_WORDS[text.replace(/[“”"「」]/g, '')] : undefined;
      if (!num && !grade) return;
      if (num?.figureLike) holdsFigures = true;
      const named = nameOf(label, head, scope, tableYears);
      if (!named) return;
      const kind = QUANTITY_KIND[named.quantity];
      const fig: StatedFigure = {
        quantity: named.quantity,
        kind,
        value: '',
        decimals: 0,
        text,
        paragraph: table.after,
        offset: 0,
        phrase: [label, head].filter(Boolean).join(' / '),
        table: table.number,
        row: r + 1,
        col: c + 1,
      };
      if (named.key) fig.key = named.key;
      if (grade) {
        if (kind !== 'grade') return;
        fig.value = grade;
        figures.push(fig);
        return;
      }
      if (!num || kind === 'grade') return;
      if (num.unit && KIND_OF_UNIT[num.unit] !== kind) return;
      let value = new D(num.value);
      let decimals = num.decimals;
      if (kind === 'amount') {
        const unit = (num.unit as MoneyUnit | undefined) ?? moneyUnitOf(head) ?? moneyUnitOf(labelled ? '' : label) ?? tableUnit;
        if (unit === '元') {
          value = value.div(10000);
          decimals += 4;
        }
        if (!unit) fig.unitGuessed = true;
      } else if (kind === 'rate' && !num.unit && !hasPercentUnit(head) && !hasPercentUnit(label) && !hasPercentUnit(scope.caption.join('\n'))) {
        // "99.64" under 执行率 is in percent points, "0.85" a fraction, most likely: the table does not say which.
        fig.unitGuessed = true;
        if (value.abs().lte(1) && decimals > 0) {
          value = value.mul(100);
          decimals = Math.max(0, decimals - 2);
        }
      } else if (kind === 'count' && num.decimals > 0) return;
      if (named.negate) value = value.neg();
      fig.value = value.toString();
      fig.decimals = decimals;
      figures.push(fig);
    });
  });
  // One quantity stated by several cells with different figures (a 预算数 and a 决算数 group under one merged
  // header, a code column beside a label): which cell means it is a guess, so none of them is read.
  const values = new Map<string, Set<string>>();
  for (const f of figures) {
    const k = f.key ? `${f.quantity}:${f.key}` : f.quantity;
    const set = values.get(k) ?? new Set<string>();
    set.add(f.value);
    values.set(k, set);
  }
  return { figures: figures.filter((f) => values.get(f.key ? `${f.quantity}:${f.key}` : f.quantity)!.size === 1), holdsFigures };
}

/** "栏次 | 1 | 2 | 3": a row numbering the columns, not figures. */
function columnNumbers(row: string[]): boolean {
  const ints = row.map((c) => c.trim()).filter((c) => c !== '' && cellNumber(c) !== null);
  if (ints.length < 3 || ints.some((c) => !/^\d+$/.test(c))) return false;
  return ints.every((c, i) => i === 0 || Number(c) === Number(ints[i - 1]) + 1);
}

/** The quantity a row label and a column header name together, read either way round ("基本支出" × "执行数"). */
function nameOf(label: string, head: string, scope: TableScope, tableYears: Set<number>): { quantity: QuantityId; key?: string; negate: boolean } | null {
  const years = [...yearsIn(label), ...yearsIn(head)];
  if (years.length && (scope.year ? years.some((y) => y !== scope.year) : tableYears.size > 1)) return null;
  const l = cleanLabel(label);
  const h = cleanLabel(head);
  const readings = l && h ? [l + h, h + l] : [l + h];
  const totalRow = TABLE_TOTAL_ROW.test(l) || TABLE_TOTAL_ROW.test(h);
  for (const phrase of readings) {
    if (!phrase) continue;
    const lead = scope.parser.parse(phrase);
    if (lead.change || lead.empty || lead.unknown || !lead.role || lead.role === 'quote') continue;
    let subject: SubjectId | undefined = lead.subject;
    if (!subject) {
      // A role alone names the unit's figure, unless a heading says the table is about something else.
      if (!(lead.unitExplicit || totalRow || scope.headingSubject === null)) continue;
      subject = totalRow && (lead.role === 'score' || lead.role === 'weight') ? 'execution' : 'unit';
    }
    const quantity = QUANTITIES[subject][lead.role];
    if (!quantity) continue;
    return { quantity, ...(subject === 'block' && lead.subjectText ? { key: lead.subjectText } : {}), negate: lead.role === 'adjustDown' };
  }
  return null;
}
