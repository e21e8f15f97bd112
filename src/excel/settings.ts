// What the add-in keeps in the document (Office.context.document.settings, saved with the file): the
// mark registry and the clerk's 忽略 entries with their reasons, so a reviewer opening the workbook
// with the add-in sees what was ignored and why.
import type { IgnoreEntry } from './types';
import type { OfficeApi } from './office-api';
import { GatewayError, MESSAGES, toGatewayError } from './errors';
import { SETTINGS_IGNORED_KEY, SETTINGS_MARKS_KEY, parseRegistry, type MarkRegistry } from './marks';
import type { Session } from './session';

/** Entries with reasons (v2). The old key keeps the bare key list so earlier versions still read it. */
export const SETTINGS_IGNORE_ENTRIES_KEY = 'selfeval.ignoreEntries';
/** Longest reason kept: a short note, not a report. */
export const MAX_REASON_CHARS = 500;

export function settingsSave(api: OfficeApi): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      api.Office.context.document.settings.saveAsync((result) => {
        if (result && result.status === 'failed') reject(new GatewayError('api', MESSAGES.settings, { cause: result.error }));
        else resolve();
      });
    } catch (e) {
      reject(new GatewayError('api', MESSAGES.settings, { cause: e }));
    }
  });
}

function parseJsonish(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** Entries from the stored value; malformed items are dropped, the last entry of a key wins. */
export function parseIgnoreEntries(rawEntries: unknown, rawKeys: unknown): IgnoreEntry[] {
  const byKey = new Map<string, IgnoreEntry>();
  const keys = parseJsonish(rawKeys);
  // Old documents: a bare key list (reason unknown, shown as '').
  if (Array.isArray(keys)) for (const k of keys) if (typeof k === 'string' && k !== '') byKey.set(k, { key: k, reason: '' });
  const value = parseJsonish(rawEntries);
  const list = value && typeof value === 'object' && Array.isArray((value as { entries?: unknown }).entries) ? (value as { entries: unknown[] }).entries : [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const { key, reason, at } = item as { key?: unknown; reason?: unknown; at?: unknown };
    if (typeof key !== 'string' || key === '') continue;
    const entry: IgnoreEntry = { key, reason: typeof reason === 'string' ? reason.slice(0, MAX_REASON_CHARS) : '' };
    if (typeof at === 'string' && at !== '') entry.at = at;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

function cleanEntries(entries: readonly IgnoreEntry[]): IgnoreEntry[] {
  const byKey = new Map<string, IgnoreEntry>();
  for (const e of Array.isArray(entries) ? entries : []) {
    if (!e || typeof e.key !== 'string' || e.key === '') continue;
    const entry: IgnoreEntry = { key: e.key, reason: typeof e.reason === 'string' ? e.reason.trim().slice(0, MAX_REASON_CHARS) : '' };
    if (typeof e.at === 'string' && e.at !== '') entry.at = e.at;
    byKey.set(e.key, entry);
  }
  return [...byKey.values()];
}

export interface DocumentSettings {
  readRegistry(): MarkRegistry | null;
  writeRegistry(registry: MarkRegistry): Promise<void>;
  loadIgnoreEntries(): Promise<IgnoreEntry[]>;
  saveIgnoreEntries(entries: IgnoreEntry[]): Promise<void>;
  loadIgnored(): Promise<string[]>;
  saveIgnored(keys: string[]): Promise<void>;
}

export function createDocumentSettings(session: Session): DocumentSettings {
  function readRegistry(): MarkRegistry | null {
    try {
      return parseRegistry(session.need().Office.context.document.settings.get(SETTINGS_MARKS_KEY));
    } catch {
      return null;
    }
  }

  async function writeRegistry(registry: MarkRegistry): Promise<void> {
    const api = session.need();
    if (JSON.stringify(readRegistry()) === JSON.stringify(registry)) return;
    api.Office.context.document.settings.set(SETTINGS_MARKS_KEY, registry);
    // The in-memory settings already steer this session; if persisting fails, the tag scan on
    // unknown sheets still finds our formats next time, so this is not worth failing the marks for.
    await settingsSave(api).catch(() => undefined);
  }

  async function loadIgnoreEntries(): Promise<IgnoreEntry[]> {
    const settings = session.need().Office.context.document.settings;
    try {
      return parseIgnoreEntries(settings.get(SETTINGS_IGNORE_ENTRIES_KEY), settings.get(SETTINGS_IGNORED_KEY));
    } catch (e) {
      throw toGatewayError(e);
    }
  }

  async function saveIgnoreEntries(entries: IgnoreEntry[]): Promise<void> {
    const api = session.need();
    const clean = cleanEntries(entries);
    try {
      api.Office.context.document.settings.set(SETTINGS_IGNORE_ENTRIES_KEY, { v: 2, entries: clean });
      api.Office.context.document.settings.set(SETTINGS_IGNORED_KEY, clean.map((e) => e.key));
    } catch (e) {
      throw new GatewayError('api', MESSAGES.settings, { cause: e });
    }
    await settingsSave(api);
  }

  async function loadIgnored(): Promise<string[]> {
    return (await loadIgnoreEntries()).map((e) => e.key);
  }

  async function saveIgnored(keys: string[]): Promise<void> {
    // Keeps the reasons of keys still ignored.
    const known = new Map((await loadIgnoreEntries()).map((e) => [e.key, e] as const));
    const list = [...new Set((keys ?? []).filter((k): k is string => typeof k === 'string' && k !== ''))];
    await saveIgnoreEntries(list.map((key) => known.get(key) ?? { key, reason: '' }));
  }

  return { readRegistry, writeRegistry, loadIgnoreEntries, saveIgnoreEntries, loadIgnored, saveIgnored };
}
