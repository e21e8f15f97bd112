import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Button, Caption, Pill } from './bits';
import type { Finding, Severity } from '../../engine/types';
import type { IgnoredItem, PaneState, TaskpaneController } from '../controller';
import { groupBySeverity, type PlannedFix } from '../findings';
import { SEVERITY_LABEL, cellRef, pairText, problemLines } from '../format';
import { partsNotInMessage } from '../../present';
import { srOnly } from '../srOnly';

export const BADGE_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

const useStyles = makeStyles({
  severity: { margin: '10px 0 4px', fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '4px' },
  item: {
    position: 'relative',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: { display: 'flex', alignItems: 'flex-start' },
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
    padding: '6px 8px',
    cursor: 'pointer',
    font: 'inherit',
    color: 'inherit',
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  top: { display: 'flex', alignItems: 'center', columnGap: '6px', marginBottom: '2px', minHeight: '24px' },
  // Leaves room for 改正/忽略, which sit on the badge line.
  topRoom: { paddingRight: '96px' },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  message: { display: 'block', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontSize: '13px', lineHeight: '18px' },
  values: { display: 'block', marginTop: '2px', color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  side: { position: 'absolute', top: '4px', right: '4px', display: 'flex', columnGap: '4px' },
  small: { minWidth: 'auto' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '6px',
    padding: '8px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  panelActions: { display: 'flex', columnGap: '6px', flexWrap: 'wrap', rowGap: '6px' },
  input: {
    font: 'inherit',
    padding: '4px 6px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    width: '100%',
    boxSizing: 'border-box',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  error: { color: tokens.colorPaletteRedForeground1 },
  ignoredToggle: { marginTop: '12px', paddingLeft: 0 },
  ignoredItem: {
    padding: '6px 8px',
    border: `1px dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
  reason: { display: 'block', marginTop: '2px', overflowWrap: 'anywhere' },
  footer: { display: 'flex', columnGap: '6px', rowGap: '6px', flexWrap: 'wrap', marginTop: '12px' },
  copied: { width: '100%', minHeight: '120px', font: 'inherit', fontSize: tokens.fontSizeBase200, marginTop: '6px', boxSizing: 'border-box' },
});

/** The figures under a finding in the shared words: 应为 … · 填报 … (填报 is what the cell holds), 标注 … · 合计 …. */
function Values({ finding }: { finding: Finding }) {
  const s = useStyles();
  // Only the figures the message does not already state: a line never says a number twice.
  const parts = partsNotInMessage(finding);
  if (parts.length === 0) return null;
  return <Caption className={s.values}>{pairText(parts, ' · ')}</Caption>;
}

type Panel = { kind: 'ignore' } | { kind: 'formula'; formula: string; plan: PlannedFix } | null;

function FindingItem({
  finding,
  index,
  current,
  controller,
  canFix,
  focusSeq,
  busy,
}: {
  finding: Finding;
  index: number;
  current: boolean;
  controller: TaskpaneController;
  canFix: boolean;
  /** Non-zero when this item should take keyboard focus (after 忽略 moved it here). */
  focusSeq: number;
  busy: boolean;
}) {
  const s = useStyles();
  const ref = React.useRef<HTMLLIElement>(null);
  const mainRef = React.useRef<HTMLButtonElement>(null);
  const ignoreRef = React.useRef<HTMLButtonElement>(null);
  const [panel, setPanel] = React.useState<Panel>(null);
  const [reason, setReason] = React.useState('');
  const [problem, setProblem] = React.useState<string | null>(null);
  const reasonId = React.useId();
  React.useEffect(() => {
    if (current) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  React.useEffect(() => {
    if (focusSeq) mainRef.current?.focus();
  }, [focusSeq]);
  const where = cellRef(finding.sheet, finding.cell);
  const level = SEVERITY_LABEL[finding.severity];
  const plan = canFix ? controller.planOf(finding) : null;

  const onFix = async () => {
    const r = await controller.fix(finding.key);
    if (r.status === 'confirm') setPanel({ kind: 'formula', formula: r.formula, plan: r.plan });
  };
  const submitIgnore = async () => {
    const refused = await controller.ignore(finding.key, reason);
    setProblem(refused);
  };
  const closePanel = () => {
    setPanel(null);
    setProblem(null);
    ignoreRef.current?.focus();
  };

  return (
    <li ref={ref} className={mergeClasses(s.item, current && s.current)} aria-current={current ? 'true' : undefined} data-key={finding.key}>
      <div className={s.row}>
        <button ref={mainRef} type="button" className={s.main} onClick={() => void controller.goTo(index)} title={`定位到 ${where}`}>
          <span className={mergeClasses(s.top, s.topRoom)}>
            <Pill appearance="filled" color={BADGE_COLOR[finding.severity]} >
              {level}
            </Pill>
            <span className={s.cell}>
              <span style={srOnly}>{finding.sheet}!</span>
              {finding.cell}
            </span>
          </span>
          <span className={s.message}>{finding.message}</span>
          <Values finding={finding} />
        </button>
        <div className={s.side}>
          {plan && (
            <Button
              className={s.small}
              size="small"
              appearance="primary"
              disabled={busy}
              aria-label={`改正 ${where}：${plan.change}`}
              title={plan.change}
              onClick={() => void onFix()}
            >
              改正
            </Button>
          )}
          <Button
            ref={ignoreRef}
            className={s.small}
            size="small"
            appearance="subtle"
            aria-expanded={panel?.kind === 'ignore'}
            aria-label={`忽略 ${where} 的${level}`}
            onClick={() => {
              setPanel(panel?.kind === 'ignore' ? null : { kind: 'ignore' });
              setProblem(null);
            }}
          >
            忽略
          </Button>
        </div>
      </div>
      {panel?.kind === 'ignore' && (
        <form
          className={s.panel}
          onSubmit={(e) => {
            e.preventDefault();
            void submitIgnore();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') closePanel();
          }}
        >
          <label htmlFor={reasonId}>
            <Caption>忽略理由{finding.severity === 'error' ? '（必填，审核人员会看到）' : '（选填，审核人员会看到）'}</Caption>
          </label>
          <input
            id={reasonId}
            className={s.input}
            value={reason}
            maxLength={200}
            autoFocus
            placeholder="例如：已与财政局确认按原口径填报"
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {problem && (
            <Caption className={s.error} role="alert">
              {problem}
            </Caption>
          )}
          <div className={s.panelActions}>
            <Button size="small" appearance="primary" type="submit">
              确定忽略
            </Button>
            <Button size="small" type="button" onClick={closePanel}>
              取消
            </Button>
          </div>
        </form>
      )}
      {panel?.kind === 'formula' && (
        <div className={s.panel} role="group" aria-label={`${where} 含有公式`} onKeyDown={(e) => e.key === 'Escape' && closePanel()}>
          <Caption>
            {where} 含有公式 <span className={s.code}>{panel.formula}</span>。改正会用计算结果替换这个公式（{panel.plan.change}）。
          </Caption>
          <div className={s.panelActions}>
            <Button
              size="small"
              appearance="primary"
              autoFocus
              disabled={busy}
              onClick={() => {
                setPanel(null);
                void controller.fix(finding.key, panel.formula);
              }}
            >
              替换公式并改正
            </Button>
            <Button size="small" onClick={closePanel}>
              取消
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

function IgnoredGroup({ items, controller }: { items: IgnoredItem[]; controller: TaskpaneController }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  const id = React.useId();
  if (items.length === 0) return null;
  return (
    <section aria-label={`已忽略 ${items.length} 项`}>
      <Button
        className={s.ignoredToggle}
        appearance="transparent"
        size="small"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'} 已忽略（{items.length}）
      </Button>
      {open && (
        <ul id={id} className={s.list}>
          {items.map(({ finding, reason }) => (
            <li key={finding.key} className={s.ignoredItem} data-key={finding.key}>
              <span className={s.top}>
                <Pill appearance="outline" color={BADGE_COLOR[finding.severity]} >
                  {SEVERITY_LABEL[finding.severity]}
                </Pill>
                <span className={s.cell}>{cellRef(finding.sheet, finding.cell)}</span>
                <Button
                  size="small"
                  appearance="transparent"
                  className={s.small}
                  aria-label={`恢复 ${cellRef(finding.sheet, finding.cell)} 的${SEVERITY_LABEL[finding.severity]}`}
                  onClick={() => void controller.unignore(finding.key)}
                >
                  恢复
                </Button>
              </span>
              <span className={s.message}>{finding.message}</span>
              <Caption className={s.reason}>忽略理由：{reason.trim() || '（未填写）'}</Caption>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 导出问题清单 / 复制 under the list. */
function ListActions({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  const [manual, setManual] = React.useState<string | null>(null);
  const total = state.findings.length + state.ignored.length;
  if (total === 0) return null;
  return (
    <div>
      <div className={s.footer}>
        <Button size="small" disabled={state.busy !== null} onClick={() => void controller.exportList()}>
          导出问题清单
        </Button>
        <Button
          size="small"
          disabled={state.busy !== null}
          aria-label="复制问题清单"
          onClick={async () => setManual((await controller.copyList()) ? null : controller.listText())}
        >
          复制
        </Button>
      </div>
      {manual !== null && <textarea className={s.copied} readOnly value={manual} aria-label="问题清单文字" />}
    </div>
  );
}

export function FindingsList({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  const shown = React.useMemo(
    () => (state.filter === 'all' ? state.findings : state.findings.filter((f) => f.severity === state.filter)),
    [state.findings, state.filter],
  );
  const groups = React.useMemo(() => {
    const indexOf = new Map(state.findings.map((f, i) => [f.key, i]));
    return groupBySeverity(shown).map((g) => ({ ...g, items: g.items.map((x) => ({ ...x, index: indexOf.get(x.finding.key)! })) }));
  }, [shown, state.findings]);
  const canFix = controller.canFix();
  const headingRef = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    // 忽略 left nothing on that sheet: keep focus in the list instead of losing it to <body>.
    if (state.focus.seq && state.focus.key === null) headingRef.current?.focus();
  }, [state.focus]);
  return (
    <div>
      <div ref={headingRef} tabIndex={-1} style={srOnly}>
        问题列表
      </div>
      {shown.length === 0 && (
        <Caption>{state.findings.length === 0 ? (state.report && problemLines(state.report).length ? '已检查的部分没有需要处理的问题，但检查未完整（见上方说明）。' : '没有需要处理的问题。') : `没有${state.filter === 'all' ? '' : SEVERITY_LABEL[state.filter]}。`}</Caption>
      )}
      {groups.map((g) => (
        <section key={g.severity} aria-label={`${SEVERITY_LABEL[g.severity]} ${g.items.length} 项`}>
          <h2 className={s.severity}>
            {SEVERITY_LABEL[g.severity]}（{g.items.length}）
          </h2>
          <ul className={s.list}>
            {g.items.map(({ finding, index }) => (
              <FindingItem
                key={finding.key}
                finding={finding}
                index={index}
                current={index === state.current}
                controller={controller}
                canFix={canFix}
                focusSeq={state.focus.key === finding.key ? state.focus.seq : 0}
                busy={state.busy !== null || state.status === 'running'}
              />
            ))}
          </ul>
        </section>
      ))}
      <IgnoredGroup items={state.ignored} controller={controller} />
      <ListActions state={state} controller={controller} />
    </div>
  );
}
