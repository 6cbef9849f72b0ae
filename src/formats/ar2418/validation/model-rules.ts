/**
 * Model rules: the elements every AR 2418-6 document needs and the allowed code values.
 * (Per-reading rules — value, time, status — are checked while reading, where the exact position is known.)
 */
import type { Ar2418Document, UsagePoint } from '../../../model/types';
import { problem, type Problem } from '../../../model/problems';
import { isKnownUom, isValidPowerOfTenMultiplier } from '../../../model/units';
import { isObisHex } from '../../../model/obis';
import type { SourceLocations } from '../source-locations';

export const SERVICE_KINDS: readonly number[] = [0, 1, 2, 4, 5, 6, 7, 8];
export const CERT_TYPES: readonly number[] = [1, 2, 3];

export function validateModel(doc: Ar2418Document, locations: SourceLocations): Problem[] {
  const out: Problem[] = [];
  if (doc.usagePoints.length === 0) {
    out.push(problem('model.no-usage-point', 'error', 'Das Dokument enthält keinen UsagePoint.', 'The document contains no UsagePoint.'));
  }
  for (const up of doc.usagePoints) validateUsagePoint(doc, up, locations, out);
  return out;
}

function missing(out: Problem[], code: string, element: string, where: ReturnType<SourceLocations['of']>): void {
  out.push(problem(code, 'error', `Das Pflichtelement ${element} fehlt oder ist leer.`, `The required element ${element} is missing or empty.`, where));
}

function validateUsagePoint(doc: Ar2418Document, up: UsagePoint, locations: SourceLocations, out: Problem[]): void {
  const at = locations.of(up);
  const device = doc.kind === 'device';
  if (!up.usagePointId) missing(out, 'model.usage-point-id', 'usagePointId', at);
  if (!up.tariffName) missing(out, 'model.tariff-name', 'tariffName', at);
  if (!up.invoicingPartyId) missing(out, 'model.invoicing-party', 'InvoicingParty/invoicingPartyId', at);
  if (device && !up.customerId) missing(out, 'model.customer', 'Customer/customerId', at);
  if (!up.smgw.smgwId) missing(out, 'model.smgw-id', 'SMGW/smgwId', locations.of(up.smgw) ?? at);
  if (device && up.smgw.certIds.length === 0) missing(out, 'model.smgw-cert-id', 'SMGW/certId', locations.of(up.smgw) ?? at);
  if (up.serviceCategory < 0) missing(out, 'model.service-category', 'espi:ServiceCategory/espi:kind', at);
  else if (!SERVICE_KINDS.includes(up.serviceCategory)) {
    out.push(
      problem(
        'model.service-kind',
        'error',
        `Die Sparte (espi:kind) ${up.serviceCategory} ist ungültig (erlaubt: ${SERVICE_KINDS.join(', ')}).`,
        `The service kind (espi:kind) ${up.serviceCategory} is invalid (allowed: ${SERVICE_KINDS.join(', ')}).`,
        at,
      ),
    );
  }
  for (const cert of up.certificates) {
    if (!CERT_TYPES.includes(cert.certType)) {
      out.push(
        problem(
          'model.cert-type',
          'error',
          `Der Zertifikatstyp ${cert.certType} ist ungültig (1 Signatur, 2 Sub-CA, 3 HAN-TLS).`,
          `The certificate type ${cert.certType} is invalid (1 signature, 2 Sub-CA, 3 HAN TLS).`,
          locations.of(cert) ?? at,
        ),
      );
    }
  }
  for (const entry of up.logEntries) {
    if (entry.level !== undefined && (entry.level < 1 || entry.level > 5)) {
      out.push(
        problem('model.log-level', 'error', `Die Log-Stufe ${entry.level} ist ungültig (1 bis 5).`, `The log level ${entry.level} is invalid (1 to 5).`, locations.of(entry) ?? at),
      );
    }
    if (entry.outcome !== undefined && entry.outcome > 2) {
      out.push(
        problem(
          'model.log-outcome',
          'error',
          `Das Log-Ergebnis ${entry.outcome} ist ungültig (0 bis 2).`,
          `The log outcome ${entry.outcome} is invalid (0 to 2).`,
          locations.of(entry) ?? at,
        ),
      );
    }
  }
  for (const mr of up.meterReadings) {
    const where = locations.of(mr) ?? at;
    const rt = mr.readingType;
    if (!mr.meterId) missing(out, 'model.meter-id', 'Meter/meterId', where);
    if (!mr.meterReadingId) missing(out, 'model.meter-reading-id', 'meterReadingId', where);
    if (!rt.qualifiedLogicalName) missing(out, 'model.qualified-logical-name', 'ReadingType/qualifiedLogicalName', where);
    if (!rt.obisCode) missing(out, 'model.obis', 'ReadingType/obisCode', where);
    else if (!isObisHex(rt.obisCode)) {
      out.push(
        problem(
          'model.obis-hex',
          'error',
          `Die OBIS-Kennzahl "${rt.obisCode}" ist kein 12-stelliger Hex-Wert.`,
          `The OBIS code "${rt.obisCode}" is not 12 hex characters.`,
          where,
        ),
      );
    }
    if (!isValidPowerOfTenMultiplier(rt.powerOfTenMultiplier)) {
      out.push(
        problem(
          'model.multiplier',
          'error',
          `Der Einheitenvorsatz (powerOfTenMultiplier) ${rt.powerOfTenMultiplier} ist ungültig (erlaubt: -6, -3, 0, 1, 2, 3, 6, 9).`,
          `The unit multiplier (powerOfTenMultiplier) ${rt.powerOfTenMultiplier} is invalid (allowed: -6, -3, 0, 1, 2, 3, 6, 9).`,
          where,
        ),
      );
    }
    if (!isKnownUom(rt.uom)) {
      out.push(
        problem('model.uom', 'warning', `Die Einheit (uom) ${rt.uom} ist unbekannt.`, `The unit (uom) ${rt.uom} is unknown.`, where),
      );
    }
  }
}
