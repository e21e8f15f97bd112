// A message box and a tab strip drawn with the theme's tokens: the pane's first screen needs neither
// Fluent's MessageBar (and its icon set) nor TabList (and its focus manager), and its JavaScript has
// to stay small (issue 13: ≤ 150 KB gzipped).
import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: '8px',
    rowGap: '6px',
    padding: '8px 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderLeftWidth: '4px',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    minWidth: 0,
  },
  success: { borderLeftColor: tokens.colorPaletteGreenBorder2, backgroundColor: tokens.colorPaletteGreenBackground1 },
  warning: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2, backgroundColor: tokens.colorPaletteDarkOrangeBackground1 },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2, backgroundColor: tokens.colorPaletteRedBackground1 },
  info: { borderLeftColor: tokens.colorBrandStroke1, backgroundColor: tokens.colorNeutralBackground2 },
  body: { flexGrow: 1, flexBasis: '180px', minWidth: 0, overflowWrap: 'anywhere' },
  title: { display: 'block', fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: 'inherit' },
  actions: { display: 'flex', columnGap: '6px', rowGap: '6px', flexWrap: 'wrap' },
  tablist: { display: 'flex', columnGap: '2px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, flexWrap: 'wrap' },
  tab: {
    font: 'inherit',
    fontSize: tokens.fontSizeBase300,
    background: 'none',
    border: 'none',
    borderBottom: '3px solid transparent',
    padding: '4px 8px 3px',
    cursor: 'pointer',
    color: tokens.colorNeutralForeground2,
    ':hover': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold, borderBottomColor: tokens.colorCompoundBrandStroke },
});

export type NoticeIntent = 'success' | 'warning' | 'error' | 'info';

/** A message box: <Notice intent><NoticeBody><NoticeTitle/>…</NoticeBody><NoticeActions/></Notice>. */
export function Notice({ intent, children, role }: { intent: NoticeIntent; children?: React.ReactNode; role?: 'alert' | 'status' | 'group' }) {
  const s = useStyles();
  return (
    <div className={mergeClasses(s.box, s[intent])} role={role} data-intent={intent}>
      {children}
    </div>
  );
}

export function NoticeBody({ children }: { children?: React.ReactNode }) {
  return <div className={useStyles().body}>{children}</div>;
}

export function NoticeTitle({ children }: { children?: React.ReactNode }) {
  return <strong className={useStyles().title}>{children}</strong>;
}

export function NoticeActions({ children }: { children?: React.ReactNode }) {
  return <div className={useStyles().actions}>{children}</div>;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs; the selected one is the tab stop. */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
}: {
  tabs: { value: T; label: string }[];
  selected: T;
  onSelect: (value: T) => void;
  label: string;
}) {
  const s = useStyles();
  const refs = React.useRef(new Map<T, HTMLButtonElement>());
  const move = (from: number, delta: number | 'home' | 'end') => {
    const n = tabs.length;
    const to = delta === 'home' ? 0 : delta === 'end' ? n - 1 : (from + delta + n) % n;
    const t = tabs[to]!;
    onSelect(t.value);
    refs.current.get(t.value)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={s.tablist}>
      {tabs.map((t, i) => (
        <button
          key={t.value}
          ref={(el) => {
            if (el) refs.current.set(t.value, el);
            else refs.current.delete(t.value);
          }}
          role="tab"
          type="button"
          aria-selected={t.value === selected}
          value={t.value}
          tabIndex={t.value === selected ? 0 : -1}
          className={mergeClasses(s.tab, t.value === selected && s.selected)}
          onClick={() => onSelect(t.value)}
          onKeyDown={(e) => {
            const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'Home' ? 'home' : e.key === 'End' ? 'end' : null;
            if (d === null) return;
            e.preventDefault();
            move(i, d);
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
