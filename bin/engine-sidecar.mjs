#!/usr/bin/env node
// The engine sidecar in development and tests: the TypeScript engine through tsx. The packaged engine forks
// the compiled lib/sidecar.js instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/engine/sidecar-entry.ts');
