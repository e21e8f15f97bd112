// Small pieces of the first screen drawn with the theme's tokens instead of Fluent's Badge, Text and
// Spinner, so the pane's initial JavaScript stays within its budget (issue 13: ≤ 150 KB gzipped).
import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  caption: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  pill: {
    display: 'inline-flex',
    alignItems: 'center',
    flexShrink: 0,
    height: '16px',
    padding: '0 5px',
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase100,
    lineHeight: '16px',
    fontWeight: tokens.fontWeightSemibold,
    border: '1px solid transparent',
    whiteSpace: 'nowrap',
  },
  dot: { width: '8px', height: '8px', padding: 0, borderRadius: '50%' },
  dangerFilled: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand },
  warningFilled: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3, color: tokens.colorNeutralForegroundOnBrand },
  informativeFilled: { backgroundColor: tokens.colorNeutralBackground5, color: tokens.colorNeutralForeground1 },
  dangerOutline: { borderTopColor: tokens.colorPaletteRedBorder2, borderRightColor: tokens.colorPaletteRedBorder2, borderBottomColor: tokens.colorPaletteRedBorder2, borderLeftColor: tokens.colorPaletteRedBorder2, color: tokens.colorPaletteRedForeground1 },
  warningOutline: { borderTopColor: tokens.colorPaletteDarkOrangeBorder2, borderRightColor: tokens.colorPaletteDarkOrangeBorder2, borderBottomColor: tokens.colorPaletteDarkOrangeBorder2, borderLeftColor: tokens.colorPaletteDarkOrangeBorder2, color: tokens.colorPaletteDarkOrangeForeground1 },
  informativeOutline: { borderTopColor: tokens.colorNeutralStroke1, borderRightColor: tokens.colorNeutralStroke1, borderBottomColor: tokens.colorNeutralStroke1, borderLeftColor: tokens.colorNeutralStroke1, color: tokens.colorNeutralForeground2 },
  busy: { display: 'flex', alignItems: 'center', columnGap: '8px', fontSize: tokens.fontSizeBase300 },
  ring: {
    width: '14px',
    height: '14px',
    flexShrink: 0,
    borderRadius: '50%',
    border: `2px solid ${tokens.colorBrandStroke2}`,
    borderTopColor: tokens.colorBrandStroke1,
    animationName: { from: { transform: 'rotate(0deg)' }, to: { transform: 'rotate(360deg)' } },
    animationDuration: '0.9s',
    animationIterationCount: 'infinite',
    animationTimingFunction: 'linear',
    '@media (prefers-reduced-motion: reduce)': { animationDuration: '0s' },
  },
});

export function Caption({ className, children, role }: { className?: string; children?: React.ReactNode; role?: 'alert' | 'status' }) {
  return (
    <span className={mergeClasses(useStyles().caption, className)} role={role}>
      {children}
    </span>
  );
}

export type PillColor = 'danger' | 'warning' | 'informative';

/** A severity tag ("错误") or, without children, a coloured dot. */
export function Pill({ color, appearance = 'filled', children }: { color: PillColor; appearance?: 'filled' | 'outline'; children?: React.ReactNode }) {
  const s = useStyles();
  const tone = s[`${color}${appearance === 'filled' ? 'Filled' : 'Outline'}` as const];
  return (
    <span className={mergeClasses(s.pill, tone, children === undefined && s.dot)} data-pill={color} aria-hidden={children === undefined ? true : undefined}>
      {children}
    </span>
  );
}

/** Work in progress, with its words (the live region says it too). */
export function Busy({ label }: { label: string }) {
  const s = useStyles();
  return (
    <div className={s.busy} role="progressbar" aria-label={label}>
      <span className={s.ring} aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

const useButtonStyles = makeStyles({
  base: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    columnGap: '4px',
    minHeight: '24px',
    minWidth: '64px',
    padding: '2px 8px',
    boxSizing: 'border-box',
    font: 'inherit',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, borderTopColor: tokens.colorNeutralStroke1Hover, borderRightColor: tokens.colorNeutralStroke1Hover, borderBottomColor: tokens.colorNeutralStroke1Hover, borderLeftColor: tokens.colorNeutralStroke1Hover },
    ':active': { backgroundColor: tokens.colorNeutralBackground1Pressed },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  primary: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    borderTopColor: 'transparent',
    borderRightColor: 'transparent',
    borderBottomColor: 'transparent',
    borderLeftColor: 'transparent',
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover, color: tokens.colorNeutralForegroundOnBrand },
    ':active': { backgroundColor: tokens.colorBrandBackgroundPressed },
  },
  subtle: {
    backgroundColor: 'transparent',
    borderTopColor: 'transparent',
    borderRightColor: 'transparent',
    borderBottomColor: 'transparent',
    borderLeftColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1 },
  },
  transparent: {
    backgroundColor: 'transparent',
    borderTopColor: 'transparent',
    borderRightColor: 'transparent',
    borderBottomColor: 'transparent',
    borderLeftColor: 'transparent',
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightRegular,
    ':hover': { backgroundColor: 'transparent', color: tokens.colorBrandForegroundLinkHover, textDecorationLine: 'underline' },
  },
  outline: { backgroundColor: 'transparent' },
  circular: { borderRadius: tokens.borderRadiusCircular },
  disabled: {
    cursor: 'default',
    backgroundColor: tokens.colorNeutralBackgroundDisabled,
    color: tokens.colorNeutralForegroundDisabled,
    borderTopColor: tokens.colorNeutralStrokeDisabled,
    borderRightColor: tokens.colorNeutralStrokeDisabled,
    borderBottomColor: tokens.colorNeutralStrokeDisabled,
    borderLeftColor: tokens.colorNeutralStrokeDisabled,
    ':hover': { backgroundColor: tokens.colorNeutralBackgroundDisabled, color: tokens.colorNeutralForegroundDisabled },
  },
  disabledQuiet: { backgroundColor: 'transparent', borderTopColor: 'transparent', borderRightColor: 'transparent', borderBottomColor: 'transparent', borderLeftColor: 'transparent', ':hover': { backgroundColor: 'transparent' } },
});

export interface ButtonProps extends Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'color'> {
  appearance?: 'secondary' | 'primary' | 'subtle' | 'transparent' | 'outline';
  /** Only "small" exists here: the pane is narrow. */
  size?: 'small';
  shape?: 'rounded' | 'circular';
  icon?: React.ReactNode;
}

/** A plain <button> in Fluent's look (its accessible name is its text unless aria-label says more). */
export const Button = React.forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { appearance = 'secondary', size: _size, shape, icon, className, disabled, type = 'button', children, ...rest },
  ref,
) {
  const s = useButtonStyles();
  const quiet = appearance === 'subtle' || appearance === 'transparent';
  return (
    <button
      ref={ref}
      type={type}
      disabled={disabled}
      className={mergeClasses(
        s.base,
        appearance !== 'secondary' && s[appearance],
        shape === 'circular' && s.circular,
        disabled && s.disabled,
        disabled && quiet && s.disabledQuiet,
        className,
      )}
      {...rest}
    >
      {icon}
      {children}
    </button>
  );
});
