// review.json: what the next round needs of this review (units, their forms, their problems by key).
import { formIdentity } from './assemble';
import type { PreviousReview, ReviewResult } from './types';

export function reviewState(result: ReviewResult): PreviousReview {
  return {
    format: 'selfeval-review',
    version: 1,
    date: result.meta.date,
    policyName: result.meta.policyName,
    units: result.units.map((u) => ({
      name: u.name,
      forms: [...new Set(u.forms.map((r) => formIdentity({ kind: r.kind, projectName: r.projectName, sheet: r.sheet })))],
      findings: u.findings.map((f) => ({ key: f.key, severity: f.severity, sheet: f.sheet, cell: f.cell, message: f.message, formLabel: f.formLabel })),
    })),
  };
}

/** Reads review.json text back; a Chinese reason when it is not one of ours. */
export function parseReviewState(text: string): { ok: true; state: PreviousReview } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, message: 'review.json 不是有效的 JSON，可能已被改动或损坏' };
  }
  const d = data as Partial<PreviousReview> | null;
  if (!d || typeof d !== 'object' || d.format !== 'selfeval-review' || d.version !== 1 || !Array.isArray(d.units)) {
    return { ok: false, message: 'review.json 不是 selfeval review 写出的文件（或版本不符）' };
  }
  for (const u of d.units) {
    if (!u || typeof u.name !== 'string' || !Array.isArray(u.findings) || !Array.isArray(u.forms)) {
      return { ok: false, message: 'review.json 的内容不完整，无法与上一轮比较' };
    }
    for (const f of u.findings) if (!f || typeof f.key !== 'string') return { ok: false, message: 'review.json 的内容不完整，无法与上一轮比较' };
  }
  return { ok: true, state: d as PreviousReview };
}
