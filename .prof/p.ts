import { forgetPreparedChannels } from '/work/wt/lead/src/analysis/channel';
import { computeTaf2 } from '/work/wt/lead/src/analysis/taf2';
import { berlinTime } from '/work/wt/lead/src/model/time/berlin';
import { makeDevice, makeOvl, makeProfile, makeSupplier, seededRandom, twoTariffDay } from '/work/wt/lead/src/analysis/testing/fixtures';
const start = berlinTime(2023, 1, 1); const end = berlinTime(2025, 1, 1); const rnd = seededRandom(2418);
const imp = makeOvl({ start, end, periodSeconds: 900, captureDelaySeconds: 3, step: () => Math.floor(rnd() * 120), omit: () => rnd() < 0.001 });
const exp = makeOvl({ obis: '0100020800ff', start, end, periodSeconds: 900, captureDelaySeconds: 3, step: () => Math.floor(rnd() * 60) });
for (const list of [imp, exp]) for (const r of list.intervalBlocks[0]!.readings) { delete r.statusPTB; r.statusFNN = 'A000000020000000'; }
const profile = makeProfile({ start, duration: (end - start) / 1000, stages: [ { tariffNumber: 1, obis: '0100010801ff' }, { tariffNumber: 2, obis: '0100010802ff' }, { tariffNumber: 3, obis: '0100020801ff' }, { tariffNumber: 4, obis: '0100020802ff' } ],
  dayProfiles: [ { dayId: 1, tariffs: twoTariffDay(1, 2, 6, 22) }, { dayId: 2, tariffs: twoTariffDay(3, 4, 10, 16) } ] });
profile.specialDayProfiles = [...profile.specialDayProfiles, ...profile.specialDayProfiles.map((s) => ({ ...s, dayId: 2 }))];
const device = makeDevice([imp, exp]); const supplier = makeSupplier(profile);
const times: number[] = [];
for (let i = 0; i < 200; i++) { forgetPreparedChannels(); const t = performance.now(); computeTaf2(device, supplier); times.push(performance.now() - t); }
times.sort((a, b) => a - b); console.log('cold best', times[0]!.toFixed(2), 'median', times[100]!.toFixed(2));
