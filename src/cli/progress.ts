/** A progress bar on stderr when it is a terminal; silent otherwise (logs and CI stay clean). */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(label: string, unit = 'MB', scale = 1 / 1_048_576): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  return {
    update(done, total) {
      const d = Math.round(done * scale), t = Math.max(1, Math.round(total * scale));
      const secs = (Date.now() - started) / 1000;
      const rate = secs > 0 ? Math.round(d / secs) : 0;
      if (!begun) { bar.start(t, d, { rate }); begun = true; } else bar.update(d, { rate });
      bar.setTotal(t);
    },
    stop() { if (begun) bar.stop(); },
  };
}
