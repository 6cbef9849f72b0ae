#!/usr/bin/env -S node --max-semi-space-size=8
// Entry of `npx trudi …` in development: runs the TypeScript CLI through tsx's loader (no build step needed).
// The packaged engine (npm run package:engine) runs the compiled lib/cli.js on its own Node runtime instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/entry.ts');
