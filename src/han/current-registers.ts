/** The current-register section of a usage point from what `readGateway({ withCurrentRegisters })` returned. */
import { currentRegisterValues, noCurrentRegisters, type CurrentRegistersSection } from '../analysis/current-registers';
import type { UsagePoint } from '../model/types';
import type { CurrentRegistersOutcome } from './read-gateway';

export function currentRegistersSection(outcomes: readonly CurrentRegistersOutcome[] | undefined, usagePoint: UsagePoint): CurrentRegistersSection {
  const outcome = outcomes?.find((o) => o.contractId === usagePoint.tariffName);
  if (!outcome) return noCurrentRegisters('notRead');
  if ('error' in outcome) return { status: 'failed', error: outcome.error };
  return { status: 'delivered', registers: currentRegisterValues(outcome.usagePoint, usagePoint) };
}
