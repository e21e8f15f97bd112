import * as React from 'react';
import { Badge, Button, Caption1, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Finding, Severity } from '../../engine/types';
import type { PaneState, TaskpaneController } from '../controller';
import { groupFindings } from '../controller';
import { SEVERITY_LABEL, cellRef } from '../format';
import { srOnly } from '../srOnly';

const BADGE_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

const useStyles = makeStyles({
  nav: { display: 'flex', alignItems: 'center', columnGap: '6px', flexWrap: 'wrap', rowGap: '6px' },
  position: { marginLeft: 'auto', color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
  ignoredRow: { display: 'flex', alignItems: 'center', columnGap: '8px', color: tokens.colorNeutralForeground3 },
  sheet: { margin: '12px 0 4px', fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  severity: { margin: '8px 0 4px', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, fontWeight: 'normal' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '6px' },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    columnGap: '4px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  current: {
    border: `2px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  main: {
    flexGrow: 1,
    minWidth: 0,
    textAlign: 'left',
    background: 'none',
    border: 'none',
    padding: '8px',
    cursor: 'pointer',
    font: 'inherit',
    color: 'inherit',
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  top: { display: 'flex', alignItems: 'center', columnGap: '6px', marginBottom: '4px' },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  message: { display: 'block', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  values: { display: 'block', marginTop: '4px', color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  ignore: { flexShrink: 0, margin: '4px', minWidth: 'auto' },
});

function FindingItem({
  finding,
  index,
  current,
  controller,
}: {
  finding: Finding;
  index: number;
  current: boolean;
  controller: TaskpaneController;
}) {
  const s = useStyles();
  const ref = React.useRef<HTMLLIElement>(null);
  React.useEffect(() => {
    if (current) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  const where = cellRef(finding.sheet, finding.cell);
  return (
    <li ref={ref} className={mergeClasses(s.item, current && s.current)} aria-current={current ? 'true' : undefined}>
      <button type="button" className={s.main} onClick={() => void controller.goTo(index)} title={`定位到 ${where}`}>
        <span className={s.top}>
          <Badge appearance="filled" color={BADGE_COLOR[finding.severity]} size="small">
            {SEVERITY_LABEL[finding.severity]}
          </Badge>
          <span className={s.cell}>
            <span style={srOnly}>{finding.sheet}!</span>
            {finding.cell}
          </span>
        </span>
        <Text className={s.message} size={300}>
          {finding.message}
        </Text>
        {(finding.expected !== undefined || finding.found !== undefined) && (
          <Caption1 className={s.values}>
            {finding.expected !== undefined && <>应为 {finding.expected}</>}
            {finding.expected !== undefined && finding.found !== undefined && ' · '}
            {finding.found !== undefined && <>填报 {finding.found}</>}
          </Caption1>
        )}
      </button>
      <Button
        className={s.ignore}
        size="small"
        appearance="subtle"
        aria-label={`忽略 ${where} 的${SEVERITY_LABEL[finding.severity]}`}
        onClick={() => void controller.ignore(finding.key)}
      >
        忽略
      </Button>
    </li>
  );
}

export function FindingsList({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  const groups = React.useMemo(() => groupFindings(state.findings), [state.findings]);
  const n = state.findings.length;
  return (
    <div>
      <div className={s.nav}>
        <Button size="small" disabled={n === 0} onClick={() => void controller.previous()} aria-label="上一个问题">
          上一个
        </Button>
        <Button size="small" disabled={n === 0} onClick={() => void controller.next()} aria-label="下一个问题">
          下一个
        </Button>
        <Caption1 className={s.position} aria-live="polite">
          {n === 0 ? '没有问题' : state.current >= 0 ? `第 ${state.current + 1} / ${n} 项` : `共 ${n} 项`}
        </Caption1>
      </div>
      {(state.hiddenCount > 0 || state.ignoredKeys.length > 0) && (
        <div className={s.ignoredRow}>
          <Caption1>已忽略 {state.hiddenCount} 项</Caption1>
          <Button
            size="small"
            appearance="transparent"
            onClick={() => void controller.resetIgnored()}
            aria-label={`重置忽略，恢复显示 ${state.hiddenCount} 项已忽略的问题`}
          >
            重置忽略
          </Button>
        </div>
      )}
      {groups.map((g) => {
        const total = g.severities.reduce((a, x) => a + x.items.length, 0);
        return (
          <section key={g.sheet} aria-label={`工作表 ${g.sheet}，${total} 项`}>
            <h3 className={s.sheet}>
              {g.sheet}（{total}）
            </h3>
            {g.severities.map((sev) => (
              <div key={sev.severity}>
                <h4 className={s.severity}>
                  {SEVERITY_LABEL[sev.severity]} {sev.items.length}
                </h4>
                <ul className={s.list}>
                  {sev.items.map(({ finding, index }) => (
                    <FindingItem
                      key={finding.key}
                      finding={finding}
                      index={index}
                      current={index === state.current}
                      controller={controller}
                    />
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}
