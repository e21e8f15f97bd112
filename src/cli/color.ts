// ANSI colours, only for an interactive terminal: files and pipes get plain text.

export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  grey(s: string): string;
  bold(s: string): string;
}

const wrap = (code: string) => (s: string) => (s === '' ? s : `\x1b[${code}m${s}\x1b[0m`);

export const COLOR: Palette = { red: wrap('31'), yellow: wrap('33'), grey: wrap('90'), bold: wrap('1') };

const id = (s: string) => s;
export const PLAIN: Palette = { red: id, yellow: id, grey: id, bold: id };

/** Colour only on a TTY, without --no-color, and with NO_COLOR unset (https://no-color.org). */
export function useColor(stdoutIsTTY: boolean, noColorFlag: boolean, env: Record<string, string | undefined>): boolean {
  return stdoutIsTTY && !noColorFlag && env.NO_COLOR === undefined;
}
