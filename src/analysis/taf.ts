/** The bill check: TAF-1 or TAF-2 as the supplier file says, with the supplier file's checksums. */
import { AnalysisError } from './errors';
import { supplierFileChecksums } from './checksums';
import { resolveTafInputs, type DocumentOrUsagePoint } from './taf-inputs';
import type { TafResult } from './taf-result';
import { computeTaf1 } from './taf1';
import { computeTaf2 } from './taf2';

export interface TafOptions {
  /** Force TAF-1 or TAF-2 instead of the supplier file's tariffUseCase. */
  taf?: 1 | 2;
  /** The supplier file's bytes, for the checksums printed on the bill. */
  supplierBytes?: Uint8Array;
  /** Our own view where TRuDI refuses (TAF-1 with derived lists, see Taf1Options.ownView); default TRuDI-identical. */
  ownView?: boolean;
}

export function computeTaf(device: DocumentOrUsagePoint, supplier: DocumentOrUsagePoint, options: TafOptions = {}): TafResult {
  const useCase = options.taf ?? resolveTafInputs(device, supplier).profile.tariffUseCase;
  let result: TafResult;
  if (useCase === 1) result = computeTaf1(device, supplier, { ownView: options.ownView ?? false });
  else if (useCase === 2) result = computeTaf2(device, supplier);
  else {
    throw new AnalysisError(
      'UNSUPPORTED_TAF',
      `Die Lieferantendatei ist für TAF-${useCase} ausgestellt; nachrechnen lassen sich TAF-1 und TAF-2.`,
      `The supplier file is made for TAF-${useCase}; only TAF-1 and TAF-2 can be recomputed.`,
    );
  }
  if (options.supplierBytes) result.supplierChecksums = supplierFileChecksums(options.supplierBytes);
  return result;
}
