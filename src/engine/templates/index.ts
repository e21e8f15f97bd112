// Narrative templates: 自评报告 text filled from a checked workbook's Report (docs/templates.md).
export {
  renderTemplate,
  listTemplates,
  renderedToText,
  startsLikeFormula,
  isTemplateName,
  type RenderedText,
  type RenderedParagraph,
  type RenderOptions,
  type TemplateChoice,
  type TemplateFormChoice,
} from './render';
export { TEMPLATES, TEMPLATE_ORDER, type TemplateName } from './catalog';
