/** `npx trudi validate FILE…`: exit 0 when every file is valid, 1 otherwise; one problem per line with its location. */
import { parseArgs } from 'node:util';
import { validateAr2418File, validatePair, type ValidationResult } from '../formats/ar2418/validate';
import { formatProblem, type Problem } from '../model/problems';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE = 'npx trudi validate FILE… [--taf N] [--lang de|en|both] [--notes]';

export const validateCommand: CliCommand = {
  summary: 'Validate AR 2418-6 files (schema, model, context, supplier rules); exit 0 when all are valid',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { taf: { type: 'string' }, lang: { type: 'string', default: 'both' }, notes: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length === 0) throw new UsageError('give at least one FILE.');
    const lang = values.lang;
    if (lang !== 'de' && lang !== 'en' && lang !== 'both') throw new UsageError(`--lang must be de, en or both, not "${lang}".`);
    let taf: number | undefined;
    if (values.taf !== undefined) {
      taf = Number(values.taf);
      if (!Number.isInteger(taf) || taf < 1 || taf > 14) throw new UsageError(`--taf must be a tariff use case number (1-14), not "${values.taf}".`);
    }
    const results: { file: string; result: ValidationResult; extra: Problem[] }[] = [];
    for (const file of positionals) {
      results.push({ file, result: await validateAr2418File(file, taf === undefined ? {} : { taf, billingPeriodCompleted: true }), extra: [] });
    }
    // one device and one supplier file: they must belong together
    const devices = results.filter((r) => r.result.document?.kind === 'device');
    const suppliers = results.filter((r) => r.result.document?.kind === 'supplier');
    if (devices.length === 1 && suppliers.length === 1 && devices[0] && suppliers[0]) {
      suppliers[0].extra.push(...validatePair(suppliers[0].result, devices[0].result));
    }
    let allValid = true;
    for (const { file, result, extra } of results) {
      const problems = [...result.problems, ...extra];
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.filter((p) => p.severity === 'warning').length;
      if (errors > 0) allValid = false;
      for (const p of problems) {
        if (p.severity === 'info' && !values.notes) continue;
        io.stdout.write(`${formatProblem(p, file, lang)}\n`);
      }
      io.stdout.write(`${file}: ${errors === 0 ? 'valid' : 'INVALID'} (${errors} errors, ${warnings} warnings)\n`);
    }
    return allValid ? EXIT.ok : EXIT.findings;
  },
};
