// Host facts for 复制诊断信息: which Office, which platform, which API sets. Nothing from the workbook.
const PROBED_SETS = ['1.7', '1.9', '1.12', '1.13', '1.18', '1.20'];

export function officeHostInfo(): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  try {
    const ctx = Office.context;
    info.host = ctx?.diagnostics?.host ?? null;
    info.platform = ctx?.diagnostics?.platform ?? null;
    info.version = ctx?.diagnostics?.version ?? null;
    info.displayLanguage = ctx?.displayLanguage ?? null;
    const sets: Record<string, boolean> = {};
    for (const v of PROBED_SETS) sets[`ExcelApi ${v}`] = ctx?.requirements?.isSetSupported('ExcelApi', v) ?? false;
    info.requirementSets = sets;
  } catch (e) {
    info.officeUnavailable = e instanceof Error ? e.message : String(e);
  }
  info.userAgent = typeof navigator !== 'undefined' ? navigator.userAgent : null;
  return info;
}

/** Host facts for 复制诊断信息 inside WPS 表格: version and build, the webview, and features it may lack. */
export function wpsHostInfo(app: { Version?: unknown; Build?: unknown }): Record<string, unknown> {
  const info: Record<string, unknown> = { host: 'WPS 表格' };
  try {
    info.version = app.Version ?? null;
    info.build = app.Build ?? null;
  } catch (e) {
    info.wpsUnavailable = e instanceof Error ? e.message : String(e);
  }
  info.userAgent = typeof navigator !== 'undefined' ? navigator.userAgent : null;
  // Older WPS builds embed Chromium < 92 (no crypto.randomUUID): worth knowing when something fails.
  info.features = {
    randomUUID: typeof crypto !== 'undefined' && typeof (crypto as { randomUUID?: unknown }).randomUUID === 'function',
    localStorage: (() => {
      try {
        return typeof localStorage !== 'undefined';
      } catch {
        return false;
      }
    })(),
  };
  return info;
}
