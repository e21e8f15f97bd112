import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Button, Caption, Pill, Busy } from './components/bits';
import type { Severity } from '../engine/types';
import type { PaneState, SeverityFilter, TaskpaneController } from './controller';
import type { PlannedFix } from './findings';
import { usePaneState } from './useController';
import { copyText } from './clipboard';
import { FindingsList } from './components/FindingsList';
import { Notice, NoticeActions, NoticeBody, NoticeTitle, Tabs } from './components/Notice';
import { Overview } from './components/Overview';
import { TemplatesPane } from './components/TemplatesPane';
import { SEVERITY_LABEL, cellRef, problemLines } from './format';
import { srOnly } from './srOnly';

// Loaded when first opened: most clerks never change the settings.
const Settings = React.lazy(() => import(/* webpackChunkName: "settings" */ './components/Settings'));

export type PaneTab = 'list' | 'summary' | 'templates';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '8px',
    padding: '0 10px 12px',
    boxSizing: 'border-box',
    minWidth: 0,
    maxWidth: '100%',
  },
  // Header, tabs and the 上一个/下一个 bar stay in view while the list scrolls (the body in Excel, #pane in the preview).
  sticky: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    display: 'flex',
    flexDirection: 'column',
    rowGap: '6px',
    paddingTop: '8px',
    paddingBottom: '4px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  actions: { display: 'flex', columnGap: '6px', rowGap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  settingsButton: { marginLeft: 'auto', minWidth: 'auto' },
  counts: { display: 'flex', columnGap: '4px', rowGap: '4px', flexWrap: 'wrap', alignItems: 'center' },
  filter: { minWidth: 'auto', padding: '0 8px' },
  nav: { display: 'flex', alignItems: 'center', columnGap: '6px', flexWrap: 'wrap', rowGap: '4px' },
  position: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
  fixAll: { marginLeft: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  incomplete: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  steps: { margin: '4px 0 0', paddingLeft: '20px' },
  diag: { width: '100%', marginTop: '6px', minHeight: '120px', boxSizing: 'border-box', font: 'inherit' },
  wrap: { overflowWrap: 'anywhere' },
  tabs: { marginLeft: '-8px' },
  planList: { margin: '4px 0 0', paddingLeft: '18px', maxHeight: '180px', overflowY: 'auto' },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  padTop: { paddingTop: '8px' },
  notInExcelTitle: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

const COUNT_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

/** The counts, which are also the list's 错误/警告/提示 filters; 已忽略 N after them. */
function Counts({ state, onFilter }: { state: PaneState; onFilter: (f: SeverityFilter) => void }) {
  const s = useStyles();
  return (
    <div className={s.counts} role="group" aria-label="筛选问题">
      {(['error', 'warning', 'info'] as const).map((k) => {
        const pressed = state.filter === k;
        return (
          <Button
            key={k}
            className={s.filter}
            size="small"
            shape="circular"
            appearance={pressed ? 'primary' : 'outline'}
            aria-pressed={pressed}
            title={pressed ? '再点一次显示全部' : `只看${SEVERITY_LABEL[k]}`}
            onClick={() => onFilter(pressed ? 'all' : k)}
            icon={
              <Pill  appearance="filled" color={state.counts[k] > 0 ? COUNT_COLOR[k] : 'informative'} aria-hidden="true" />
            }
          >
            {SEVERITY_LABEL[k]} {state.counts[k]}
          </Button>
        );
      })}
      {state.hiddenCount > 0 && <Caption className={s.muted}>已忽略 {state.hiddenCount}</Caption>}
      {state.report && problemLines(state.report).length > 0 && <Caption className={s.incomplete}>检查未完整</Caption>}
    </div>
  );
}

/** What the pane looks for, shown when no form is recognised. */
function NoForm() {
  const s = useStyles();
  return (
    <Notice intent="info">
      <NoticeBody>
        <NoticeTitle>未找到绩效自评表</NoticeTitle>
        <div className={s.wrap}>
          本加载项查找以下三种表格：
          <ul className={s.steps}>
            <li>部门（单位）整体支出绩效自评表</li>
            <li>项目支出绩效自评表</li>
            <li>部门整体支出绩效评价基础数据表（基础数据表）</li>
          </ul>
          自评表需要有一行表头，依次包含“一级指标”“二级指标”“三级指标”“分值”“得分”；标题中含“绩效自评表”或“基础数据表”字样。
          请确认表格在当前工作簿中，且没有被合并成图片或放在隐藏的工作表里。
        </div>
      </NoticeBody>
    </Notice>
  );
}

function ErrorState({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  const [copied, setCopied] = React.useState<'idle' | 'ok' | 'failed'>('idle');
  const [text, setText] = React.useState('');
  const onCopy = async () => {
    const json = controller.diagnostic();
    setText(json);
    setCopied((await copyText(json)) ? 'ok' : 'failed');
  };
  return (
    <Notice intent="error">
      <NoticeBody>
        <NoticeTitle>检查未完成</NoticeTitle>
        <div className={s.wrap}>{state.error?.message}</div>
        {copied === 'ok' && <div role="status">诊断信息已复制，可粘贴给技术支持。其中不含单元格内容。</div>}
        {copied === 'failed' && (
          <>
            <div role="status">无法自动复制，请手动全选并复制下面的诊断信息：</div>
            <textarea className={s.diag} readOnly value={text} aria-label="诊断信息" />
          </>
        )}
      </NoticeBody>
      <NoticeActions>
        <Button size="small" onClick={() => void controller.check()}>
          重试
        </Button>
        <Button size="small" onClick={() => void onCopy()}>
          复制诊断信息
        </Button>
      </NoticeActions>
    </Notice>
  );
}

export interface AppProps {
  controller: TaskpaneController;
  /** The tab before the first check; afterwards a check with errors opens 问题, one without opens 概览. */
  initialTab?: PaneTab;
}

/** 全部改正: the changes, listed, and a yes. */
function FixAllPanel({ plans, controller, onClose }: { plans: PlannedFix[]; controller: TaskpaneController; onClose: () => void }) {
  const s = useStyles();
  const formulas = plans.filter((p) => p.formula);
  return (
    <Notice intent="info">
      <NoticeBody>
        <NoticeTitle>全部改正：将改写 {plans.length} 个单元格</NoticeTitle>
        <ol className={s.planList}>
          {plans.map((p) => (
            <li key={`${p.sheet}!${p.cell}`}>
              {cellRef(p.sheet, p.cell)}：{p.change}
              {p.formula && (
                <>
                  （替换公式 <span className={s.code}>{p.formula}</span>）
                </>
              )}
            </li>
          ))}
        </ol>
        {formulas.length > 0 && <div>其中 {formulas.length} 个单元格含有公式，将被替换为数值。</div>}
        <div>只改写这些单元格的数值或数字格式，其他内容不变。</div>
      </NoticeBody>
      <NoticeActions>
        <Button
          size="small"
          appearance="primary"
          onClick={() => {
            onClose();
            void controller.fixAll(plans);
          }}
        >
          确定改正 {plans.length} 处
        </Button>
        <Button size="small" onClick={onClose}>
          取消
        </Button>
      </NoticeActions>
    </Notice>
  );
}

export function App({ controller, initialTab = 'list' }: AppProps) {
  const s = useStyles();
  const state = usePaneState(controller);
  const [tab, setTab] = React.useState<PaneTab>(initialTab);
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [fixAll, setFixAll] = React.useState<PlannedFix[] | null>(null);
  // The first screen after 检查评分 (and after the pane opens): the problem list when there is any error.
  const chooseTab = React.useRef(initialTab === 'list');
  const running = state.status === 'running';
  const report = state.report;
  const formCounts = React.useMemo(() => {
    const per = new Map<number, Record<Severity, number>>();
    for (const f of state.findings) {
      if (f.form === undefined) continue;
      const c = per.get(f.form) ?? { error: 0, warning: 0, info: 0 };
      c[f.severity]++;
      per.set(f.form, c);
    }
    return per;
  }, [state.findings]);

  React.useEffect(() => {
    if (!chooseTab.current || state.status !== 'ready' || !report) return;
    chooseTab.current = false;
    if (state.counts.error > 0) setTab('list');
    else if (initialTab !== 'templates') setTab(report.forms.length > 0 ? 'summary' : 'list');
  }, [state.runs]);

  React.useEffect(() => {
    // A marked cell selected in the sheet: show its finding.
    if (state.selectionSeq > 0) setTab('list');
  }, [state.selectionSeq]);

  const onFilter = (f: SeverityFilter) => {
    controller.setFilter(f);
    setTab('list');
  };

  const shownCount = state.filter === 'all' ? state.findings.length : state.counts[state.filter];
  const cur = state.findings[state.current];
  const shownAt = cur && (state.filter === 'all' || cur.severity === state.filter)
    ? (state.filter === 'all' ? state.current : state.findings.filter((f) => f.severity === state.filter).indexOf(cur))
    : -1;
  const fixable = controller.canFix() ? controller.planAll() : [];

  // A rule or sheet the engine could not check (issue 11): shown above the results, never an all-clear.
  const problems = report && state.status !== 'error' && state.status !== 'cell-edit' ? problemLines(report) : [];
  const announce =
    state.status === 'ready' && state.runs > 0
      ? `${problems.length ? `检查未完整：${problems.join('；')}。` : '检查完成：'}${(['error', 'warning', 'info'] as const).map((k) => `${SEVERITY_LABEL[k]} ${state.counts[k]}`).join('，')}${state.hiddenCount ? `，已忽略 ${state.hiddenCount}` : ''}。${state.message ? state.message.text : ''}`
      : running
        ? '正在检查'
        : '';

  const showTabs = report && state.status !== 'error' && state.status !== 'cell-edit' && (report.forms.length > 0 || state.findings.length > 0 || state.hiddenCount > 0);

  return (
    <main className={s.root} aria-busy={running}>
      <div className={s.sticky}>
        <h1 style={srOnly}>绩效自评校核</h1>
        <div className={s.actions}>
          <Button
            appearance="primary"
            size="small"
            disabled={running}
            onClick={() => {
              chooseTab.current = true;
              void controller.check();
            }}
          >
            检查评分
          </Button>
          <Button size="small" disabled={running} onClick={() => void controller.check()} title="重新检查，保留当前位置">
            重新检查
          </Button>
          <Button
            size="small"
            disabled={running || !state.marksShown}
            onClick={() => void controller.clearMarks()}
            title="清除加载项添加的标记，不改动单元格内容"
          >
            清除标记
          </Button>
          <Button
            className={s.settingsButton}
            size="small"
            appearance="subtle"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen(!settingsOpen)}
          >
            设置
          </Button>
        </div>
        {report && state.status !== 'error' && <Counts state={state} onFilter={onFilter} />}
        {showTabs && (
          <Tabs
            label="检查结果"
            selected={tab}
            onSelect={setTab}
            tabs={[
              { value: 'list', label: `问题（${state.findings.length}）` },
              { value: 'summary', label: `概览（${report.forms.length} 张表）` },
              { value: 'templates', label: '模板' },
            ]}
          />
        )}
        {showTabs && tab === 'list' && (
          <div className={s.nav}>
            <Button size="small" disabled={shownCount === 0} onClick={() => void controller.previous()} aria-label="上一个问题">
              上一个
            </Button>
            <Button size="small" disabled={shownCount === 0} onClick={() => void controller.next()} aria-label="下一个问题">
              下一个
            </Button>
            <Caption className={s.position}>
              {shownCount === 0 ? (problems.length ? '检查未完整' : '没有问题') : shownAt >= 0 ? `第 ${shownAt + 1} / ${shownCount} 项` : `共 ${shownCount} 项`}
            </Caption>
            {fixable.length > 0 && (
              <Button
                className={s.fixAll}
                size="small"
                disabled={state.busy !== null || running}
                aria-expanded={fixAll !== null}
                onClick={() => setFixAll(fixAll ? null : controller.planAll())}
              >
                全部改正
              </Button>
            )}
          </div>
        )}
      </div>

      {settingsOpen && (
        <React.Suspense fallback={<Busy label="正在加载设置…" />}>
          <Settings state={state} controller={controller} />
        </React.Suspense>
      )}

      <div role="status" aria-live="polite" style={srOnly}>
        {announce}
      </div>

      {running && <Busy label="正在读取工作簿并检查…" />}

      {problems.length > 0 && (
        <Notice intent="error">
          <NoticeBody>
            <NoticeTitle>未完整检查：以下部分没有检查，结果不全</NoticeTitle>
            <ul className={s.steps}>
              {problems.map((line, i) => (
                <li key={i} className={s.wrap}>
                  {line}
                </li>
              ))}
            </ul>
          </NoticeBody>
        </Notice>
      )}

      {state.notice && (
        <Notice intent="warning">
          <NoticeBody>
            <span className={s.wrap}>{state.notice}</span>
          </NoticeBody>
        </Notice>
      )}

      {(state.message || state.lastEdit) && state.status !== 'error' && (
        <Notice intent={state.message?.intent ?? 'info'}>
          <NoticeBody>
            <span className={s.wrap}>{state.message?.text ?? state.lastEdit!.text}</span>
          </NoticeBody>
          {state.lastEdit && controller.canUndo() && (
            <NoticeActions>
              <Button
                size="small"
                disabled={state.busy !== null || running}
                aria-label={`撤销 ${state.lastEdit.cells.join('、')} 的改正`}
                onClick={() => void controller.undo()}
              >
                撤销
              </Button>
            </NoticeActions>
          )}
        </Notice>
      )}

      {fixAll && fixAll.length > 0 && tab === 'list' && <FixAllPanel plans={fixAll} controller={controller} onClose={() => setFixAll(null)} />}

      {state.status === 'cell-edit' && (
        <Notice intent="warning">
          <NoticeBody>
            <NoticeTitle>Excel 正在编辑单元格</NoticeTitle>
            <div>{state.error?.message ?? '请先按 Enter 或 Esc 退出单元格编辑'}，然后点“重试”。</div>
          </NoticeBody>
          <NoticeActions>
            <Button size="small" onClick={() => void controller.check()}>
              重试
            </Button>
          </NoticeActions>
        </Notice>
      )}

      {state.status === 'error' && <ErrorState state={state} controller={controller} />}

      {report && state.status !== 'error' && state.status !== 'cell-edit' && report.forms.length === 0 && <NoForm />}

      {showTabs &&
        (tab === 'templates' ? (
          <TemplatesPane controller={controller} />
        ) : tab === 'summary' ? (
          <Overview report={report} formCounts={formCounts} incomplete={problems.length > 0} />
        ) : (
          <FindingsList state={state} controller={controller} />
        ))}
    </main>
  );
}

/** Shown outside Excel: the pane needs office.js and an Excel host. */
export type NotInExcelReason = 'no-office' | 'no-host' | 'wrong-host';

export function NotInExcel({ reason, host }: { reason: NotInExcelReason; host?: string }) {
  const s = useStyles();
  return (
    <main className={mergeClasses(s.root, s.padTop)}>
      <h1 className={s.notInExcelTitle}>绩效自评校核</h1>
      <Notice intent="info">
        <NoticeBody>
          <NoticeTitle>未在 Excel 中运行</NoticeTitle>
          <div className={s.wrap}>
            {reason === 'no-office'
              ? 'office.js 没有加载成功，无法连接 Excel。若在内网中使用，请让管理员用 OFFICE_JS=local npm run build 构建本地版 office.js。'
              : reason === 'no-host'
                ? '这个页面是在浏览器中直接打开的。它是 Excel 加载项的任务窗格，需要由 Excel 打开。'
                : `当前宿主是 ${host}，本加载项只支持 Excel。`}
            <ul className={s.steps}>
              <li>在 Excel 中：开始 → 绩效自评 → 检查评分，打开本任务窗格。</li>
              <li>只想在浏览器中试用：运行 npm run preview，打开预览页并选择一个 .xlsx 文件。</li>
            </ul>
          </div>
        </NoticeBody>
      </Notice>
    </main>
  );
}
