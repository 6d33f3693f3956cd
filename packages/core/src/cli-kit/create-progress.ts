import type { Style } from './create-style.js';
import type { Progress } from './define-command.js';

/**
 * How progress is shown: `tty` redraws a spinner or bar in place, `plain` prints one line when the
 * work ends (non-TTY with `--verbose`), `off` prints nothing.
 */
export type ProgressMode = 'tty' | 'plain' | 'off';

/** A progress indicator that the kit can also clear and redraw (around warnings) and stop. */
export interface ProgressHandle extends Progress {
  /** Erases the current line, if drawn. */
  clear(): void;
  /** Draws the current state again, if still running. */
  redraw(): void;
  /** Stops the animation and erases the line without a final message. */
  stop(): void;
  readonly running: boolean;
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const frameIntervalMs = 80;
const barWidth = 20;
const clearLine = '\r\u001b[K';

/** `[##########..........] 5/10 label`. */
export function formatBar(label: string, done: number, total: number): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${total} ${label}`;
}

/** A progress indicator on `stream` (stderr) in the given mode. */
export function createProgress(
  label: string,
  options: { stream: NodeJS.WritableStream; mode: ProgressMode; style: Style },
): ProgressHandle {
  const { stream, mode, style } = options;
  let text = label;
  let counts: { done: number; total?: number } | undefined;
  let frame = 0;
  let running = true;
  let drawn = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const draw = (): void => {
    if (mode !== 'tty' || !running) return;
    const body =
      counts?.total === undefined
        ? `${style.cyan(spinnerFrames[frame % spinnerFrames.length] ?? '-')} ${text}${counts === undefined ? '' : ` (${counts.done})`}`
        : formatBar(text, counts.done, counts.total);
    stream.write(`${clearLine}${body}`);
    drawn = true;
  };
  const clear = (): void => {
    if (mode === 'tty' && drawn) stream.write(clearLine);
    drawn = false;
  };
  const finish = (
    mark: string,
    finalText: string | undefined,
    outcome: 'done' | 'failed' | 'stopped',
  ): void => {
    if (!running) return;
    running = false;
    if (timer !== undefined) clearInterval(timer);
    if (mode === 'tty') {
      clear();
      if (finalText !== undefined) stream.write(`${mark} ${finalText}\n`);
    } else if (mode === 'plain' && outcome !== 'stopped') {
      stream.write(`${label}: ${finalText ?? outcome}\n`);
    }
  };

  if (mode === 'tty') {
    draw();
    timer = setInterval(() => {
      frame++;
      draw();
    }, frameIntervalMs);
    timer.unref?.();
  }

  return {
    get running() {
      return running;
    },
    update(newText, newCounts) {
      text = newText;
      counts = newCounts;
      frame++;
      draw();
    },
    done(finalText) {
      finish(style.green('✔'), finalText, 'done');
    },
    fail(finalText) {
      finish(style.red('✖'), finalText, 'failed');
    },
    clear,
    redraw: draw,
    stop() {
      finish('', undefined, 'stopped');
    },
  };
}
