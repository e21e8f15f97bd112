// What a mark looks like and how the add-in recognises its own. Pure: no Office.js here.
//
// A mark is a Custom conditional format on one cell whose rule is always true and carries a tag,
// =N("selfeval:error")=0 (N of text is 0). The tag, not the colour and not a stored id, is what
// identifies our formats: Excel's ConditionalFormat.id is a priority position and shifts when anyone
// adds or deletes a format, so a remembered id could point at a user's rule. The colours are
// near-variants of Excel's preset fills, so ours never look identical to a user's "Light Red Fill".
import type { Finding, Severity } from '../engine/types';
import { a1, parseA1 } from '../engine/grid';

export const MARK_TAG = 'selfeval';

export const MARK_COLORS: Record<Severity, string> = {
  error: '#FFC7CD', // Excel preset light red is #FFC7CE
  warning: '#FFEB9B', // preset yellow is #FFEB9C
  info: '#DDEBF6', // preset light blue is #DDEBF7
};

export const NOTE_PREFIX = '【自评校核】';
/** Notes longer than this are cut: Excel notes are for a hint, the pane has the full text. */
export const NOTE_MAX_CHARS = 1000;

export const SETTINGS_MARKS_KEY = 'selfeval.marks';
export const SETTINGS_IGNORED_KEY = 'selfeval.ignored';

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function markFormula(severity: Severity): string {
  return `=N("${MARK_TAG}:${severity}")=0`;
}

// The whole rule must be ours, not merely mention the tag: a user's =ISNUMBER(SEARCH("selfeval:",A1)) stays
// theirs. Case, spacing and the leading "=" are tolerated in case Excel hands the formula back normalised.
const OWN_MARK_FORMULA = new RegExp(`^\\s*=?\\s*N\\(\\s*"${MARK_TAG}:(error|warning|info)"\\s*\\)\\s*=\\s*0\\s*$`, 'i');

/** True for a Custom conditional format rule the add-in wrote (any severity). */
export function isOwnMarkFormula(formula: unknown): boolean {
  return typeof formula === 'string' && OWN_MARK_FORMULA.test(formula);
}

/** True for a note the add-in wrote. A note the user rewrote without our prefix is theirs now. */
export function isOwnNote(content: unknown): boolean {
  return typeof content === 'string' && content.startsWith(NOTE_PREFIX);
}

export interface PlannedMark {
  sheet: string;
  /** Normalised A1 ("B7"). */
  address: string;
  severity: Severity;
  /** Distinct messages of the findings on this cell, most severe first. */
  messages: string[];
}

/** Uppercase A1 without $; null when not a single-cell A1 address inside Excel's grid. */
export function normalizeCellAddress(cell: unknown): string | null {
  const p = parseA1(cell);
  return p ? a1(p.row, p.col) : null;
}

/**
 * One mark per (sheet, cell) with the highest severity among its findings. Findings with no usable
 * sheet or address are skipped (the engine already reports them in the pane).
 */
export function planMarks(findings: readonly Finding[]): PlannedMark[] {
  const byCell = new Map<string, PlannedMark & { ranked: { rank: number; message: string }[] }>();
  for (const f of findings ?? []) {
    if (!f || typeof f.sheet !== 'string' || f.sheet === '') continue;
    const address = normalizeCellAddress(f.cell);
    if (!address) continue;
    const severity: Severity = SEVERITIES.includes(f.severity) ? f.severity : 'info';
    const key = `${f.sheet}\u0000${address}`;
    let mark = byCell.get(key);
    if (!mark) {
      mark = { sheet: f.sheet, address, severity, messages: [], ranked: [] };
      byCell.set(key, mark);
    }
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[mark.severity]) mark.severity = severity;
    const message = typeof f.message === 'string' ? f.message.trim() : '';
    if (message && !mark.ranked.some((r) => r.message === message)) {
      mark.ranked.push({ rank: SEVERITY_RANK[severity], message });
    }
  }
  return [...byCell.values()].map(({ ranked, ...mark }) => ({
    ...mark,
    messages: ranked.sort((a, b) => b.rank - a.rank).map((r) => r.message),
  }));
}

/** The note text for a mark. Starts with the prefix, so it is never read as a formula. */
export function noteText(mark: PlannedMark): string {
  const body = mark.messages.join('\n');
  const text = `${NOTE_PREFIX}${body}`;
  return text.length > NOTE_MAX_CHARS ? `${text.slice(0, NOTE_MAX_CHARS - 1)}…` : text;
}

// ---- Registry kept in the document settings ------------------------------------------------------

export interface RegistryMark {
  address: string;
  severity: Severity;
  /** The note text we wrote on this cell, if any (kept so a failed re-apply can restore it). */
  note?: string;
}

export interface MarkRegistry {
  v: 1;
  /** sheet → marks the add-in added there. */
  marks: Record<string, RegistryMark[]>;
  /**
   * Sheet names present when the registry was last written. A sheet not in this list (copied or
   * renamed since) may carry marks the registry does not know about, so it gets scanned.
   */
  known: string[];
}

export function emptyRegistry(): MarkRegistry {
  return { v: 1, marks: {}, known: [] };
}

/** Reads a registry from a settings value; anything malformed yields null (then every sheet is scanned). */
export function parseRegistry(raw: unknown): MarkRegistry | null {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const obj = value as { v?: unknown; marks?: unknown; known?: unknown };
  if (obj.v !== 1 || !obj.marks || typeof obj.marks !== 'object' || !Array.isArray(obj.known)) return null;
  const marks: Record<string, RegistryMark[]> = {};
  for (const [sheet, list] of Object.entries(obj.marks as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const clean: RegistryMark[] = [];
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const { address, severity, note } = item as { address?: unknown; severity?: unknown; note?: unknown };
      const a = normalizeCellAddress(address);
      if (!a || !SEVERITIES.includes(severity as Severity)) continue;
      const entry: RegistryMark = { address: a, severity: severity as Severity };
      if (typeof note === 'string') entry.note = note;
      clean.push(entry);
    }
    if (clean.length) marks[sheet] = clean;
  }
  const known = obj.known.filter((s): s is string => typeof s === 'string');
  return { v: 1, marks, known };
}

export function registryFromPlan(planned: readonly PlannedMark[], notesWritten: ReadonlyMap<string, string>, known: string[]): MarkRegistry {
  const marks: Record<string, RegistryMark[]> = {};
  for (const m of planned) {
    const entry: RegistryMark = { address: m.address, severity: m.severity };
    const note = notesWritten.get(`${m.sheet}\u0000${m.address}`);
    if (note !== undefined) entry.note = note;
    (marks[m.sheet] ??= []).push(entry);
  }
  return { v: 1, marks, known: [...known] };
}

/** The marks a registry describes, as a plan (used to restore them after a failed re-apply). */
export function planFromRegistry(registry: MarkRegistry): { planned: PlannedMark[]; notes: Map<string, string> } {
  const planned: PlannedMark[] = [];
  const notes = new Map<string, string>();
  for (const [sheet, list] of Object.entries(registry.marks)) {
    for (const m of list) {
      planned.push({ sheet, address: m.address, severity: m.severity, messages: [] });
      if (m.note !== undefined) notes.set(`${sheet}\u0000${m.address}`, m.note);
    }
  }
  return { planned, notes };
}
