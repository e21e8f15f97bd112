// The 模板 tab behind its lazy-loading boundary: the tab's code and its controller load on first open.
import * as React from 'react';
import {  } from '@fluentui/react-components';
import { Busy } from './bits';
import type { TaskpaneController } from '../controller';
import type { TemplatesController } from '../templates';

const TemplatesTab = React.lazy(() => import(/* webpackChunkName: "templates" */ './TemplatesTab').then((m) => ({ default: m.TemplatesTab })));

export function TemplatesPane({ controller }: { controller: TaskpaneController }) {
  const [templates, setTemplates] = React.useState<TemplatesController | null>(controller.templates);
  const [failed, setFailed] = React.useState(false);
  React.useEffect(() => {
    if (templates) return;
    let live = true;
    controller.loadTemplates().then(
      (t) => live && setTemplates(t),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [controller, templates]);
  if (failed) return <div role="alert">模板功能未能加载，请关闭任务窗格后重新打开。</div>;
  if (!templates) return <Busy label="正在加载模板…" />;
  return (
    <React.Suspense fallback={<Busy label="正在加载模板…" />}>
      <TemplatesTab controller={templates} />
    </React.Suspense>
  );
}
