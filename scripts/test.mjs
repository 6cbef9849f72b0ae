#!/usr/bin/env node
// `npm test`: lint, type-check, unit and integration tests, build, the packaged engine and its smoke test,
// browser e2e: in that order, stopping at the first failure, with the time each step took.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['unit and integration tests', ['run', 'test:unit']],
  ['build', ['run', 'build']],
  ['installer configuration through electron-builder (stand-in Electron)', ['run', 'test:packaging']],
  ['package the engine (pinned Node runtime)', ['run', 'package:engine']],
  ['smoke test of the packaged engine', ['run', 'test:engine']],
  ['e2e in Chromium', ['run', 'test:e2e']],
];
const summary = [];
for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}: npm ${args.join(' ')}`);
  const result = spawnSync('npm', args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  if (result.status !== 0) {
    console.error(`\n${summary.join('\n')}\nnpm test: "${name}" failed; see its output above.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n${summary.join('\n')}`);
