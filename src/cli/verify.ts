import { parseArgs } from 'node:util';
import { hasFindings, toSummary, verifyDocument } from '../crypto/verify-document';
import { closeSharedVerifyPool } from '../crypto/workers/verify-pool';
import { readReadoutFile } from '../formats/readout';
import { EXIT, UsageError, type CliCommand } from './command';
import { printReadingDetail } from './verify-detail';
import { cliTrustAnchors, TRUST_OPTIONS, TRUST_USAGE } from './trust-options';

export const verifyCommand: CliCommand = {
  summary: 'Verify certificate chain and per-reading signatures of an AR 2418-6 file',
  usage: ['npx trudi verify FILE [--trust ROOT.pem]… [--test-roots] [--format trudi-sim-1] [--json] [--reading N [--channel OBIS]]', ...TRUST_USAGE].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...TRUST_OPTIONS,
        format: { type: 'string' },
        json: { type: 'boolean' },
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
    const anchors = cliTrustAnchors(values);

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
        const test = chain.test || summary.signers.some((s) => s.chain.test);
        const lines = [
          `${file}: ${summary.readings} readings: ${summary.valid} valid${test ? ' (TEST root: test data, not evidence / Testdaten, kein Nachweis)' : ''}, ${summary.invalid} invalid, ${summary.notCheckable} not checkable, ${summary.absent} without signature`,
          ...(summary.signerNotEstablished > 0
            ? [`${summary.signerNotEstablished} signature(s) match, but no installed root establishes the signer (install the SM-PKI root: trudi trust add ROOT.pem)`]
            : []),
          `chain: ${chain.status}${chain.test ? ' (TEST root: test data / Testdaten)' : ''}: ${chain.message}`,
          ...(summary.signers.length > 1 ? summary.signers.map((s) => `  signer certId ${s.certId ?? '-'}: ${s.subject}: ${s.readings} readings, chain ${s.chain.status}${s.chain.test ? ' (TEST)' : ''}${s.problem ? `, may not sign: ${s.problem}` : ''}`) : []),
          ...(chain.notCheckableReason ? [`not checkable: ${chain.notCheckableReason}`] : []),
          ...(summary.container
            ? [`signed export (CMS): ${summary.container.status}${summary.container.chain?.test ? ' (TEST root: test data / Testdaten)' : ''}, signed by ${summary.container.signer ?? 'unknown'}, export time ${summary.container.exportTime ?? 'not stated'}: ${summary.container.message}`]
            : []),
          ...chain.certificates.map((c, i) => `  [${i}] ${c.subject} (issuer ${c.issuer}, serial ${c.serialNumber}, ${c.notBefore} … ${c.notAfter}, ${c.keyAlgorithm} ${c.curve ?? ''}, SHA-256 ${c.fingerprintSha256})`),
          ...summary.invalidReadings.slice(0, 20).map((r) => `  invalid: ${r.qualifiedLogicalName} ${r.captureTime} value ${r.value}: ${r.reason}`),
          ...(summary.invalidReadings.length > 20 ? [`  … and ${summary.invalidReadings.length - 20} more (use --json)`] : []),
          hasFindings(summary)
            ? `not verified: ${summary.readings - summary.valid} of ${summary.readings} readings without an earned check mark${summary.container && summary.container.status !== 'valid' ? ', signed export not valid' : ''} (exit 1)`
            : `verified: all ${summary.readings} readings${test ? ' (against a TEST root: test data, not evidence)' : ''}`,
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return hasFindings(summary) ? EXIT.findings : EXIT.ok;
    } finally {
      await closeSharedVerifyPool();
    }
  },
};
