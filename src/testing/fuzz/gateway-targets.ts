/**
 * Fuzz targets for the vendor adapters: Theben CONEXA JSON, EMH CASA JSON and Dr. Neuhaus HGP XML, each a
 * read-out of every contract with its log replayed from a simulator recording (gateway-replay.ts) with one
 * answer's body mutated (bytes, and for JSON answers also field by field). The contract: the adapter returns usage points whose numbers an AR 2418-6 document
 * can hold, or refuses with a HanError (ProtocolError, DeviceError, …: the code that says which answer and
 * which field); any other error, a paging that does not stop, or an input that takes longer than the runner's
 * timeout is a failure.
 */
import { HanError } from '../../han/errors';
import type { VendorId } from '../../han/adapter';
import { ContractViolation, untyped, type FuzzTarget } from './fuzz-target';
import { ReplayClient, checkUsagePoints, readContracts, recordSession, type Recording } from './gateway-replay';
import { indexedMutations, mutatedDocument, splitIndexed } from './mutate';

function adapterTarget(name: string, vendor: VendorId & ('theben' | 'emh' | 'dnt'), gatewayId: string, parser: string): FuzzTarget {
  let recording: Recording | undefined;
  const recorded = (): Recording => {
    if (!recording) throw new Error(`fuzz target ${name}: prepare() was not awaited`);
    return recording;
  };
  return {
    name,
    parser,
    async: true,
    async prepare() {
      recording = await recordSession(vendor, gatewayId);
    },
    inputs: () => indexedMutations(recorded().answers.map((a) => a.response.body), mutatedDocument),
    async run(input) {
      const { index, bytes } = splitIndexed(input);
      const session = recorded();
      const client = new ReplayClient(session, { index, body: bytes });
      try {
        checkUsagePoints(await readContracts(vendor, client, session.gatewayId, session.range));
        return false;
      } catch (error) {
        if (error instanceof HanError) return true;
        if (error instanceof ContractViolation) throw error;
        throw untyped(`the ${vendor} adapter`, error);
      }
    },
  };
}

export const GATEWAY_FUZZ_TARGETS: readonly FuzzTarget[] = [
  adapterTarget('theben-json', 'theben', 'ETHE0012345678', 'Theben CONEXA JSON (ThebenAdapter: smgw-info, user-info, usage-point-info, readings, log), replayed'),
  adapterTarget('emh-json', 'emh', 'EEMH0012345678', 'EMH CASA JSON (EmhAdapter: systeminformations, certificate.pem, derived, origin months, conlogbook), replayed'),
  adapterTarget('hgp-xml', 'dnt', 'EDNT0012345678', 'Dr. Neuhaus HGP XML (DntAdapter and parseXmlTree: status, certificates, evp, OML/TL queries, consumer log), replayed'),
];
