// Reads the figures a 自评报告 states, with their meaning (vocab.ts), and the sums it asserts. Pure and
// total: any text gives a Statement (possibly without figures), never an exception.
import { D } from '../values';
import type { FigureKind, QuantityId, ReportParagraph, ReportSnapshot, ReportTable, StatedFigure, StatedSum, Statement } from './types';
import { readTable } from './tables';
import {
  CHANGE_WORDS,
  CONNECTORS,
  GRADE_WORDS,
  ITEM_HEADING,
  NEUTRAL,
  NO_OTHER_FUNDS,
  OTHER_FUNDS,
  PARTITIONS,
  QUANTITIES,
  QUANTITY_KIND,
  ROLES,
  SPECIAL_ROLES,
  SUBJECTS,
  TABLE_NEUTRAL,
  type RoleId,
  type SubjectId,
} from './vocab';

const escapeRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byLength = (a: string, b: string) => b.length - a.length;

/** Spaces, quotes and book-title marks carry no meaning for the phrase ("“三公”经费" = "三公经费"). */
export function normalizePhrase(text: string): string {
  return text.replace(/[\s\u3000“”"'‘’「」『』《》]/g, '');
}

interface PhraseHit<T> {
  id: T;
  phrase: string;
  unitExplicit: boolean;
}

const SUBJECT_LIST: PhraseHit<SubjectId>[] = Object.entries(SUBJECTS)
  .flatMap(([id, phrases]) => phrases.map((p) => ({ id: id as SubjectId, phrase: normalizePhrase(p), unitExplicit: false })))
  .sort((a, b) => byLength(a.phrase, b.phrase));
const ROLE_LIST: PhraseHit<RoleId>[] = Object.entries(ROLES)
  .flatMap(([id, r]) => r.phrases.map((p) => ({ id: id as RoleId, phrase: normalizePhrase(p), unitExplicit: (r.unitExplicit ?? []).includes(p) })))
  .sort((a, b) => byLength(a.phrase, b.phrase));
const CONNECTOR_RE = new RegExp(`(?:${[...CONNECTORS].sort(byLength).map(escapeRe).join('|')})$`);
const SUBJECT_ALT = SUBJECT_LIST.map((s) => escapeRe(s.phrase)).join('|');

function neutralAlt(unitNames: string[]): string {
  const words = [...NEUTRAL, ...unitNames.filter(Boolean).map(escapeRe)];
  return words.sort(byLength).join('|');
}

/** What the words just before a figure say. */
export interface Lead {
  subject?: SubjectId;
  /** The subject as written (a 一级指标's name keys its figures). */
  subjectText?: string;
  role?: RoleId;
  /** The phrase as written, for the finding. */
  phrase: string;
  unitExplicit: boolean;
  /** Words the vocabulary does not know: the figure is left alone and the sentence's subject is lost. */
  unknown: boolean;
  /** A change or a share ("减少", "占…的"), not a quantity. */
  change: boolean;
  /** Nothing but neutral words. */
  empty: boolean;
}

const MAX_LEAD = 48;

const CLAUSE_SEPARATORS = /[，,；;：:、（(）)]/;

export class LeadParser {
  private readonly neutralOnly: RegExp;
  private readonly subjectRest: RegExp;
  constructor(unitNames: string[]) {
    const n = neutralAlt(unitNames.map(normalizePhrase));
    this.neutralOnly = new RegExp(`^(?:${n})*$`);
    this.subjectRest = new RegExp(`^(?:${n})*(${SUBJECT_ALT})?(?:${n})*$`);
  }

  isNeutral(text: string): boolean {
    return this.neutralOnly.test(normalizePhrase(text));
  }

  parse(rawClause: string): Lead {
    const lead: Lead = { phrase: rawClause.trim(), unitExplicit: false, unknown: false, change: false, empty: false };
    if (CHANGE_WORDS.test(rawClause)) {
      lead.change = true;
      return lead;
    }
    let t = normalizePhrase(rawClause);
    // A naming phrase is short; a long clause is prose (and bounds the neutral-word regex's backtracking).
    if (t.length > MAX_LEAD) {
      lead.unknown = true;
      return lead;
    }
    for (let guard = 0; guard < 4 && CONNECTOR_RE.test(t); guard++) t = t.replace(CONNECTOR_RE, '');
    const subj = SUBJECT_LIST.find((s) => t.endsWith(s.phrase));
    const roles = ROLE_LIST.filter((r) => t.endsWith(r.phrase));
    // "一般公共预算" names a figure on its own but is a neutral word before another ("一般公共预算财政拨款基本支出").
    if (this.neutralOnly.test(t) && !(subj && subj.phrase === t)) {
      lead.empty = true;
      return lead;
    }
    if (subj && (roles.length === 0 || subj.phrase.length > roles[0]!.phrase.length)) {
      lead.subject = subj.id;
      lead.subjectText = subj.phrase;
      lead.role = 'amount';
      if (!this.neutralOnly.test(t.slice(0, -subj.phrase.length))) lead.unknown = true;
      return lead;
    }
    // "项目支出预算": the longest role ("支出预算") would leave "项目"; take the first reading that parses.
    for (const role of roles) {
      const m = this.subjectRest.exec(t.slice(0, -role.phrase.length));
      if (!m) continue;
      lead.role = role.id;
      lead.unitExplicit = role.unitExplicit && !m[1];
      if (m[1]) {
        lead.subject = SUBJECT_LIST.find((s) => s.phrase === m[1])!.id;
        lead.subjectText = m[1];
      }
      return lead;
    }
    lead.unknown = true;
    return lead;
  }
}

/** A figure token in a sentence: a number with its unit, or a grade word. */
interface Token {
  start: number;
  end: number;
  text: string;
  kind: FigureKind;
  value: string;
  decimals: number;
}

const NUMBER_RE =
  /(?<![\d.,，])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元|分(?![别之钟析配类数])|%|％|人(?![次民员均]))/g;
const GRADE_RE = /(?<=[为是：:]\s*)([“"「]?)(优秀|良好|中等|不合格|合格|较差|优|良|中|差)([”"」]?)(?=[”"」。，；,;、）)\s]|$|等级)/g;

function tokens(sentence: string): Token[] {
  const out: Token[] = [];
  for (const m of sentence.matchAll(NUMBER_RE)) {
    const int = m[1]!.replace(/,/g, '');
    const frac = m[2] ?? '';
    const unit = m[3]!;
    let value = new D(frac ? `${int}.${frac}` : int);
    let decimals = frac.length;
    let kind: FigureKind;
    if (unit === '万元') kind = 'amount';
    else if (unit === '元') {
      kind = 'amount';
      value = value.div(10000);
      decimals += 4;
    } else if (unit === '分') kind = 'score';
    else if (unit === '人') {
      if (frac) continue;
      kind = 'count';
    } else kind = 'rate';
    out.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], kind, value: value.toString(), decimals });
  }
  for (const m of sentence.matchAll(GRADE_RE)) {
    const grade = GRADE_WORDS[m[2]!];
    if (!grade) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], kind: 'grade', value: grade, decimals: 0 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Heading level from the numbering people use ("一、" 1, "（一）" 2, "1、" 3, "（1）" 4, "①" 5), else the style's. */
export function headingLevel(p: ReportParagraph): number | null {
  const t = p.text.trim();
  const short = t.length <= 40 && !/[。；;]$/.test(t) && !/\d\s*(万元|元|分|%|人)/.test(t);
  if (/^第[一二三四五六七八九十]+部分/.test(t) && short) return 0;
  if (/^[一二三四五六七八九十]+[、.．]/.test(t) && short) return 1;
  if (/^[（(][一二三四五六七八九十]+[）)]/.test(t) && short) return 2;
  if (/^\d+[、.．](?!\d)/.test(t) && short) return 3;
  if (/^[（(]\d+[）)]/.test(t) && short) return 4;
  if (/^[①-⑳]/.test(t) && short) return 5;
  if (p.headingLevel !== undefined && short) return 2 + p.headingLevel;
  return null;
}

type Scope = { skip: true } | { skip: false; subject: SubjectId | null };

function headingScope(text: string): Scope {
  const t = normalizePhrase(text).replace(/^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])/, '');
  if (ITEM_HEADING.test(normalizePhrase(text)) || OTHER_FUNDS.test(t)) return { skip: true };
  const subj = SUBJECT_LIST.find((s) => t.includes(s.phrase));
  return { skip: false, subject: subj ? subj.id : null };
}

