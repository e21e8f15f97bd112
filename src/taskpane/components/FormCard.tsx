import * as React from 'react';
import { Badge, Caption1, Card, Subtitle2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { BlockSummary, FormReport, Severity } from '../../engine/types';
import { KIND_LABEL, SEVERITY_LABEL, barPercent, differs, fixed2, maxOf, percent, plain } from '../format';
import { srOnly } from '../srOnly';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '12px' },
  head: { display: 'flex', alignItems: 'center', columnGap: '6px', flexWrap: 'wrap' },
  name: { overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere', margin: 0, padding: 0, listStyleType: 'none' },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, tableLayout: 'fixed' },
  th: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground3,
    padding: '4px 6px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  td: { padding: '4px 6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, overflowWrap: 'anywhere' },
  diffRow: { backgroundColor: tokens.colorPaletteRedBackground1 },
  diffValue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  chartTitle: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  chart: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '8px' },
  blockLabel: { fontSize: tokens.fontSizeBase200, display: 'flex', justifyContent: 'space-between', columnGap: '8px' },
  barRow: { display: 'grid', gridTemplateColumns: '28px 1fr 44px', alignItems: 'center', columnGap: '6px' },
  barKey: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
  track: { height: '8px', backgroundColor: tokens.colorNeutralBackground3, borderRadius: '4px', overflow: 'hidden' },
  barDeclared: { height: '100%', backgroundColor: tokens.colorNeutralForeground3, borderRadius: '4px' },
  barRecomputed: { height: '100%', backgroundColor: tokens.colorBrandBackground, borderRadius: '4px' },
  barValue: { fontSize: tokens.fontSizeBase200, textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  legend: { display: 'flex', columnGap: '12px', fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
  swatch: { display: 'inline-block', width: '10px', height: '8px', borderRadius: '2px', marginRight: '4px' },
});

interface Row {
  label: string;
  declared: string;
  recomputed: string;
  diff: boolean;
}

function summaryRows(form: FormReport): Row[] {
  const rows: Row[] = [];
  const ex = form.execution;
  if (ex) {
    rows.push({
      label: '执行率',
      declared: percent(ex.declaredRate),
      recomputed: percent(ex.rate),
      diff: differs(ex.declaredRate, ex.rate, true),
    });
    rows.push({
      label: ex.weight ? `执行率得分（${plain(ex.weight)}分）` : '执行率得分',
      declared: fixed2(ex.declaredScore),
      recomputed: fixed2(ex.score),
      diff: differs(ex.declaredScore, ex.score),
    });
  }
  if (form.total) {
    rows.push({
      label: '总分',
      declared: fixed2(form.total.declared),
      recomputed: fixed2(form.total.recomputed),
      diff: differs(form.total.declared, form.total.recomputed),
    });
  }
  if (form.grade) {
    const d = form.grade.declared?.trim() || '';
    rows.push({
      label: '等级',
      declared: d || '—',
      recomputed: form.grade.recomputed ?? '—',
      diff: d !== '' && form.grade.recomputed !== null && d !== form.grade.recomputed,
    });
  }
  const staffing = form.basic?.staffing;
  if (staffing) {
    rows.push({ label: '编制数', declared: staffing.authorised, recomputed: staffing.authorised, diff: false });
    rows.push({ label: '实际在职人数', declared: staffing.actual, recomputed: staffing.actual, diff: false });
    rows.push({
      label: '控制率',
      declared: percent(staffing.declaredRate),
      recomputed: percent(staffing.rate),
      diff: differs(staffing.declaredRate, staffing.rate, true),
    });
  }
  return rows;
}

