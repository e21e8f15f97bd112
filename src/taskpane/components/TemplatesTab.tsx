// The 模板 tab: a thin view over TemplatesController. Workbook text is rendered as React text only;
// the editor is a native <textarea> (Fluent Textarea), which Chinese IMEs handle as usual.
import * as React from 'react';
import {
  Body1,
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { TemplateName } from '../../engine/templates';
import type { TemplatesController, TemplatesState } from '../templates';
import { ReportCheck } from './ReportCheck';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '10px', minWidth: 0 },
  field: { minWidth: 0 },
  // A native <select> is as wide as its longest option: let it shrink to the pane and cut with "…".
  select: { width: '100%', minWidth: 0, maxWidth: '100%' },
  selectInner: { width: '100%', minWidth: 0, textOverflow: 'ellipsis', overflow: 'hidden', whiteSpace: 'nowrap' },
  editor: { width: '100%', minWidth: 0 },
  textarea: { minHeight: '260px', lineHeight: '1.6' },
  actions: { display: 'flex', flexWrap: 'wrap', columnGap: '6px', rowGap: '6px' },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  details: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '6px 10px',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  summary: { cursor: 'pointer' },
  list: { margin: '4px 0 0', paddingLeft: '20px', overflowWrap: 'anywhere' },
  group: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '6px',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  cell: { fontFamily: tokens.fontFamilyMonospace },
});

function useTemplatesState(controller: TemplatesController): TemplatesState {
  return React.useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}

const BUSY_LABEL = {
  'new-sheet': '正在插入…',
  selection: '正在插入…',
  suggested: '正在插入…',
  fill: '正在填入…',
  copy: '正在复制…',
} as const;

