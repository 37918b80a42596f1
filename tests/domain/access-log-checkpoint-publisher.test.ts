import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCheckpointLine } from '../../domain/access-log/access-log-checkpoint.js';
import { AccessLogKey } from '../../domain/access-log/access-log-key.js';
import { CheckpointPublisher } from '../../domain/access-log/checkpoint-publisher.js';

const key = new AccessLogKey('a-test-key-of-more-than-32-characters-000');
const hash = (seq: number) => seq.toString(16).padStart(64, '0');
let dir: string;
let file: string;
let logLines: string[];
let publisher: CheckpointPublisher;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  dir = await mkdtemp(path.join(tmpdir(), 'checkpoint-publisher-'));
  file = path.join(dir, 'deep', 'checkpoints.jsonl');
  logLines = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  publisher = new CheckpointPublisher(key, { file, every: 5, seconds: 10, log: 'postgresql://db:5432/hub' }, pino(sink));
});
afterEach(async () => {
  await publisher.close();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const published = async () => {
  await publisher.settled();
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};
const positions = async () => (await published()).map((line) => (JSON.parse(line) as { seq: string }).seq);

describe('the checkpoint publisher', () => {
  it('publishes the entry that completes N entries, signed, to the file and as a log line', async () => {
    for (let seq = 1; seq <= 4; seq += 1) publisher.committed(String(seq), hash(seq));
    expect(await positions()).toEqual([]);
    publisher.committed('5', hash(5));
    const [line] = await published();
    const read = readCheckpointLine(key, 'postgresql://db:5432/hub', line);
    expect(read).toMatchObject({ kind: 'checkpoint', checkpoint: { seq: '5', hash: hash(5), count: '5', keyId: key.id } });
    const logged = logLines
      .map((text) => JSON.parse(text) as { msg: string; accessLogCheckpoint?: unknown })
      .find((entry) => entry.accessLogCheckpoint);
    expect(logged).toMatchObject({ msg: 'access log checkpoint', accessLogCheckpoint: JSON.parse(line) });
  });

  it('publishes what came since the last one when its period ends, and nothing when nothing came', async () => {
    publisher.committed('1', hash(1));
    publisher.committed('2', hash(2));
    expect(await positions()).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await positions()).toEqual(['2']);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await positions()).toEqual(['2']);
    // A commit of an older entry (another batch finishing late) never moves a checkpoint back.
    publisher.committed('3', hash(3));
    publisher.committed('1', hash(1));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await positions()).toEqual(['2', '3']);
  });

  it('publishes a last checkpoint when the hub closes', async () => {
    publisher.committed('1', hash(1));
    await publisher.close();
    expect(await positions()).toEqual(['1']);
  });
});