function BlockChart({ blocks, formIndex }: { blocks: BlockSummary[]; formIndex: number }) {
  const s = useStyles();
  const max = maxOf(blocks.flatMap((b) => [b.declaredWeight, b.weightSum, b.declaredScore, b.recomputedScore]));
  const titleId = `blocks-title-${formIndex}`;
  return (
    <div>
      <div id={titleId} className={s.chartTitle}>
        各一级指标得分
      </div>
      <div className={s.legend} aria-hidden="true">
        <span>
          <span className={mergeClasses(s.barDeclared, s.swatch)} />
          填报
        </span>
        <span>
          <span className={mergeClasses(s.barRecomputed, s.swatch)} />
          复算
        </span>
      </div>
      <ul className={s.chart} aria-labelledby={titleId}>
        {blocks.map((b, i) => {
          const diff = differs(b.declaredScore, b.recomputedScore);
          const weight = b.declaredWeight ?? b.weightSum;
          // The 三级 分值 should add up to the 一级 weight; show the sum when they do not.
          const weightOff = b.declaredWeight !== null && differs(b.declaredWeight, b.weightSum);
          const weightText = `分值 ${plain(weight)}${weightOff ? `（三级合计 ${plain(b.weightSum)}）` : ''}`;
          const spoken = `${b.name}，${weightText}，填报 ${fixed2(b.declaredScore)}，复算 ${fixed2(b.recomputedScore)}${diff ? '，不一致' : ''}`;
          return (
            <li key={`${b.name}-${i}`} aria-label={spoken}>
              <div className={s.blockLabel} aria-hidden="true">
                <span>{b.name}</span>
                <span className={weightOff ? s.diffValue : undefined}>{weightText}</span>
              </div>
              <div className={s.barRow} aria-hidden="true">
                <span className={s.barKey}>填报</span>
                <div className={s.track}>
                  <div className={s.barDeclared} style={{ width: `${barPercent(b.declaredScore, max)}%` }} />
                </div>
                <span className={mergeClasses(s.barValue, diff && s.diffValue)}>{fixed2(b.declaredScore)}</span>
              </div>
              <div className={s.barRow} aria-hidden="true">
                <span className={s.barKey}>复算</span>
                <div className={s.track}>
                  <div className={s.barRecomputed} style={{ width: `${barPercent(b.recomputedScore, max)}%` }} />
                </div>
                <span className={s.barValue}>{fixed2(b.recomputedScore)}</span>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export interface FormCardProps {
  form: FormReport;
  index: number;
  counts: Record<Severity, number>;
}

export function FormCard({ form, index, counts }: FormCardProps) {
  const s = useStyles();
  const rows = summaryRows(form);
  const headingId = `form-${index}-title`;
  const issues = (['error', 'warning', 'info'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${SEVERITY_LABEL[k]} ${counts[k]}`)
    .join(' · ');
  return (
    <Card className={s.card} role="region" aria-labelledby={headingId}>
      <div className={s.head}>
        <Subtitle2 as="h3" id={headingId} className={s.name}>
          {KIND_LABEL[form.kind]}
        </Subtitle2>
        {form.framework === 'old' && (
          <Badge appearance="outline" color="warning">
            旧框架，未逐项评分
          </Badge>
        )}
      </div>
      <ul className={s.meta}>
        {form.projectName && (
          <li>
            <Caption1>项目：{form.projectName}</Caption1>
          </li>
        )}
        <li>
          <Caption1>
            工作表：{form.sheet}（{form.range}）
          </Caption1>
        </li>
        {form.unit && (
          <li>
            <Caption1>单位：{form.unit}</Caption1>
          </li>
        )}
        {form.year !== undefined && (
          <li>
            <Caption1>年度：{form.year}</Caption1>
          </li>
        )}
        <li>
          <Caption1>本表问题：{issues || '无'}</Caption1>
        </li>
      </ul>
      {rows.length > 0 && (
        <table className={s.table}>
          <caption style={srOnly}>填报值与复算值对比</caption>
          <thead>
            <tr>
              <th className={s.th} scope="col" style={{ width: '42%' }}>
                项目
              </th>
              <th className={mergeClasses(s.th, s.num)} scope="col">
                填报
              </th>
              <th className={mergeClasses(s.th, s.num)} scope="col">
                复算
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className={r.diff ? s.diffRow : undefined}>
                <th className={s.td} scope="row" style={{ fontWeight: 'normal', textAlign: 'left' }}>
                  {r.label}
                  {r.diff && <span style={srOnly}>（不一致）</span>}
                </th>
                <td className={mergeClasses(s.td, s.num, r.diff && s.diffValue)}>{r.declared}</td>
                <td className={mergeClasses(s.td, s.num)}>{r.recomputed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {form.blocks && form.blocks.length > 0 && <BlockChart blocks={form.blocks} formIndex={index} />}
    </Card>
  );
}
