import { parseArgs } from 'node:util';
import { PKI_CURVES, curveByName } from '../crypto/curves';
import { closeSharedVerifyPool } from '../crypto/workers/verify-pool';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { berlinTime } from '../model/time/berlin';
import type { PkiCurve } from '../simulator/sample/sample-options';
import { generateSignedSampleDocument, type SampleChannel } from '../simulator/sample/sample-document';
import { EXIT, UsageError, type CliCommand } from './command';
import { writeFileAtomic } from '../platform/atomic-write';

export const sampleCommand: CliCommand = {
  summary: 'Write a signed sample AR 2418-6 device document (test SM-PKI, household/PV data)',
  usage:
    'npx trudi sample --months N --out FILE.xml [--channels import,export] [--curve brainpoolP256r1|brainpoolP384r1|P-256|P-384] [--seed TEXT] [--start YYYY-MM]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        months: { type: 'string' },
        out: { type: 'string' },
        channels: { type: 'string' },
        curve: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    if (!values.out) throw new UsageError('--out FILE.xml is required.');
    const months = values.months === undefined ? 1 : Number(values.months);
    if (!Number.isInteger(months) || months < 1 || months > 36) throw new UsageError(`--months must be a whole number from 1 to 36, not "${values.months}".`);
    const channels = (values.channels ?? 'import,export').split(',').map((c) => c.trim());
    for (const channel of channels) if (channel !== 'import' && channel !== 'export') throw new UsageError(`--channels takes import and/or export, not "${channel}".`);
    const curve = curveByName(values.curve ?? 'brainpoolP256r1');
    if (!curve || !PKI_CURVES.includes(curve.name)) throw new UsageError(`--curve must be one of ${PKI_CURVES.join(', ')}, not "${values.curve}".`);
    let start: number | undefined;
    if (values.start !== undefined) {
      const match = /^(\d{4})-(\d{2})$/.exec(values.start);
      if (!match) throw new UsageError(`--start takes a month as YYYY-MM, not "${values.start}".`);
      start = berlinTime(Number(match[1]), Number(match[2]), 1);
    }

    const began = performance.now();
    try {
      const { document, pki } = await generateSignedSampleDocument({
        months,
        channels: channels as SampleChannel[],
        curve: curve.name as PkiCurve,
        ...(values.seed !== undefined ? { seed: values.seed } : {}),
        ...(start !== undefined ? { start } : {}),
      });
      const bytes = writeAr2418Bytes(document);
      writeFileAtomic(values.out, bytes);
      const readings = document.usagePoints.flatMap((u) => u.meterReadings).reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
      io.stdout.write(
        `Wrote ${values.out}: ${readings} signed readings (${channels.join(', ')}, ${months} month(s)), gateway ${pki.gatewayId}, ${curve.name}, ` +
          `${(bytes.length / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - began) / 1000).toFixed(1)} s.\n` +
          'TEST data signed with the TRuDI test SM-PKI (bundled test root, labelled "test").\n',
      );
      return EXIT.ok;
    } finally {
      await closeSharedVerifyPool();
    }
  },
};
