// The 设置 area (loaded when first opened): auto re-check, notes, and the scoring policy.
import * as React from 'react';
import { Checkbox, makeStyles } from '@fluentui/react-components';
import type { PaneState, TaskpaneController } from '../controller';
import { SettingsPanel } from './SettingsPanel';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '4px' },
  options: { display: 'flex', flexDirection: 'column' },
});

export default function Settings({ state, controller }: { state: PaneState; controller: TaskpaneController }) {
  const s = useStyles();
  return (
    <div className={s.root}>
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
    </div>
  );
}