function findTitle(paragraphs: ReportParagraph[]): { title?: string; unit?: string; year?: number; projectName?: string; kind: 'overall' | 'project' } {
  let unit: string | undefined;
  let year: number | undefined;
  let title: string | undefined;
  let projectName: string | undefined;
  let kind: 'overall' | 'project' = 'overall';
  for (const p of paragraphs.slice(0, 400)) {
    const t = p.text.replace(/\s+/g, '');
    const named = /^(?:单位|部门|预算单位|预算部门)名称(?:[（(]盖章[）)])?[:：](.+)$/.exec(t);
    if (named && !unit) unit = named[1]!.replace(/[（(].*$/, '');
    if (!title && /自评报告$/.test(t) && t.length <= 80) {
      const project = /“(.+)”项目支出绩效自评报告$/.exec(t);
      if (project) {
        kind = 'project';
        projectName = project[1];
      }
      const m = /^(?:(\d{4})年度?)?(.*?)(?:部门|单位)?(?:[（(]单位[）)])?整体支出绩效自评报告$/.exec(t);
      if (m || project) {
        title = t;
        if (m?.[1]) year = Number(m[1]);
        const name = m?.[2]?.replace(/[（(].*$/, '');
        if (name && !unit) unit = name;
        const y = /^(\d{4})年度?/.exec(t);
        if (!year && y) year = Number(y[1]);
      }
    }
  }
  return { title, unit, year, projectName, kind };
}

/** Splits a paragraph into sentences (offsets kept). */
function sentences(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[。！？!?]/.test(text[i]!)) {
      out.push({ start, text: text.slice(start, i + 1) });
      start = i + 1;
    }
  }
  if (start < text.length) out.push({ start, text: text.slice(start) });
  return out;
}

