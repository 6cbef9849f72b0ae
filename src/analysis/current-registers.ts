/**
 * The current registers a gateway reports on request (the adapters' `currentRegisters`: each meter's newest
 * register value), next to the newest usable reading of the same register in the read-out's original value
 * list. Values are in the display unit (kWh for energies), rounded to the precision the register carries.
 */
import type { UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import { buildChannel, isUsableStatus, prepareChannels, type Channel } from './channel';
import { NO_STATUS } from './model-access';
import { roundScaled } from './units';

export interface CurrentRegister {
  meterId: string;
  obis: string;
  time: string;
  value: number;
  displayUnit: string;
  /** PTB status 0..4; null when the gateway delivered none with the value. */
  ptb: number | null;
  /** The newest usable reading of the same meter and OBIS code in the read-out; null when it has none. */
  lastInReadout: { time: string; value: number } | null;
}

function scaled(channel: Channel, raw: number): number {
  return roundScaled(raw * channel.display.factor, channel.display.factor);
}

/** One entry per register the gateway delivered (its newest reading when it sent several). */
export function currentRegisterValues(current: UsagePoint, readout?: UsagePoint): CurrentRegister[] {
  const originals = readout ? prepareChannels(readout).filter((c) => c.original) : [];
  const out: CurrentRegister[] = [];
  for (const meterReading of current.meterReadings) {
    const channel = buildChannel(meterReading);
    const i = channel.times.length - 1;
    if (i < 0) continue;
    const same = originals.find((c) => c.meterId === channel.meterId && c.obisHex === channel.obisHex);
    let lastInReadout: CurrentRegister['lastInReadout'] = null;
    if (same) {
      for (let k = same.times.length - 1; k >= 0; k--) {
        if (!isUsableStatus(same.status[k]!)) continue;
        lastInReadout = { time: formatBerlinIso(same.captureAt(k)), value: scaled(same, same.values[k]!) };
        break;
      }
    }
    out.push({
      meterId: channel.meterId,
      obis: channel.obis,
      time: formatBerlinIso(channel.captureAt(i)),
      value: scaled(channel, channel.values[i]!),
      displayUnit: channel.display.unit,
      ptb: channel.status[i] === NO_STATUS ? null : channel.status[i]!,
      lastInReadout,
    });
  }
  return out;
}

/**
 * The current-register section of a contract's register report. `delivered`: what the gateway reported when
 * it was read; `failed`: the gateway was asked and refused or could not answer; `none`: not asked, with the
 * reason (a file read-out has no current registers: they exist only while connected to the gateway).
 */
export type CurrentRegistersSection =
  | { status: 'delivered'; registers: CurrentRegister[] }
  | { status: 'failed'; error: { code: string; de: string; en: string } }
  | { status: 'none'; reason: 'file' | 'notRead' | 'notKept'; de: string; en: string };

const NONE: Record<'file' | 'notRead' | 'notKept', { de: string; en: string }> = {
  file: {
    de: 'Diese Ablesung stammt aus einer Datei (oder sind erzeugte Demo-Daten) und enthält keine aktuellen Register: Das Gateway meldet sie nur bei bestehender Verbindung. Lesen Sie das Gateway aus, um sie zu sehen.',
    en: 'This read-out comes from a file (or is generated demo data) and holds no current registers: the gateway reports them only while connected. Read the gateway to see them.',
  },
  notRead: {
    de: 'Bei dieser Auslesung (z. B. einer Synchronisierung) wurden keine aktuellen Register abgefragt.',
    en: 'No current registers were asked for in this read-out (e.g. a sync).',
  },
  notKept: {
    de: 'Die aktuellen Register dieser Auslesung wurden nicht mit ihr im Archiv aufbewahrt (archiviert von einer älteren TRuDI-Version); die Antworten des Gateways liegen unverändert im Archiv. Lesen Sie das Gateway erneut aus, um sie zu sehen.',
    en: "The current registers of this read-out were not kept with it in the archive (archived by an older TRuDI version); the gateway's answers are kept unchanged in the archive. Read the gateway again to see them.",
  },
};

export function noCurrentRegisters(reason: 'file' | 'notRead' | 'notKept'): CurrentRegistersSection {
  return { status: 'none', reason, ...NONE[reason] };
}
