// 核对自评报告 on the 模板 tab: a file picker (the file is read in the pane, nothing is uploaded) and the
// findings, each naming the paragraph and quoting it. Self-contained: it needs only the workbook's report.
import * as React from 'react';
import { Body1, Button, Caption1, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { Report } from '../../engine';
import { ReportCheckController, type PickedFile, type ReportCheckState } from '../report-check';

const useStyles = makeStyles({
  group: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '6px',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  list: { margin: '4px 0 0', paddingLeft: '20px', overflowWrap: 'anywhere' },
  error: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  hidden: { display: 'none' },
});

const SEVERITY = { error: '错误', warning: '警告', info: '提示' } as const;

export function ReportCheckView({ state, onPick }: { state: ReportCheckState; onPick: (file: PickedFile) => void }) {
  const s = useStyles();
  const input = React.useRef<HTMLInputElement>(null);
  const busy = state.status === 'reading';
  const onChange = (e: React.ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) onPick({ name: f.name, size: f.size, bytes: async () => new Uint8Array(await f.arrayBuffer()) });
  };
  return (
    <section className={s.group} aria-label="核对自评报告">
      <Body1>核对自评报告</Body1>
      <Caption1 className={s.muted}>选择本单位的自评报告（.docx），核对报告中写的预算数、执行数、基本支出、项目支出、执行率、总分和等级是否与自评表一致。文件只在本机读取，不会上传。</Caption1>
      <input ref={input} className={s.hidden} type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-label="选择自评报告文件" onChange={onChange} />
      <div>
        <Button disabled={busy} onClick={() => input.current?.click()}>
          {busy ? '正在核对…' : '选择自评报告…'}
        </Button>
      </div>
      {state.status === 'reading' && <Spinner size="tiny" label={`正在读取 ${state.fileName}…`} labelPosition="after" />}
      <div role="status" aria-live="polite">
        {state.status === 'error' && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <span className={s.wrap}>{`${state.fileName}：${state.message}`}</span>
            </MessageBarBody>
          </MessageBar>
        )}
        {state.status === 'done' && !state.paired && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <span className={s.wrap}>
                {state.unit
                  ? `${state.fileName}：报告的单位是“${state.unit}”，本工作簿中没有该单位的部门整体支出绩效自评表，报告中的数字未能核对。`
                  : `${state.fileName}：报告中没有读到单位名称，无法与本工作簿的自评表对应，报告中的数字未能核对。`}
              </span>
            </MessageBarBody>
          </MessageBar>
        )}
        {state.status === 'done' && state.paired && state.findings.length === 0 && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <span className={s.wrap}>{`${state.fileName}：报告中 ${state.figures} 个数字与自评表一致，未发现问题。`}</span>
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {state.status === 'done' && state.paired && state.findings.length > 0 && (
        <div>
          <Caption1>{`${state.fileName}：核对了 ${state.figures} 个数字，发现 ${state.findings.length} 处问题：`}</Caption1>
          <ul className={s.list} aria-label="自评报告核对结果">
            {state.findings.map((f) => (
              <li key={f.key}>
                <span className={f.severity === 'error' ? s.error : f.severity === 'warning' ? s.warning : s.muted}>{SEVERITY[f.severity]}</span>{' '}
                <span className={s.wrap}>{f.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The panel with its own controller; `getReport` gives the workbook's current check result. */
export function ReportCheck({ getReport, controller }: { getReport: () => Report | null; controller?: ReportCheckController }) {
  const [own] = React.useState(() => controller ?? new ReportCheckController());
  const state = React.useSyncExternalStore(own.subscribe, own.getState, own.getState);
  return <ReportCheckView state={state} onPick={(file) => void own.check(file, getReport())} />;
}
