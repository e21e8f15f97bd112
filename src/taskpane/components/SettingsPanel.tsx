import * as React from 'react';
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { POLICY_PRESETS } from '../../engine';
import type { PaneState, TaskpaneController } from '../controller';
import { presetShortName } from '../format';

const useStyles = makeStyles({
  toggle: { paddingLeft: 0, minWidth: 'auto' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '10px',
    padding: '10px 12px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  select: { maxWidth: '100%' },
});

export function SettingsPanel({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  const [open, setOpen] = React.useState(false);
  const [draft, setDraft] = React.useState(state.settings.tolerance);
  React.useEffect(() => setDraft(state.settings.tolerance), [state.settings.tolerance]);
  const panelId = React.useId();
  const preset = POLICY_PRESETS[state.settings.preset];
  const commitTolerance = () => {
    if (draft.trim() !== state.settings.tolerance || state.settingsError) {
      void controller.setSettings({ tolerance: draft.trim() });
    }
  };
  return (
    <div>
      <Button
        className={s.toggle}
        appearance="transparent"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'} 评分规则：{presetShortName(state.settings.preset)}
        {state.settings.tolerance ? `，容差 ${state.settings.tolerance}` : ''}
      </Button>
      {open && (
        <div id={panelId} className={s.panel} role="group" aria-label="评分规则设置">
          <Field label="评分规则预设" hint={preset?.label}>
            <Select
              className={s.select}
              value={state.settings.preset}
              onChange={(_, d) => void controller.setSettings({ preset: d.value })}
            >
              {Object.keys(POLICY_PRESETS).map((key) => (
                <option key={key} value={key}>
                  {presetShortName(key)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="尾数容差（万元）"
            hint={`分项之和与合计相差不超过此值视为尾数误差（警告）。留空则用预设值 ${preset?.sumTolerance ?? '0.01'}。`}
            validationState={state.settingsError ? 'error' : 'none'}
            validationMessage={state.settingsError ?? undefined}
          >
            <Input
              type="text"
              inputMode="decimal"
              value={draft}
              placeholder={preset?.sumTolerance ?? '0.01'}
              onChange={(_, d) => setDraft(d.value)}
              onBlur={commitTolerance}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.nativeEvent.isComposing) commitTolerance();
              }}
            />
          </Field>
        </div>
      )}
    </div>
  );
}
