/**
 * A real engine without an archive in a process of its own (tests of what a crashed engine leaves behind):
 * opens one generated device document, so that its originals are kept in a temp folder, says
 * `ready <pid>` on stdout and runs until killed or its stdin closes. Started with `node --import tsx`.
 */
import { writeAr2418Bytes } from '../../formats/ar2418/writer';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { Engine } from '../engine';

const engine = new Engine();
const bytes = writeAr2418Bytes(generateSampleDocument({ style: 'minimal', readings: 10, placeholderSignatures: true }));
await engine.openFile({ name: 'device.xml', contentBase64: Buffer.from(bytes).toString('base64') });
process.stdout.write(`ready ${process.pid}\n`);
process.stdin.resume();
process.stdin.on('end', () => void engine.close().finally(() => process.exit(0)));
