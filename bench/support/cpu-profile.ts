import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { round } from './statistics.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileLine {
  /** A package under node_modules, `node:` internals, the project's own code, or (gc)/(idle)/(program). */
  where: string;
  share: number;
}

/**
 * Busy self time of a V8 CPU profile (`--cpu-prof`) grouped by where the code lives, largest first:
 * enough to say whether a request's time goes to GraphQL execution, the ORM, the driver or our code.
 */
export async function summariseProfile(
  directory: string,
  options: { lastSeconds?: number; skipLastSeconds?: number; top?: number } = {},
): Promise<{ file: string; lines: ProfileLine[]; functions: ProfileLine[] }> {
  const top = options.top ?? 12;
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile')).sort();
  const file = path.join(directory, files.at(-1)!);
  const profile = JSON.parse(await readFile(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    endTime: number;
    startTime: number;
  };
  // Only the samples of the load window (the last seconds before shutdown), not start-up.
  const until = profile.endTime - (options.skipLastSeconds ?? 0) * 1e6;
  const from = options.lastSeconds ? until - options.lastSeconds * 1e6 : -Infinity;
  const hitsOf = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at >= from && at <= until) hitsOf.set(nodeId, (hitsOf.get(nodeId) ?? 0) + 1);
  });
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = hitsOf.get(node.id) ?? 0;
    if (!hits || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const place = placeOf(node.callFrame.url, node.callFrame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
    const functionName = node.callFrame.functionName || '(anonymous)';
    const name = functionName === place ? place : `${functionName} ${place}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, hits]) => ({ where, share: hits / total }));
  return { file, lines: ranked(byPlace), functions: ranked(byFunction) };
}

function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0
    ? `hub: ${url
        .slice(dist + 6)
        .split('/')
        .slice(0, 2)
        .join('/')}`
    : url;
}

/** A profile summary as a scenario's notes: where the time went, then the heaviest functions. */
export function profileNotes(
  heading: string,
  profile: { lines: ProfileLine[]; functions: ProfileLine[] },
  functions = 6,
): [places: string, heaviest: string] {
  const shares = (lines: ProfileLine[]) => lines.map((line) => `${line.where} ${round(line.share * 100)}%`);
  return [
    `${heading}, self time by place: ${shares(profile.lines).join(', ')}.`,
    `Heaviest functions: ${shares(profile.functions.slice(0, functions)).join('; ')}.`,
  ];
}
