import type { IntervalReading } from '../../model/types';

/**
 * Fields of an IntervalReading while it is read. `build` makes the model object with only the fields
 * present, as one object literal for the usual combinations (one allocation, no shape changes).
 */
export class ReadingDraft {
  value = 0;
  captureTime = 0;
  duration = 0;
  targetTime: number | undefined = undefined;
  measurementTimeMeter: number | undefined = undefined;
  certId: number | undefined = undefined;
  meterSig: string | undefined = undefined;
  signature: string | undefined = undefined;
  statusFNN: string | undefined = undefined;
  statusPTB: number | undefined = undefined;
  statusVendor: string | undefined = undefined;

  reset(): void {
    this.value = 0;
    this.captureTime = 0;
    this.duration = 0;
    this.targetTime = undefined;
    this.measurementTimeMeter = undefined;
    this.certId = undefined;
    this.meterSig = undefined;
    this.signature = undefined;
    this.statusFNN = undefined;
    this.statusPTB = undefined;
    this.statusVendor = undefined;
  }

  build(): IntervalReading {
    const { value, captureTime, duration, targetTime, certId, meterSig, signature, statusFNN, statusPTB } = this;
    if (this.measurementTimeMeter === undefined && this.statusVendor === undefined) {
      if (certId === undefined && meterSig === undefined && signature === undefined) {
        if (targetTime === undefined) {
          if (statusFNN === undefined && statusPTB !== undefined) return { value, captureTime, duration, statusPTB };
          if (statusFNN !== undefined && statusPTB !== undefined) return { value, captureTime, duration, statusFNN, statusPTB };
        } else if (statusPTB !== undefined) {
          if (statusFNN === undefined) return { value, captureTime, duration, targetTime, statusPTB };
          return { value, captureTime, duration, targetTime, statusFNN, statusPTB };
        }
      } else if (targetTime !== undefined && certId !== undefined && meterSig !== undefined && signature !== undefined && statusFNN !== undefined && statusPTB !== undefined) {
        return { value, captureTime, duration, targetTime, certId, meterSig, signature, statusFNN, statusPTB };
      }
    }
    const r: IntervalReading = { value, captureTime, duration };
    if (targetTime !== undefined) r.targetTime = targetTime;
    if (this.measurementTimeMeter !== undefined) r.measurementTimeMeter = this.measurementTimeMeter;
    if (certId !== undefined) r.certId = certId;
    if (meterSig !== undefined) r.meterSig = meterSig;
    if (signature !== undefined) r.signature = signature;
    if (statusFNN !== undefined) r.statusFNN = statusFNN;
    if (statusPTB !== undefined) r.statusPTB = statusPTB;
    if (this.statusVendor !== undefined) r.statusVendor = this.statusVendor;
    return r;
  }
}