function specialRole(clause: string, before: string, after: string): (typeof SPECIAL_ROLES)[number] | undefined {
  const t = normalizePhrase(clause);
  return SPECIAL_ROLES.find((r) => r.clause.test(t) && (!r.after || r.after.test(after)) && (!r.before || r.before.test(normalizePhrase(before))));
}

function lastClause(raw: string): string {
  // A short closed parenthesis is part of a name ("因公出国（境）费"), not a clause break.
  const text = raw.replace(/[（(][^（()）]{1,3}[）)]/g, '');
  let i = text.length - 1;
  while (i >= 0 && !CLAUSE_SEPARATORS.test(text[i]!)) i--;
  return text.slice(i + 1);
}

const LIST_MARKER = /^\s*(?:[-•·]\s*)?(?:\d+[.．、](?!\d)|[（(]\d+[）)])\s*/;

export function extractStatement(snapshot: ReportSnapshot): Statement {
  const paragraphsIn = Array.isArray(snapshot?.paragraphs) ? snapshot.paragraphs.filter((p) => typeof p?.text === 'string') : [];
  const head = findTitle(paragraphsIn);
  const parser = new LeadParser([head.unit ?? '', head.projectName ?? '']);
  const figures: StatedFigure[] = [];
  const sums: StatedSum[] = [];
  const quoted: Record<number, string> = {};
  const stack: { level: number; scope: Scope; text: string }[] = [];
  const tables = tablesOf(snapshot);
  const tableParser = new LeadParser([head.unit ?? '', head.projectName ?? '', ...TABLE_NEUTRAL]);
  const unchecked: NonNullable<Statement['uncheckedTables']> = [];
  const captionOf = (t: ReportTable) => {
    // The short paragraphs just above the table back to the previous heading, and a unit note just below it.
    const out: string[] = [];
    for (let n = t.after; n > Math.max(0, t.after - 3); n--) {
      const p = paragraphsIn.find((x) => x.number === n);
      if (!p || p.text.length > 60) break;
      out.push(p.text);
      if (headingLevel(p) !== null) break;
    }
    const below = paragraphsIn.find((x) => x.number === t.after + 1);
    if (below && /^[（(]?(?:金额)?单位\s*[:：]\s*(?:万元|元)[）)]?$/.test(below.text.trim())) out.push(below.text);
    return out;
  };
  const visitTables = (upTo: number) => {
    while (tables.length && tables[0]!.after < upTo) {
      const t = tables.shift()!;
      const skip = stack.find((s) => s.scope.skip);
      let headingSubject: SubjectId | null = null;
      for (const s of stack) if (!s.scope.skip && s.scope.subject) headingSubject = s.scope.subject;
      const caption = captionOf(t);
      const reading = readTable(t, { parser: tableParser, headingSubject, year: head.year, caption });
      // A table's own title naming another fund ("政府性基金预算财政拨款收入支出决算表") puts it out of scope too.
      const otherFund = caption.find((c) => /表/.test(c) && OTHER_FUNDS.test(c.replace(NO_OTHER_FUNDS, '')));
      if (skip || otherFund) {
        // A table under a heading about one item or another fund: not the unit's figures (as for paragraphs).
        if (reading.holdsFigures) unchecked.push({ table: t.number, paragraph: t.after, reason: 'outOfScope', heading: skip?.text ?? otherFund ?? '' });
        continue;
      }
      if (reading.figures.length === 0) {
        if (reading.holdsFigures) unchecked.push({ table: t.number, paragraph: t.after, reason: 'unread' });
        continue;
      }
      figures.push(...reading.figures);
    }
  };

  for (const p of paragraphsIn) {
    visitTables(p.number);
    const level = headingLevel(p);
    if (level !== null) {
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, scope: headingScope(p.text), text: p.text });
      continue;
    }
    if (stack.some((s) => s.scope.skip)) continue;
    let headingSubject: SubjectId | null = null;
    for (const s of stack) if (!s.scope.skip && s.scope.subject) headingSubject = s.scope.subject;

    const marker = LIST_MARKER.exec(p.text);
    const body = marker ? ' '.repeat(marker[0].length) + p.text.slice(marker[0].length) : p.text;
    // "经复核，预算执行率应为75.00%（表中填报76.00%）。" corrects the sentence before it: same subject.
    let previousSubject: SubjectId | null = null;
    for (const s of sentences(body)) {
      if (OTHER_FUNDS.test(s.text.replace(NO_OTHER_FUNDS, ''))) continue;
      const correcting: SubjectId | null = /^\s*经复核/.test(s.text) ? previousSubject : null;
      const found = tokens(s.text);
      let current: SubjectId | 'unknown' | null = null;
      let currentKey: string | undefined;
      let prevEnd = 0;
      const placedHere: number[] = [];
      const tokenFigure = new Map<Token, number>();
      for (const tok of found) {
        const before = s.text.slice(prevEnd, tok.start);
        prevEnd = tok.end;
        const clause = lastClause(before);
        const special = specialRole(clause, s.text.slice(0, tok.start), s.text.slice(tok.end));
        const lead = special ? { phrase: clause.trim(), role: special.role, unitExplicit: false, unknown: false, change: false, empty: false } : parser.parse(clause);
        if (lead.change || lead.empty) continue;
        if (lead.unknown) {
          current = 'unknown';
          continue;
        }
        const years = [...clause.matchAll(/(\d{4})\s*年/g)].map((m) => Number(m[1]));
        if (head.year && years.some((y) => y !== head.year)) continue;
        let subject: SubjectId | null = null;
        if (lead.role === 'quote') {
          const prev = placedHere.length ? figures[placedHere[placedHere.length - 1]!] : undefined;
          if (!prev || QUANTITY_KIND[prev.quantity] !== tok.kind) continue;
          tokenFigure.set(tok, figures.length);
          figures.push({ ...figureOf(tok, p, s.start, prev.quantity, clause), ...(prev.key ? { key: prev.key } : {}), quotesDeclared: true });
          continue;
        }
        if (lead.subject) {
          subject = lead.subject;
          currentKey = lead.subjectText;
        }
        else if (current && current !== 'unknown') subject = current;
        else if (current === null) {
          // The sentence has named nothing yet: a role alone means the whole unit, unless a heading says
          // the paragraph is about something else (then it is ambiguous and left alone).
          const prefixNeutral = parser.isNeutral(before.slice(0, before.length - clause.length).replace(/[，,；;：:、（(）)]/g, ''));
          if (lead.unitExplicit || (headingSubject === null && prefixNeutral)) subject = 'unit';
          else if (correcting && prefixNeutral) subject = correcting;
        }
        if (!subject) {
          current = 'unknown';
          continue;
        }
        current = subject;
        const quantity = QUANTITIES[subject][lead.role!];
        if (!quantity || QUANTITY_KIND[quantity] !== tok.kind) continue;
        const fig = figureOf(tok, p, s.start, quantity, clause);
        if (subject === 'block' && currentKey) fig.key = currentKey;
        if (lead.role === 'adjustDown' || special?.sign === -1) fig.value = new D(fig.value).neg().toString();
        tokenFigure.set(tok, figures.length);
        placedHere.push(figures.length);
        figures.push(fig);
      }
      previousSubject = current && current !== 'unknown' ? current : null;
      const sum = assertedSum(s.text, found, tokenFigure, figures, p.number);
      if (sum) sums.push(sum);
      if (tokenFigure.size) quoted[p.number] = p.text;
    }
  }
  visitTables(Infinity);
  return {
    fileName: snapshot?.fileName,
    unit: head.unit,
    projectName: head.projectName,
    kind: head.kind,
    year: head.year,
    title: head.title,
    figures,
    sums,
    paragraphs: quoted,
    paragraphCount: paragraphsIn.length,
    ...(unchecked.length ? { uncheckedTables: unchecked } : {}),
  };
}