export function TemplatesTab({ controller }: { controller: TemplatesController }) {
  const s = useStyles();
  const st = useTemplatesState(controller);
  const textRef = React.useRef<HTMLTextAreaElement>(null);
  const choice = st.choices.find((c) => c.name === st.template);
  const busy = st.busy !== null;

  if (!choice) {
    return <Body1 className={s.muted}>工作簿中没有部门整体支出或项目支出绩效自评表，无法生成报告文字。</Body1>;
  }

  const onCopy = async () => {
    if (!(await controller.copy())) {
      // Copy refused by the webview: select the text so Ctrl+C works.
      textRef.current?.focus();
      textRef.current?.select();
    }
  };
  const rendered = st.rendered;
  const missing = rendered?.missing ?? [];
  const isDrafts = st.template === 'deviation-drafts';
  const busyLabel = (action: keyof typeof BUSY_LABEL, label: string) => (st.busy === action ? BUSY_LABEL[action] : label);

  return (
    <section className={s.root} aria-label="报告模板">
      <Field className={s.field} label="模板">
        <Select className={s.select} select={{ className: s.selectInner }} value={st.template ?? ''} disabled={busy} onChange={(_, d) => controller.choose(d.value as TemplateName)}>
          {st.choices.map((c) => (
            <option key={c.name} value={c.name}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      {choice.forms.length > 1 && (
        <Field className={s.field} label="自评表" hint={choice.forms.find((f) => f.formIndex === st.formIndex)?.label}>
          <Select
            className={s.select}
            select={{ className: s.selectInner }}
            value={String(st.formIndex ?? '')}
            disabled={busy}
            onChange={(_, d) => controller.chooseForm(Number(d.value))}
          >
            {choice.forms.map((f) => (
              <option key={f.formIndex} value={String(f.formIndex)}>
                {f.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field hint="在文字中写明表中填报有误之处，例如“经复核，总分应为……（表中填报……）”。">
        <Switch
          label="注明复核更正"
          checked={st.noteCorrections}
          disabled={busy}
          onChange={(_, d) => controller.setNoteCorrections(d.checked)}
        />
      </Field>

      {rendered?.error && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <span className={s.wrap}>{rendered.error}</span>
          </MessageBarBody>
        </MessageBar>
      )}
      {st.stale && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <span className={s.wrap}>检查结果已更新，文本框中仍是您修改过的文字。点“重新生成”可换成按最新数据生成的文字（您的修改不保留）。</span>
          </MessageBarBody>
        </MessageBar>
      )}

      <Field
        className={s.editor}
        label="预览（可直接修改）"
        hint="段落之间空一行；插入到工作表时每段占一行，【请填写：…】处须由单位补充。"
      >
        <Textarea
          ref={textRef}
          className={s.editor}
          textarea={{ className: s.textarea, spellCheck: false }}
          resize="vertical"
          value={st.text}
          disabled={busy && st.busy !== 'copy'}
          onChange={(_, d) => controller.setText(d.value)}
        />
      </Field>
      {st.edited && (
        <div className={s.actions}>
          <Caption1 className={s.muted}>已修改。</Caption1>
          <Button size="small" disabled={busy} onClick={() => controller.regenerate()}>
            重新生成（放弃修改）
          </Button>
        </div>
      )}
      {!st.edited && st.stale === false && st.text !== '' && missing.length === 0 && (
        <Caption1 className={s.muted}>所有内容均已从自评表中取得。</Caption1>
      )}
      {missing.length > 0 && (
        <details className={s.details}>
          <summary className={s.summary}>还需补充 {missing.length} 处内容</summary>
          <ul className={s.list}>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </details>
      )}

      <div className={s.actions} role="group" aria-label="使用这段文字">
        <Button appearance="primary" disabled={busy || !st.canWrite || st.text.trim() === ''} onClick={() => void controller.insertNewSheet()}>
          {busyLabel('new-sheet', '插入到新工作表')}
        </Button>
        <Button disabled={busy || !st.canWrite || st.text.trim() === ''} onClick={() => void controller.insertAtSelection()}>
          {busyLabel('selection', '插入到所选单元格')}
        </Button>
        <Button disabled={busy || st.text.trim() === ''} onClick={() => void onCopy()}>
          {busyLabel('copy', '复制到剪贴板')}
        </Button>
      </div>
      {!st.canWrite && <Caption1 className={s.muted}>当前环境不能写入工作簿，只能复制文字。</Caption1>}

      {isDrafts && (
        <div className={s.group} role="group" aria-label="填入偏差原因单元格">
          <Button disabled={busy || !st.canWrite || st.drafts.length === 0} onClick={() => void controller.fillDrafts()}>
            {busyLabel('fill', '填入空白的偏差原因单元格')}
          </Button>
          <Caption1 className={s.muted}>
            {st.drafts.length
              ? `文中有 ${st.drafts.length} 条草稿标明了单元格。只填入目前为空的单元格，已有内容的不会被覆盖。`
              : '文中没有标明“填入单元格”的草稿。'}
          </Caption1>
        </div>
      )}

      <div role="status" aria-live="polite">
        {st.message && (
          <MessageBar intent={st.message.intent} layout="multiline">
            <MessageBarBody>
              <span className={s.wrap}>{st.message.text}</span>
            </MessageBarBody>
            {(st.suggestion || st.discarded !== null) && (
              <MessageBarActions>
                {st.suggestion && (
                  <Button size="small" appearance="primary" disabled={busy} onClick={() => void controller.insertAtSuggestion()}>
                    {st.busy === 'suggested' ? BUSY_LABEL.suggested : `插入到 ${st.suggestion.address} 起`}
                  </Button>
                )}
                {st.discarded !== null && (
                  <Button size="small" onClick={() => controller.restoreEdits()}>
                    恢复修改
                  </Button>
                )}
              </MessageBarActions>
            )}
          </MessageBar>
        )}
      </div>

      {st.fill && (st.fill.written.length > 0 || st.fill.skipped.length > 0) && (
        <div className={s.group}>
          {st.fill.written.length > 0 && (
            <div>
              <Body1>已填入：</Body1>
              <ul className={s.list}>
                {st.fill.written.map((w) => (
                  <li key={w} className={s.cell}>
                    {w}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {st.fill.skipped.length > 0 && (
            <div>
              <Body1>未填入：</Body1>
              <ul className={s.list}>
                {st.fill.skipped.map((k, i) => (
                  <li key={i}>
                    <span className={s.cell}>
                      {k.sheet}!{k.cell}
                    </span>
                    ：{k.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}

      <ReportCheck getReport={controller.currentReport} />
    </section>
  );
}
