import { describe, expect, it } from 'vitest';
import { formatRun, formatTable } from '../../bench/report.js';
import { percentile } from '../../bench/support/statistics.js';

describe('the benchmark report', () => {
  it('pads a Markdown table by display width, so rows with Chinese names line up in a terminal', () => {
    const table = formatTable({
      title: 'reads',
      headers: ['server', 'req/s'],
      rows: [
        ['hub 政务', 50.8],
        ['PostGraphile v5', Number.NaN],
      ],
    });
    expect(table.split('\n')).toEqual([
      '| server          | req/s |',
      '| --------------- | ----- |',
      '| hub 政务        | 50.8  |',
      '| PostGraphile v5 | –     |',
    ]);
  });

  it('writes a run with its date, machine, commands, tables, findings and raw figures', () => {
    const section = formatRun({
      date: new Date('2026-11-23T11:00:00.123Z'),
      quick: true,
      command: 'BENCH_QUICK=1 npm run bench',
      machine: { cpus: '2 × Test CPU', memory: '23 GiB', node: 'v24.21.0', postgres: '15.20', os: 'Linux', loadAtStart: 1.5 },
      results: [
        {
          name: 'Registrations',
          command: 'npm run bench:registrations',
          tables: [{ title: 'Closed loop', headers: ['workload', 'per s'], rows: [['hub', 38.8]] }],
          raw: { hub: [{ perSecond: 38.8 }] },
          notes: ['Each registration fans out to 4 departments.'],
        },
      ],
    });
    expect(section).toContain('## Run of 2026-11-23T11:00:00Z (BENCH_QUICK=1: smoke run, not authoritative)');
    expect(section).toContain('- Machine: 2 × Test CPU, 23 GiB, Linux; load average at start 1.5');
    expect(section).toContain('- Node v24.21.0, PostgreSQL 15.20');
    expect(section).toContain('Command: `npm run bench:registrations`');
    expect(section).toContain('| hub      | 38.8  |');
    expect(section).toContain('- Each registration fans out to 4 departments.');
    expect(section).toContain('"perSecond": 38.8');
  });

  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
  });
});