/** The snapshot's tables in document order, bad entries dropped. */
function tablesOf(snapshot: ReportSnapshot): ReportTable[] {
  const list = Array.isArray(snapshot?.tables) ? snapshot.tables : [];
  return list.filter((t) => t && Array.isArray(t.rows) && typeof t.after === 'number' && typeof t.number === 'number').sort((a, b) => a.after - b.after || a.number - b.number);
}

function figureOf(tok: Token, p: ReportParagraph, sentenceStart: number, quantity: QuantityId, clause: string): StatedFigure {
  return {
    quantity,
    kind: tok.kind,
    value: tok.value,
    decimals: tok.decimals,
    text: tok.text.trim(),
    paragraph: p.number,
    offset: sentenceStart + tok.start,
    phrase: clause.trim(),
  };
}

/** "总数X，其中A a、B b": every amount after 其中 must be a known part of the total (or a stated 0). */
function assertedSum(sentence: string, found: Token[], placed: Map<Token, number>, figures: StatedFigure[], paragraph: number): StatedSum | null {
  const at = sentence.indexOf('其中');
  if (at < 0) return null;
  const amounts = found.filter((t) => t.kind === 'amount');
  const totalTok = amounts.filter((t) => t.end <= at).pop();
  if (!totalTok || !placed.has(totalTok)) return null;
  const total = placed.get(totalTok)!;
  const allowed = PARTITIONS[figures[total]!.quantity];
  if (!allowed) return null;
  const parts: number[] = [];
  for (const t of amounts.filter((x) => x.start > at)) {
    const i = placed.get(t);
    if (i === undefined) {
      if (new D(t.value).isZero()) continue;
      return null;
    }
    const f = figures[i]!;
    if (f.quotesDeclared) continue;
    if (!allowed.includes(f.quantity) || parts.some((j) => figures[j]!.quantity === f.quantity)) return null;
    parts.push(i);
  }
  return parts.length >= 2 ? { total, parts, paragraph } : null;
}
