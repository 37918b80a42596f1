import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** The built hub, as `npm start` runs it. */
const MAIN = path.resolve('dist/server/main.js');
const running: ChildProcess[] = [];
const runningForFile: ChildProcess[] = [];
afterEach(() => running.forEach((child) => child.kill('SIGKILL')));
afterAll(() => runningForFile.forEach((child) => child.kill('SIGKILL')));

/**
 * The built hub started as a real process with nothing but environment variables (killed after
 * each test, or after the file's last with `lifetime: 'file'`). `url` resolves once it prints where it serves; `exited` with its exit code and signal.
 */
export function startHubProcess(env: Record<string, string>, lifetime: 'test' | 'file' = 'test') {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  (lifetime === 'test' ? running : runningForFile).push(child);
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in time:\n${output}`)), 45_000);
    // The banner goes to stderr (stdout carries only JSON log lines): watch both.
    const lookForUrl = () => {
      const match = /GraphQL \(HTTP\):\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', lookForUrl);
    child.stderr!.on('data', lookForUrl);
    child.once('exit', (code, signal) => reject(new Error(`hub exited with ${code ?? signal}:\n${output}`)));
  });
  url.catch(() => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, url, exited, output: () => output, stdout: () => stdout };
}
