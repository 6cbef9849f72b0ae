#!/usr/bin/env node
// Entry of `npm run fuzz -- NAME…`: the fuzz targets of src/testing/fuzz through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/testing/fuzz/cli.ts');
process.exitCode = await main(process.argv.slice(2));
