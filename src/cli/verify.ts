import { parseArgs } from 'node:util';
import { bundledTestAnchors, loadTrustAnchorFile, type TrustAnchor } from '../crypto/chain/trust-anchors';
import { hasFindings, toSummary, verifyDocument } from '../crypto/verify-document';
import { closeSharedVerifyPool } from '../crypto/workers/verify-pool';
import { readReadoutFile } from '../formats/readout';
import { EXIT, UsageError, type CliCommand } from './command';
import { printReadingDetail } from './verify-detail';

export const verifyCommand: CliCommand = {
  summary: 'Verify certificate chain and per-reading signatures of an AR 2418-6 file',
  usage: 'npx trudi verify FILE [--trust ROOT.pem]… [--format trudi-sim-1] [--no-test-roots] [--json] [--reading N [--channel OBIS]]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        trust: { type: 'string', multiple: true },
        format: { type: 'string' },
        json: { type: 'boolean' },
        'no-test-roots': { type: 'boolean' },
        reading: { type: 'string' },
        channel: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('Name exactly one AR 2418-6 file to verify.');
    const file = positionals[0]!;
    const anchors: TrustAnchor[] = values['no-test-roots'] ? [] : [...bundledTestAnchors()];
    for (const path of values.trust ?? []) anchors.push(...loadTrustAnchorFile(path));

    const read = await readReadoutFile(file);
    if (!read.document) {
      const reasons = read.problems.filter((p) => p.severity === 'error').map((p) => p.en);
      io.stderr.write(`trudi verify: ${file} could not be read as an AR 2418-6 document: ${reasons.join('; ') || 'unknown reason'}\n`);
      return EXIT.failure;
    }
    if (values.reading !== undefined) {
      try {
        return await printReadingDetail(file, read.document, read.original, { reading: values.reading, channel: values.channel, json: values.json, format: values.format }, anchors, io);
      } finally {
        await closeSharedVerifyPool();
      }
    }
    let lastShown = -1;
    try {
      const result = await verifyDocument(read.document, read.original, {
        trustAnchors: anchors,
        ...(values.format ? { format: values.format } : {}),
        onProgress: values.json
          ? undefined
          : ({ done, total }) => {
              const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
              if (percent >= lastShown + 10 || done === total) {
                lastShown = percent;
                io.stderr.write(`\rverifying ${done}/${total} signatures (${percent} %)`);
                if (done === total) io.stderr.write('\n');
              }
            },
      });
      const summary = toSummary(result);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        const chain = summary.chain;
        const lines = [
          `${file}: ${summary.readings} readings: ${summary.valid} valid, ${summary.invalid} invalid, ${summary.notCheckable} not checkable, ${summary.absent} without signature`,
          `chain: ${chain.status}${chain.test ? ' (TEST root: test data / Testdaten)' : ''}: ${chain.message}`,
          ...(chain.notCheckableReason ? [`not checkable: ${chain.notCheckableReason}`] : []),
          ...(summary.container
            ? [`signed export (CMS): ${summary.container.status}${summary.container.chain?.test ? ' (TEST root: test data / Testdaten)' : ''}, signed by ${summary.container.signer ?? 'unknown'}, export time ${summary.container.exportTime ?? 'not stated'}: ${summary.container.message}`]
            : []),
          ...chain.certificates.map((c, i) => `  [${i}] ${c.subject} (issuer ${c.issuer}, serial ${c.serialNumber}, ${c.notBefore} … ${c.notAfter}, ${c.keyAlgorithm} ${c.curve ?? ''}, SHA-256 ${c.fingerprintSha256})`),
          ...summary.invalidReadings.slice(0, 20).map((r) => `  invalid: ${r.qualifiedLogicalName} ${r.captureTime} value ${r.value}: ${r.reason}`),
          ...(summary.invalidReadings.length > 20 ? [`  … and ${summary.invalidReadings.length - 20} more (use --json)`] : []),
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return hasFindings(summary) ? EXIT.findings : EXIT.ok;
    } finally {
      await closeSharedVerifyPool();
    }
  },
};
