// Progress of a multi-file run on stderr. On a terminal: one line redrawn in place — a bar, the count
// and the remaining time. Otherwise (a log, a pipe): a plain line at most every few seconds, so a long
// run shows it is alive without flooding the log, and a short one prints nothing.
import type { CliIo } from './io';

const BAR_WIDTH = 24;
/** Plain lines: at most one per this many milliseconds. */
export const PLAIN_INTERVAL_MS = 5000;

/** "12 秒" / "3 分 05 秒". */
export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  return `${m} 分 ${String(s % 60).padStart(2, '0')} 秒`;
}

export interface ProgressOptions {
  /** Redraw in place (stderr is a terminal) or write plain lines. */
  tty: boolean;
  /** False: show nothing at all (a single file). */
  enabled: boolean;
  /** What is being done, e.g. "正在检查". */
  label?: string;
  now?: () => number;
  plainIntervalMs?: number;
}

export class Progress {
  private readonly started: number;
  private shown = false;
  private lastPlain: number;
  private done = 0;
  private readonly now: () => number;
  private readonly label: string;
  private readonly interval: number;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.label = options.label ?? '正在检查';
    this.interval = options.plainIntervalMs ?? PLAIN_INTERVAL_MS;
    this.started = this.now();
    this.lastPlain = this.started;
  }

  /** Remaining time from the pace so far; null before the first file is done. */
  private remaining(): string | null {
    if (this.done === 0 || this.done >= this.total) return null;
    const elapsed = this.now() - this.started;
    return formatDuration((elapsed / this.done) * (this.total - this.done));
  }

  /** Draws the terminal line (also before any file is done, so the user sees the run has started). */
  draw(): void {
    if (!this.options.enabled || !this.options.tty) return;
    const filled = Math.round((this.done / Math.max(1, this.total)) * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const left = this.remaining();
    this.io.stderr(`\r\x1b[K${this.label} ${bar} ${this.done}/${this.total}${left ? `，剩余约 ${left}` : ''}`);
    this.shown = true;
  }

  /** One more file done. */
  advance(): void {
    this.done++;
    if (!this.options.enabled) return;
    if (this.options.tty) {
      this.draw();
      return;
    }
    const t = this.now();
    if (this.done < this.total && t - this.lastPlain >= this.interval) {
      this.lastPlain = t;
      const left = this.remaining();
      this.io.stderr(`${this.label}：已完成 ${this.done}/${this.total}${left ? `，剩余约 ${left}` : ''}\n`);
      this.shown = true;
    }
  }

  /** Erases the terminal line (before output goes to stdout, which may be the same terminal). */
  clear(): void {
    if (this.options.tty && this.shown) this.io.stderr('\r\x1b[K');
    if (this.options.tty) this.shown = false;
  }

  /** At the end: erase the bar; after plain lines, one closing line with the total time. */
  finish(): void {
    if (!this.options.enabled) return;
    if (this.options.tty) {
      this.clear();
      return;
    }
    if (this.shown) this.io.stderr(`${this.label}：已完成 ${this.done}/${this.total}，用时 ${formatDuration(this.now() - this.started)}\n`);
  }
}
