/**
 * Seeded random TAF-2 scenarios for property tests: an original value list (periods 15 min … 1 day, gaps,
 * a block gap, PTB 0-4, capture delays, often on a DST day) and a calendar of random day profiles (a
 * tariff change at any quarter hour, days without a profile).
 */
import { berlinTime } from '../../model/time/berlin';
import type { MeterReading } from '../../model/types';
import { makeOvl, makeProfile, seededRandom } from './fixtures';

const PERIODS = [900, 900, 900, 1800, 2700, 3600, 10800, 21600, 86400];
const DST_DAYS = [
  [2017, 3, 26],
  [2017, 10, 29],
  [2018, 3, 25],
  [2018, 10, 28],
  [2019, 3, 31],
  [2019, 10, 27],
];

export interface TafScenario {
  readings: MeterReading;
  registerC: number;
  profile: ReturnType<typeof makeProfile>;
}

/** A seeded random original value list and tariff calendar. */
export function tafScenario(seed: number): TafScenario {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const [y, m, d] = rnd() < 0.5 ? pick(DST_DAYS) : [2017 + Math.floor(rnd() * 3), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)];
  const dayCount = 1 + Math.floor(rnd() * 4);
  const firstDay = berlinTime(y!, m!, d! - Math.floor(rnd() * 2));
  const end = berlinTime(y!, m!, d! - Math.floor(rnd() * 2) + dayCount);
  const periodSeconds = pick(PERIODS);
  const registerC = rnd() < 0.3 ? 2 : 1;
  const gapRate = rnd() * 0.3;
  const badRate = rnd() * 0.1;
  const blockGapStart = firstDay + rnd() * (end - firstDay);
  const blockGapEnd = blockGapStart + rnd() * 6 * 3_600_000;
  const readings = makeOvl({
    obis: registerC === 1 ? '0100010800ff' : '0100020800ff',
    start: firstDay - (rnd() < 0.3 ? periodSeconds * 1000 * Math.floor(rnd() * 5) : 0),
    end: end + (rnd() < 0.3 ? periodSeconds * 1000 * Math.floor(rnd() * 5) : 0),
    periodSeconds,
    step: () => Math.floor(rnd() * 50),
    omit: (t) => rnd() < gapRate || (t >= blockGapStart && t < blockGapEnd),
    status: () => (rnd() < badRate ? Math.floor(rnd() * 5) : 0),
    captureDelaySeconds: rnd() < 0.5 ? Math.floor(rnd() * 5) : 0,
  });
  const tariffs = [1, 2, 3].slice(0, 1 + Math.floor(rnd() * 3));
  const stageObis = (n: number) => `0100${registerC.toString(16).padStart(2, '0')}08${n.toString(16).padStart(2, '0')}ff`;
  const dayProfiles = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => {
    const slots: number[] = [];
    let current = pick(tariffs);
    for (let s = 0; s < 96; s++) {
      if (rnd() < 0.08) current = pick(tariffs);
      slots.push(current);
    }
    return { dayId: i + 1, tariffs: slots };
  });
  const holeDay = rnd() < 0.2 ? d! : -1;
  const profile = makeProfile({
    start: firstDay + (rnd() < 0.2 ? Math.floor(rnd() * 24) * 3_600_000 : 0),
    duration: Math.round((end - firstDay) / 1000),
    stages: tariffs.map((n) => ({ tariffNumber: n, obis: stageObis(n) })),
    dayProfiles,
    dayIdFor: (_y, _m, day) => (day === holeDay ? undefined : 1 + Math.floor(rnd() * dayProfiles.length)),
  });
  return { readings, registerC, profile };
}
