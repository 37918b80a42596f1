/**
 * MikroORM 7 needs Node >= 22.17. The project brings its own Node through the `node` package, but
 * when install scripts were skipped npm silently falls back to the system Node; fail loudly then.
 */
export const MINIMUM_NODE_VERSION = '22.17.0';

export function nodeVersionProblem(version = process.versions.node): string | undefined {
  const [major, minor] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MINIMUM_NODE_VERSION.split('.').map(Number);
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return undefined;
  return (
    `The hub needs Node >= ${MINIMUM_NODE_VERSION} but runs on ${version}. ` +
    "Run it through npm (`npm start`, `npm test`) after `npm install`, which installs the project's own Node " +
    '(the `node` package); if install scripts were disabled, run `npm rebuild node`.'
  );
}
