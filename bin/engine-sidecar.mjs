#!/usr/bin/env node
// The engine sidecar process forked by the desktop shell (and by tests). Runs the TypeScript engine via tsx.
import { register } from 'tsx/esm/api';

register();
const { runSidecar } = await import('../src/engine/sidecar.ts');
runSidecar();
