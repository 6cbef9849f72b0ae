#!/usr/bin/env node
// Entry of `npm run bench -- NAME…`: runs the TypeScript benchmarks in bench/ through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));
