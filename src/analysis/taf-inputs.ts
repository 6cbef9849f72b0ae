/** Picks the usage points and the tariff calendar out of device and supplier documents. */
import type { AnalysisProfile, Ar2418Document, UsagePoint } from '../model/types';
import { prepareChannels, type Channel } from './channel';
import { AnalysisError } from './errors';
import { formatObis } from './model-access';

export type DocumentOrUsagePoint = Ar2418Document | UsagePoint;

function isDocument(x: DocumentOrUsagePoint): x is Ar2418Document {
  return Array.isArray((x as Ar2418Document).usagePoints);
}

export interface TafInputs {
  device: UsagePoint;
  supplier: UsagePoint;
  profile: AnalysisProfile;
  channels: Channel[];
}

export function resolveTafInputs(device: DocumentOrUsagePoint, supplier: DocumentOrUsagePoint): TafInputs {
  const supplierPoint = isDocument(supplier) ? supplier.usagePoints.find((u) => u.analysisProfile) : supplier;
  const profile = supplierPoint?.analysisProfile;
  if (!supplierPoint || !profile) {
    throw new AnalysisError(
      'NO_ANALYSIS_PROFILE',
      'Die Lieferantendatei enthält kein AnalysisProfile (Tarifkalender). Bitte die Lieferantendatei zur Rechnung wählen, nicht die Gerätedaten.',
      'The supplier file contains no AnalysisProfile (tariff calendar). Choose the supplier file of the bill, not the device data.',
    );
  }
  let devicePoint: UsagePoint | undefined;
  if (isDocument(device)) {
    devicePoint = device.usagePoints.find((u) => u.usagePointId === supplierPoint.usagePointId && u.meterReadings.length > 0) ?? device.usagePoints.find((u) => u.meterReadings.length > 0);
  } else {
    devicePoint = device;
  }
  if (!devicePoint || devicePoint.meterReadings.length === 0) {
    throw new AnalysisError(
      'NO_METER_READINGS',
      'Die Gerätedaten enthalten keine Messwerte. Bitte eine Ablesung des Gateways mit Messwertliste wählen.',
      'The device data contain no meter readings. Choose a gateway read-out with a value list.',
    );
  }
  return { device: devicePoint, supplier: supplierPoint, profile, channels: prepareChannels(devicePoint) };
}

/** `1-0:1.8.63*255`-style OBIS of the error register for OBIS C. */
export function errorRegisterHex(registerC: number): string {
  return `0100${registerC.toString(16).padStart(2, '0')}083fff`;
}

export { formatObis };
