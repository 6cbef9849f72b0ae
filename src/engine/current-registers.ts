/** The current-register section of a loaded read-out's contract, with the reason when there is none. */
import { noCurrentRegisters, type CurrentRegistersSection } from '../analysis/current-registers';
import { currentRegistersSection } from '../han/current-registers';
import type { UsagePoint } from '../model/types';
import type { LoadedReadout } from './readouts';

export function currentRegistersOfReadout(readout: LoadedReadout, usagePoint: UsagePoint): CurrentRegistersSection {
  // Files and generated demo data were never connected to a gateway: they cannot have current registers.
  if (readout.summary.source !== 'gateway') return noCurrentRegisters('file');
  // A gateway read-out archived before the archive kept current registers (schema 4), or an unreadable record.
  if (readout.currentRegisters === undefined) return noCurrentRegisters('notKept');
  return currentRegistersSection(readout.currentRegisters, usagePoint);
}
