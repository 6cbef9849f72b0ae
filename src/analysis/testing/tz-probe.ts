/**
 * Prints consumption and TAF-2 results of generated data spanning both DST changes as one JSON line.
 * Run under different TZ values by the time-zone test: the output must not depend on the machine's zone.
 */
import { berlinTime } from '../../model/time/berlin';
import { parseTime } from '../../model/time/parse-time';
import { computeConsumption } from '../consumption';
import { computeTaf2 } from '../taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier, twoTariffDay } from './fixtures';

export function tzProbe(): unknown {
  const start = berlinTime(2018, 3, 20);
  const end = berlinTime(2018, 11, 5);
  const imp = makeOvl({ start, end, periodSeconds: 900, captureDelaySeconds: 3, step: (t) => 5 + (Math.floor(t / 900_000) % 7), omit: (t) => t % 86_400_000 === 3_600_000 * 5 });
  const exp = makeOvl({ obis: '0100020800ff', start, end, periodSeconds: 900, step: (t) => Math.floor(t / 900_000) % 3 });
  const device = makeDevice([imp, exp]);
  const profile = makeProfile({
    start: berlinTime(2018, 3, 24),
    duration: (berlinTime(2018, 11, 1) - berlinTime(2018, 3, 24)) / 1000,
    stages: [
      { tariffNumber: 1, obis: '0100010801ff' },
      { tariffNumber: 2, obis: '0100010802ff' },
    ],
    dayProfiles: [
      { dayId: 1, tariffs: twoTariffDay(1, 2, 2, 21) },
      { dayId: 2, tariffs: twoTariffDay(1, 2, 3, 4) },
    ],
    dayIdFor: (_y, _m, d) => (d % 2 === 0 ? 1 : 2),
  });
  const consumption = computeConsumption(device);
  // zone-less user input is Berlin wall time, whatever the machine's zone
  const parsed = ['2018-07-01T12:00', '01.07.2018', '2018-10-28 02:30', '2018-03-25'].map((v) => parseTime(v, { field: 'probe' }));
  return { consumption, taf2: computeTaf2(device, makeSupplier(profile)), parsed };
}

if (process.argv[1] && /tz-probe\.ts$/.test(process.argv[1])) {
  process.stdout.write(`${JSON.stringify({ tz: process.env.TZ, offset: new Date(2018, 6, 1).getTimezoneOffset(), result: tzProbe() })}\n`);
}
