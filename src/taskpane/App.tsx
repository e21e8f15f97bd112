import * as React from 'react';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Checkbox,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Tab,
  TabList,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Severity } from '../engine/types';
import type { PaneState, TaskpaneController } from './controller';
import { usePaneState } from './useController';
import { copyText } from './clipboard';
import { FormCard } from './components/FormCard';
import { FindingsList } from './components/FindingsList';
import { SettingsPanel } from './components/SettingsPanel';
import { TemplatesTab } from './components/TemplatesTab';
import { SEVERITY_LABEL } from './format';
import { srOnly } from './srOnly';

export type PaneTab = 'summary' | 'list' | 'templates';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '10px',
    padding: '12px',
    boxSizing: 'border-box',
    minWidth: 0,
    maxWidth: '100%',
  },
  header: { display: 'flex', flexDirection: 'column', rowGap: '8px' },
  actions: { display: 'flex', columnGap: '6px', rowGap: '6px', flexWrap: 'wrap' },
  counts: { display: 'flex', columnGap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  options: { display: 'flex', flexDirection: 'column' },
  cards: { display: 'flex', flexDirection: 'column', rowGap: '10px' },
  muted: { color: tokens.colorNeutralForeground3 },
  steps: { margin: '4px 0 0', paddingLeft: '20px' },
  diag: { width: '100%', marginTop: '6px' },
  wrap: { overflowWrap: 'anywhere' },
});

const COUNT_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

function Counts({ state }: { state: PaneState }) {
  const s = useStyles();
  const spoken = (['error', 'warning', 'info'] as const).map((k) => `${SEVERITY_LABEL[k]} ${state.counts[k]} 项`).join('，');
  return (
    <div className={s.counts} role="group" aria-label={`检查结果：${spoken}`}>
      {(['error', 'warning', 'info'] as const).map((k) => (
        <Badge
          key={k}
          size="large"
          appearance={state.counts[k] > 0 ? 'filled' : 'outline'}
          color={state.counts[k] > 0 ? COUNT_COLOR[k] : 'informative'}
          aria-hidden="true"
        >
          {SEVERITY_LABEL[k]} {state.counts[k]}
        </Badge>
      ))}
      {state.hiddenCount > 0 && <Caption1 className={s.muted}>（已忽略 {state.hiddenCount}）</Caption1>}
    </div>
  );
}

/** What the pane looks for, shown when no form is recognised. */
function NoForm() {
  const s = useStyles();
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>未找到绩效自评表</MessageBarTitle>
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
      </MessageBarBody>
    </MessageBar>
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
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>检查未完成</MessageBarTitle>
        <div className={s.wrap}>{state.error?.message}</div>
        {copied === 'ok' && <div role="status">诊断信息已复制，可粘贴给技术支持。其中不含单元格内容。</div>}
        {copied === 'failed' && (
          <>
            <div role="status">无法自动复制，请手动全选并复制下面的诊断信息：</div>
            <Textarea className={s.diag} readOnly value={text} aria-label="诊断信息" resize="vertical" />
          </>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => void controller.check()}>
          重试
        </Button>
        <Button size="small" onClick={() => void onCopy()}>
          复制诊断信息
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export interface AppProps {
  controller: TaskpaneController;
  initialTab?: PaneTab;
}

export function App({ controller, initialTab = 'summary' }: AppProps) {
  const s = useStyles();
  const state = usePaneState(controller);
  const [tab, setTab] = React.useState<PaneTab>(initialTab);
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

  const announce =
    state.status === 'ready' && state.runs > 0
      ? `检查完成：${(['error', 'warning', 'info'] as const).map((k) => `${SEVERITY_LABEL[k]} ${state.counts[k]}`).join('，')}`
      : running
        ? '正在检查'
        : '';

  return (
    <main className={s.root} aria-busy={running}>
      <header className={s.header}>
        <Subtitle1 as="h1">绩效自评校核</Subtitle1>
        <div className={s.actions}>
          <Button
            appearance="primary"
            disabled={running}
            onClick={() => {
              setTab('summary');
              void controller.check();
            }}
          >
            检查评分
          </Button>
          <Button disabled={running} onClick={() => void controller.check()} aria-label="重新检查（保留当前位置）">
            重新检查
          </Button>
          <Button
            disabled={running || !state.marksShown}
            onClick={() => void controller.clearMarks()}
            aria-label="清除加载项添加的标记"
          >
            清除标记
          </Button>
        </div>
        {report && <Counts state={state} />}
        <div className={s.options}>
          <Checkbox
            label="编辑后自动重新检查"
            checked={state.options.autoRecheck}
            onChange={(_, d) => void controller.setAutoRecheck(d.checked === true)}
          />
          <Checkbox
            label="同时写入批注"
            checked={state.options.notes}
            onChange={(_, d) => void controller.setNotes(d.checked === true)}
          />
        </div>
        <SettingsPanel state={state} controller={controller} />
      </header>

      <div role="status" aria-live="polite" style={srOnly}>
        {announce}
      </div>

      {running && <Spinner size="small" label="正在读取工作簿并检查…" labelPosition="after" />}

      {state.notice && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <span className={s.wrap}>{state.notice}</span>
          </MessageBarBody>
        </MessageBar>
      )}

      {state.status === 'cell-edit' && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Excel 正在编辑单元格</MessageBarTitle>
            <div>{state.error?.message ?? '请先按 Enter 或 Esc 退出单元格编辑'}，然后点“重试”。</div>
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => void controller.check()}>
              重试
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      {state.status === 'error' && <ErrorState state={state} controller={controller} />}

      {report && state.status !== 'error' && state.status !== 'cell-edit' && (
        <>
          {report.forms.length === 0 && <NoForm />}
          {(report.forms.length > 0 || state.findings.length > 0 || state.hiddenCount > 0) && (
            <>
              <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as PaneTab)} size="small">
                <Tab value="summary">概览（{report.forms.length} 张表）</Tab>
                <Tab value="list">问题（{state.findings.length}）</Tab>
                <Tab value="templates">模板</Tab>
              </TabList>
              {tab === 'templates' ? (
                <TemplatesTab controller={controller.templates} />
              ) : tab === 'summary' ? (
                <div className={s.cards}>
                  {report.forms.map((form, i) => (
                    <FormCard
                      key={`${form.sheet}-${form.range}`}
                      form={form}
                      index={i}
                      counts={formCounts.get(i) ?? { error: 0, warning: 0, info: 0 }}
                    />
                  ))}
                  {report.forms.length === 0 && <Body1 className={s.muted}>没有可汇总的表格。</Body1>}
                </div>
              ) : (
                <FindingsList state={state} controller={controller} />
              )}
            </>
          )}
        </>
      )}
    </main>
  );
}

/** Shown outside Excel: the pane needs office.js and an Excel host. */
export type NotInExcelReason = 'no-office' | 'no-host' | 'wrong-host';

export function NotInExcel({ reason, host }: { reason: NotInExcelReason; host?: string }) {
  const s = useStyles();
  return (
    <main className={s.root}>
      <Subtitle1 as="h1">绩效自评校核</Subtitle1>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>未在 Excel 中运行</MessageBarTitle>
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
        </MessageBarBody>
      </MessageBar>
    </main>
  );
}
