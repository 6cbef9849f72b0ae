/**
 * Fuzz targets for files a user brings besides read-outs: the supplier's tariff file (AR 2418-6 with an
 * AnalysisProfile) through the reader, the supplier rules and the bill check against its device data, and
 * the consumer's PKCS#12 client certificate.
 */
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { ApiError } from '../../api/errors';
import { computeTaf } from '../../analysis/taf';
import { makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay } from '../../analysis/testing/fixtures';
import { validateSupplierProfile } from '../../formats/ar2418/validate';
import { writeAr2418Bytes } from '../../formats/ar2418/writer';
import { readReadout } from '../../formats/readout';
import { ClientCertificateInvalidError } from '../../han/errors';
import { loadClientCertificate } from '../../han/client-certificate';
import { berlinTime } from '../../model/time/berlin';
import type { UsagePoint } from '../../model/types';
import { consumerClientIdentity, tlsPki } from '../../simulator/gateway/identities';
import { HAS_CONFORMANCE, conformancePath } from '../conformance';
import { refusedReadout, untyped, type FuzzTarget } from './fuzz-target';
import { indexedMutations, mutatedBytes, splitIndexed } from './mutate';

/** A supplier file (the seed) and the device data its bill check runs against. */
interface SupplierPair {
  supplier: Uint8Array;
  device: UsagePoint | undefined;
}

/** Two days of TAF-2 (T1 00–06 and 21–24, T2 06–21) with 15-minute device readings, built here. */
function generatedPair(): SupplierPair {
  const start = berlinTime(2024, 3, 30);
  const end = berlinTime(2024, 4, 1); // over the change to summer time
  const stages = [
    { tariffNumber: 1, obis: '0100010801ff' },
    { tariffNumber: 2, obis: '0100010802ff' },
  ];
  const profile = makeProfile({ start, duration: (end - start) / 1000, stages, dayProfiles: [{ dayId: 1, tariffs: twoTariffDay(1, 2, 6, 21) }] });
  const supplier = writeAr2418Bytes({ kind: 'supplier', schemaVersion: '1.2', usagePoints: [makeSupplier(profile)] });
  return { supplier, device: makeDevice([makeOvl({ start, end, periodSeconds: 900 })]) };
}

/** Golden-case pairs of ../shared/conformance (TAF-2 one day, two days, five days at 30 min; TAF-1 one month). */
const CONFORMANCE_PAIRS: [device: string, supplier: string][] = [
  ['trudi/taf2/result_single_day.xml', 'trudi/taf2/supplier_single_day.xml'],
  ['trudi/taf2/result_3_days.xml', 'trudi/taf2/supplier_2_day.xml'],
  ['trudi/taf2/result_five_days_period_30min.xml', 'trudi/taf2/supplier_five_days.xml'],
  ['trudi/taf1/result_1_month.xml', 'trudi/taf1/supplier_1_month.xml'],
  ['minimal/pair_IF_Adapter_TRuDI_2024-01-01_97values.xml', 'minimal/minimal_IF_Lieferant_TRuDI.xml'],
];

let pairs: SupplierPair[] | undefined;
function supplierPairs(): SupplierPair[] {
  if (pairs) return pairs;
  pairs = [generatedPair()];
  if (HAS_CONFORMANCE) {
    for (const [device, supplier] of CONFORMANCE_PAIRS) {
      const read = readReadout(readFileSync(conformancePath(...device.split('/'))));
      pairs.push({ supplier: readFileSync(conformancePath(...supplier.split('/'))), device: read.document?.usagePoints[0] });
    }
  }
  return pairs;
}

const supplier: FuzzTarget = {
  name: 'supplier',
  parser: 'supplier tariff file: reader, supplier rules, bill check against its device data (computeTaf)',
  inputs: () => indexedMutations(supplierPairs().map((p) => p.supplier)),
  run: (input) => {
    const { index, bytes } = splitIndexed(input);
    const pair = supplierPairs()[index]!;
    const read = readReadout(bytes);
    const refused = refusedReadout(read);
    if (!read.document) return true;
    validateSupplierProfile(read.document, read.locations);
    if (!pair.device) return refused;
    try {
      computeTaf(pair.device, read.document, { supplierBytes: bytes });
    } catch (error) {
      // The bill check refuses with its own AnalysisError (an ApiError with a code and both languages).
      if (error instanceof ApiError) return true;
      throw untyped('computeTaf', error);
    }
    return refused;
  },
};

const PASSPHRASE = 'client-secret';

/** The PFX without its macData (PKCS#12 allows it; OpenSSL and node-forge then skip the integrity check). */
function withoutMac(pfx: Uint8Array): Uint8Array {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pfx).toString('binary')));
  (asn1.value as forge.asn1.Asn1[]).splice(2);
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
let pkcs12Seeds: Uint8Array[] | undefined;

const pkcs12: FuzzTarget = {
  name: 'pkcs12',
  parser: 'PKCS#12 client certificate (loadClientCertificate: the one reader, crypto/pki/pkcs12.ts, node-forge for modern and legacy encryption)',
  inputs: () => {
    if (!pkcs12Seeds) {
      const identity = consumerClientIdentity(tlsPki('EDNT0012345678', 'brainpoolP256r1'), PASSPHRASE);
      // Without the MAC too: most mutations then get past the integrity check into the bags.
      pkcs12Seeds = [identity.pkcs12, identity.pkcs12Legacy, withoutMac(identity.pkcs12), withoutMac(identity.pkcs12Legacy)];
    }
    return mutatedBytes(pkcs12Seeds);
  },
  run: (input) => {
    try {
      const credentials = loadClientCertificate({ kind: 'pkcs12', data: input, passphrase: PASSPHRASE });
      return credentials.key.length === 0;
    } catch (error) {
      if (error instanceof ClientCertificateInvalidError) return true;
      throw untyped('loadClientCertificate', error);
    }
  },
};

export const FILE_FUZZ_TARGETS: readonly FuzzTarget[] = [supplier, pkcs12];
