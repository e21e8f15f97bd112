import type { CSSProperties } from 'react';

/** Visually hidden but read by screen readers; inline so any host page (preview, harness) gets it. */
export const srOnly: CSSProperties = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  padding: 0,
  margin: '-1px',
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
