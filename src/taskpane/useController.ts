import { useSyncExternalStore } from 'react';
import type { PaneState, TaskpaneController } from './controller';

/** Subscribes a component to the controller's state snapshots. */
export function usePaneState(controller: TaskpaneController): PaneState {
  return useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}
