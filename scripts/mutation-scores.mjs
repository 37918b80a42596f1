// Prints the last mutation run's scores (reports/mutation/mutation.json) as the Markdown table that
// MUTATION.md keeps: per module and overall, for every mutant and for logic mutants only.
//
// A message-only mutant is a StringLiteral mutant in the text of an error or failure: an argument
// of a thrown error, of an error factory (badUserInput, conflict, forbidden, notFound, new …Error)
// or of an error class's super(), a `message` or `reason` property, or what a function that builds
// such a text returns (`…Message`, `…Failure`). It changes what a person reads, not what the rule
// decides; every other mutant is a logic mutant. Mutants marked equivalent (Stryker disable
// comments, reported as Ignored) count in neither.
//
//   npm run mutation:scores [-- --survivors] [reports/mutation/mutation.json]
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const reportPath = process.argv.slice(2).find((argument) => !argument.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const ERROR_FACTORIES = new Set(['badUserInput', 'conflict', 'forbidden', 'notFound', 'unauthenticated', 'missing', 'statusConflict']);
const MESSAGE_PROPERTIES = new Set(['message', 'reason']);
const MESSAGE_BUILDERS = /(Message|Failure)$/;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function calleeName(node) {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

function functionName(node) {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent))
    return node.parent.name.getText();
  return '';
}

/** Whether the string at [start, end) is part of an error's or a failure's text. */
function isInMessage(sourceFile, start, end) {
  let node = sourceFile;
  // Descend to the innermost node spanning the mutant.
  for (;;) {
    const child = node.getChildren(sourceFile).find((candidate) => candidate.getStart(sourceFile) <= start && candidate.getEnd() >= end);
    if (!child) break;
    node = child;
  }
  for (let current = node; current; current = current.parent) {
    if (ts.isThrowStatement(current)) return true;
    if (ts.isCallExpression(current) && ERROR_FACTORIES.has(calleeName(current))) return true;
    if (ts.isNewExpression(current) && /Error$/.test(current.expression.getText(sourceFile))) return true;
    if (ts.isCallExpression(current) && current.expression.kind === ts.SyntaxKind.SuperKeyword) return true;
    if (ts.isPropertyAssignment(current) && MESSAGE_PROPERTIES.has(current.name.getText(sourceFile))) return true;
    if (ts.isFunctionLike(current)) return MESSAGE_BUILDERS.test(functionName(current));
    if (ts.isStatement(current) && !ts.isReturnStatement(current) && !ts.isExpressionStatement(current) && !ts.isIfStatement(current))
      return false;
  }
  return false;
}

function offsetOf(sourceFile, { line, column }) {
  return sourceFile.getPositionOfLineAndCharacter(line - 1, column - 1);
}

const rows = [];
const total = { all: { detected: 0, undetected: 0 }, logic: { detected: 0, undetected: 0 }, messages: 0 };
for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const sourceFile = ts.createSourceFile(path, file.source, ts.ScriptTarget.Latest, true);
  const row = {
    path,
    all: { detected: 0, undetected: 0 },
    logic: { detected: 0, undetected: 0 },
    messages: 0,
    equivalent: 0,
    survivors: [],
  };
  for (const mutant of file.mutants) {
    if (mutant.status === 'Ignored') {
      row.equivalent += 1;
      continue;
    }
    if (!DETECTED.has(mutant.status) && !UNDETECTED.has(mutant.status)) continue;
    const detected = DETECTED.has(mutant.status);
    const message =
      mutant.mutatorName === 'StringLiteral' &&
      isInMessage(sourceFile, offsetOf(sourceFile, mutant.location.start), offsetOf(sourceFile, mutant.location.end));
    for (const bucket of message ? [row.all] : [row.all, row.logic]) bucket[detected ? 'detected' : 'undetected'] += 1;
    if (message) row.messages += 1;
    else if (!detected)
      row.survivors.push(
        `${path}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} ${mutant.status} → ${mutant.replacement ?? ''}`,
      );
  }
  for (const key of ['all', 'logic']) {
    total[key].detected += row[key].detected;
    total[key].undetected += row[key].undetected;
  }
  total.messages += row.messages;
  rows.push(row);
}

const score = ({ detected, undetected }) =>
  detected + undetected === 0 ? 'n/a' : `${((100 * detected) / (detected + undetected)).toFixed(1)}%`;
const count = ({ detected, undetected }) => `${detected}/${detected + undetected}`;

console.log('| module | mutants detected | score | logic mutants detected | logic score | message-only | marked equivalent |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| \`${row.path}\` | ${count(row.all)} | ${score(row.all)} | ${count(row.logic)} | ${score(row.logic)} | ${row.messages} | ${row.equivalent} |`,
  );
}
const equivalent = rows.reduce((sum, row) => sum + row.equivalent, 0);
console.log(
  `| **overall** | ${count(total.all)} | **${score(total.all)}** | ${count(total.logic)} | **${score(total.logic)}** | ${total.messages} | ${equivalent} |`,
);

if (process.argv.includes('--survivors')) {
  console.log('\nLogic mutants not detected:');
  for (const row of rows) for (const line of row.survivors) console.log(`  ${line}`);
}
