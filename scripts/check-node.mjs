// Runs before the tests, on whatever Node npm found: refuse Node < 22.17 with a clear message.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `The hub needs Node >= 22.17 but npm runs ${process.versions.node}. Run \`npm install\` so the ` +
      "project's own Node (the `node` package) is installed; if install scripts were disabled, run `npm rebuild node`.",
  );
  process.exit(1);
}
