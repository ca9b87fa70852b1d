import cliProgress from 'cli-progress';

export interface ProgressReporter {
  onProgress: (bytesRead: number, totalBytes: number) => void;
  stop: () => void;
}

/**
 * A cli-progress bar over the bytes of the file read so far, or null when `stream` is not a
 * terminal (piped output gets no bar). Call `stop()` when the import ends, even on error.
 */
export function createImportProgressBar(stream: NodeJS.WriteStream = process.stdout): ProgressReporter | null {
  if (!stream.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { stream, format: 'importing [{bar}] {percentage}% | {value}/{total} MB', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const toMb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return {
    onProgress(bytesRead, totalBytes) {
      if (!started) {
        bar.start(toMb(totalBytes), 0);
        started = true;
      }
      bar.update(toMb(bytesRead));
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
