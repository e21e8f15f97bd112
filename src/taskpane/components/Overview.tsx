// The 概览 tab: forms with problems expanded (their comparison table and chart load on first show),
// clean forms folded to one line each, so a 30-form workbook shows its failing form at once.
import * as React from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { Button, Caption, Busy } from './bits';
import type { FormReport, Report, Severity } from '../../engine/types';
import { KIND_LABEL, SEVERITY_LABEL, fixed2 } from '../format';

const FormCard = React.lazy(() => import(/* webpackChunkName: "formcard" */ './FormCard').then((m) => ({ default: m.FormCard })));

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '8px' },
  folded: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '6px',
    padding: '4px 8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  foldedText: { flexGrow: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  small: { minWidth: 'auto', flexShrink: 0 },
});

const NONE: Record<Severity, number> = { error: 0, warning: 0, info: 0 };

function formName(form: FormReport): string {
  return form.projectName?.trim() || form.unit?.trim() || form.sheet;
}

function Folded({ form, index, onOpen, incomplete }: { form: FormReport; index: number; onOpen: (i: number) => void; incomplete: boolean }) {
  const s = useStyles();
  const total = form.total ? ` · 总分 ${fixed2(form.total.recomputed)}` : '';
  const text = `${KIND_LABEL[form.kind]} · ${formName(form)}${total} · ${incomplete ? '已检查部分无问题（检查未完整）' : '无问题'}`;
  return (
    <div className={s.folded} role="group" aria-label={text} title={`${form.sheet}（${form.range}）`}>
      <span className={s.ok} aria-hidden="true">
        {incomplete ? '·' : '✓'}
      </span>
      <Caption className={s.foldedText}>{text}</Caption>
      <Button className={s.small} size="small" appearance="subtle" aria-label={`展开 ${formName(form)}`} onClick={() => onOpen(index)}>
        展开
      </Button>
    </div>
  );
}

/** `incomplete`: a rule or sheet was not checked (shown above), so no form is called clean. */
export function Overview({ report, formCounts, incomplete = false }: { report: Report; formCounts: Map<number, Record<Severity, number>>; incomplete?: boolean }) {
  const s = useStyles();
  const [opened, setOpened] = React.useState<Set<number>>(() => new Set());
  const withProblems = report.forms.filter((_, i) => {
    const c = formCounts.get(i);
    return c !== undefined && c.error + c.warning + c.info > 0;
  }).length;
  if (report.forms.length === 0) return <p className={s.muted}>没有可汇总的表格。</p>;
  const open = (i: number) => setOpened((prev) => new Set(prev).add(i));
  const problemWords = (['error', 'warning', 'info'] as const)
    .map((k) => [k, report.forms.filter((_, i) => (formCounts.get(i)?.[k] ?? 0) > 0).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} 张有${SEVERITY_LABEL[k]}`)
    .join('，');
  return (
    <div className={s.root}>
      <Caption className={s.muted}>
        共 {report.forms.length} 张表{withProblems ? `：${problemWords}` : incomplete ? '' : '，都没有发现问题'}
        {withProblems && report.forms.length > withProblems ? `；${report.forms.length - withProblems} 张${incomplete ? '已检查部分' : ''}无问题，已折叠` : ''}
        {incomplete ? '；检查未完整，见上方说明' : ''}
      </Caption>
      <React.Suspense fallback={<Busy label="正在加载…" />}>
        {report.forms.map((form, i) => {
          const counts = formCounts.get(i) ?? NONE;
          const clean = counts.error + counts.warning + counts.info === 0;
          const key = `${form.sheet}-${form.range}`;
          return clean && !opened.has(i) ? (
            <Folded key={key} form={form} index={i} onOpen={open} incomplete={incomplete} />
          ) : (
            <FormCard key={key} form={form} index={i} counts={counts} />
          );
        })}
      </React.Suspense>
    </div>
  );
}
