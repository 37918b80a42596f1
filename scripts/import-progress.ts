import type { RegistryImportProgress } from '../domain/registration/import/import-enterprises.js';

/**
 * A long import's progress on the terminal: rows read, rows per second, errors so far and the time
 * left, estimated from how much of the file has been read. On a terminal the line is redrawn in
 * place; otherwise (a log file, a pipe) each report is a line of its own.
 */
export function progressReporter(options: { fileBytes: number; bytesRead: () => number; stream: NodeJS.WriteStream }) {
  const { stream } = options;
  const inPlace = stream.isTTY === true;
  let lastLength = 0;
  return (progress: RegistryImportProgress): void => {
    const line = describeProgress(progress, options.bytesRead() / Math.max(options.fileBytes, 1));
    if (inPlace) {
      stream.write(`\r${line.padEnd(lastLength)}${progress.phase === 'done' ? '\n' : ''}`);
      lastLength = line.length;
    } else {
      stream.write(`${line}\n`);
    }
  };
}

export function describeProgress(progress: RegistryImportProgress, shareRead: number): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.read / seconds) : 0;
  const parts = [
    `${progress.read.toLocaleString('en')} rows`,
    `${rate.toLocaleString('en')} rows/s`,
    `${progress.rejected.toLocaleString('en')} errors`,
  ];
  if (progress.phase === 'reading') {
    const share = Math.min(Math.max(shareRead, 0), 1);
    parts.push(`${Math.floor(share * 100)}% of the file`);
    if (share > 0.01) parts.push(`about ${formatDuration((seconds / share) * (1 - share))} left`);
  } else if (progress.phase === 'writing') {
    parts.push('file read; writing the last rows into the registry');
  } else {
    parts.push(`done in ${formatDuration(seconds)}`);
  }
  return parts.join(' · ');
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return minutes < 60 ? `${minutes} min ${whole % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
