/** `npm run bench -- NAME…`: runs the named benchmarks (all when none is named) and prints their figures. */
export const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  analysis: () => import('./analysis'),
  startup: () => import('./startup'),
  parse: () => import('./parse'),
  verify: () => import('./verify'),
  read: () => import('./read'),
  demo: () => import('./demo'),
  archive: () => import('./archive'),
  ui: () => import('./ui'),
};

export async function main(argv: string[]): Promise<number> {
  const names = argv.length > 0 ? argv : Object.keys(BENCHMARKS);
  for (const name of names) {
    const load = BENCHMARKS[name];
    if (!load) {
      process.stderr.write(`bench: unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ') || '(none yet)'}\n`);
      return 2;
    }
    process.stdout.write(`\n== ${name} ==\n`);
    await (await load()).run();
  }
  return 0;
}
