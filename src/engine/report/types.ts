// The 自评报告 as plain data (issue 16). A shell (src/docx) reads the Word file into a ReportSnapshot;
// the engine extracts the figures the text states (a Statement) and compares them with a workbook's
// Report. Everything here is structured-clone safe: a worker can post a Statement back as it is.

/** One paragraph of the report body, in document order. */
export interface ReportParagraph {
  /** 1-based paragraph number as a reader counts them: non-empty body paragraphs, table cells excluded. */
  number: number;
  text: string;
  /** Set when the shell knows the paragraph is a heading (Word heading style); numbering like "（一）" is read too. */
  headingLevel?: number;
}

export interface ReportTable {
  /** 1-based table number in document order. */
  number: number;
  /** Paragraph number the table follows (0 when it comes first). */
  after: number;
  /**
   * Cell texts, row by row, on the table's grid: a merged cell appears once, where it starts, and the grid
   * positions it covers hold '' (so a column keeps its index in every row).
   */
  rows: string[][];
}

export interface ReportSnapshot {
  /** For messages only. */
  fileName?: string;
  paragraphs: ReportParagraph[];
  tables: ReportTable[];
}

/** What a stated figure means; see vocab.ts for the phrases that name each quantity. */
export type QuantityId =
  | 'budget'
  | 'initialBudget'
  | 'adjustment'
  | 'executed'
  | 'rate'
  | 'basic'
  | 'project'
  | 'projectBudget'
  | 'personnel'
  | 'public'
  | 'threeBudget'
  | 'threeActual'
  | 'carBudget'
  | 'carActual'
  | 'carPurchaseBudget'
  | 'carPurchaseActual'
  | 'carRunningBudget'
  | 'carRunningActual'
  | 'abroadBudget'
  | 'abroadActual'
  | 'receptionBudget'
  | 'receptionActual'
  | 'staffAuthorised'
  | 'staffActual'
  | 'staffRate'
  | 'execWeight'
  | 'execScore'
  | 'total'
  | 'grade'
  | 'unspent'
  | 'overspent'
  | 'basicShare'
  | 'projectShare'
  | 'personnelShare'
  | 'publicShare'
  | 'threeChange'
  | 'threeChangePct'
  | 'projectChange'
  | 'projectChangePct'
  | 'generalFund'
  | 'fundCurrent'
  | 'fundCarried'
  | 'blockWeight'
  | 'blockScore';

export type FigureKind = 'amount' | 'rate' | 'score' | 'count' | 'grade';

/** One figure the text states, with its meaning and where it stands. */
export interface StatedFigure {
  quantity: QuantityId;
  kind: FigureKind;
  /**
   * Decimal string in the quantity's display unit: 万元 for amounts (a figure written in 元 is converted),
   * percent points for rates ("96.62"), 分, 人; the grade word normalised (优/良/中/差) for grades.
   */
  value: string;
  /** Decimals the text wrote (0 for "190万元"); grades 0. */
  decimals: number;
  /** Exactly as written, e.g. "2,131.10 万元", "99.7 分", "“优秀”". */
  text: string;
  /** The paragraph the figure stands in; for a figure in a table, the paragraph the table follows (ordering). */
  paragraph: number;
  /** Character offset of the figure in the paragraph text (0 for a figure in a table). */
  offset: number;
  /** The naming phrase as written ("预算收入", "其中基本支出"); in a table, "row label / column header". */
  phrase: string;
  /** A figure in a table: its 1-based table number, and 1-based row and column as a reader counts them. */
  table?: number;
  row?: number;
  col?: number;
  /** An amount in a table that states no unit, read as 万元: no error may rest on it (warning at most). */
  unitGuessed?: true;
  /** For per-block quantities (blockWeight, blockScore): the 一级指标 name as written ("产出指标"). */
  key?: string;
  /** The figure quotes the workbook ("（表中填报92.30%）"): compared with the declared figure only. */
  quotesDeclared?: true;
}

/** "总数X，其中A a，B b": the text asserts total = Σ parts (all placed, same kind). */
export interface StatedSum {
  /** Index into Statement.figures. */
  total: number;
  parts: number[];
  paragraph: number;
}

export interface Statement {
  fileName?: string;
  /** Unit name read from the title or "单位名称：…", when found. */
  unit?: string;
  /** Project name when the report is a 项目支出绩效自评报告. */
  projectName?: string;
  kind: 'overall' | 'project';
  year?: number;
  title?: string;
  figures: StatedFigure[];
  sums: StatedSum[];
  /** Paragraph texts by number, kept so a finding can quote its paragraph (short). */
  paragraphs: Record<number, string>;
  /** Paragraphs in all, for "第N段（共M段）". */
  paragraphCount: number;
  /**
   * Tables that hold figures the reader did not check (absent on statements made before tables were read):
   * `unread` none of its figures could be given a meaning; `outOfScope` it stands under a heading about one
   * item or another fund (its figures are not the unit's), named by `heading`.
   */
  uncheckedTables?: { table: number; paragraph: number; reason: 'unread' | 'outOfScope'; heading?: string }[];
}
