// A report the product's own templates wrote (templates/render.ts), as a ReportSnapshot: the same shape a
// .docx gives, so a generated report can be checked like any other (and the property tests can run).
import type { RenderedText } from '../templates';
import type { ReportParagraph, ReportSnapshot } from './types';

export function snapshotFromRendered(rendered: RenderedText, fileName?: string): ReportSnapshot {
  const paragraphs: ReportParagraph[] = [];
  if (rendered.title) paragraphs.push({ number: 1, text: rendered.title, headingLevel: 0 });
  for (const p of rendered.paragraphs) {
    const text = p.text.trim();
    if (!text) continue;
    const para: ReportParagraph = { number: paragraphs.length + 1, text };
    if (p.kind === 'heading') para.headingLevel = p.level ?? 1;
    paragraphs.push(para);
  }
  return { fileName, paragraphs, tables: [] };
}
