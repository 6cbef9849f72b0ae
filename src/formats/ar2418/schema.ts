/**
 * The part of the AR 2418-6 schema (v1.2 and v1.4) the reader checks while streaming: element order
 * (xs:sequence), occurrence, leaf types, and which elements exist only in v1.4.
 *
 * Keys: elements of the AR namespace by local name, ESPI elements as `espi:<local>`.
 * A child entry reads `name[quantifier][:type][:1.4]`; quantifier none = exactly one, `?` optional,
 * `*` any number, `+` at least one. Children without a type are complex (described by their own entry)
 * or, when they have no entry, opaque: accepted and skipped.
 */

export const NS_AR = 'http://vde.de/AR_2418-6.xsd';
export const NS_ESPI = 'http://naesb.org/espi';
export const NS_ATOM = 'http://www.w3.org/2005/Atom';

export type LeafType = 'string' | 'uint' | 'int' | 'dateTime' | 'hex' | 'bool';

export interface ChildDef {
  key: string;
  index: number;
  min: number;
  /** 1 or Infinity */
  max: number;
  leaf?: LeafType;
  maxLength?: number;
  /** Only defined from schema v1.4 on. */
  v14: boolean;
  /** Number of a leaf on the hot path of the reader (one per reading), else 0. */
  slot: number;
}

export interface ParentDef {
  key: string;
  children: ChildDef[];
  byKey: Map<string, ChildDef>;
  /** The children are an xs:choice (one of them), not a sequence. */
  isChoice: boolean;
}

const DATE_TIME_INTERVAL = ['duration?:uint', 'start?:dateTime'];

const DEFINITION: Record<string, string[]> = {
  UsagePoints: ['GeneratorVersion?:string256:1.4', 'UsagePoint+'],
  UsagePoint: [
    'espi:batchItemInfo?',
    'espi:roleFlags?:hex',
    'espi:ServiceCategory?',
    'espi:status?:uint',
    'espi:ServiceDeliveryPoint?',
    'espi:amiBillingReady?',
    'espi:checkBilling?:bool',
    'espi:connectionState?',
    'espi:estimatedLoad?',
    'espi:grounded?:bool',
    'espi:isSdp?:bool',
    'espi:isVirtual?:bool',
    'espi:minimalUsageExpected?:bool',
    'espi:nominalServiceVoltage?',
    'espi:outageRegion?:string256',
    'espi:phaseCode?',
    'espi:ratedCurrent?',
    'espi:ratedPower?',
    'espi:readCycle?:string256',
    'espi:readRoute?:string256',
    'espi:serviceDeliveryRemark?:string256',
    'espi:servicePriority?:string32',
    'espi:pNode?:string256',
    'espi:aggregateNodes?',
    'usagePointId?:string256',
    'Customer?',
    'InvoicingParty?',
    'SMGW?',
    'VendorConfig?:1.4',
    'Certificate*',
    'tariffName?:string256',
    'MathOperation?',
    'AnalysisProfile?',
    'LogEntry*',
    'MeterReading*',
  ],
  'espi:ServiceCategory': ['espi:kind:uint'],
  Customer: ['customerId:string64'],
  InvoicingParty: ['invoicingPartyId:string64'],
  SMGW: [
    'certId*:uint',
    'smgwId:string32',
    'Manufacturer?:string32',
    'FirmwareVersion?:string64',
    'FirmwareComponent*:1.4',
    'SystemTime?:dateTime',
  ],
  FirmwareComponent: ['name:string64', 'version?:string256', 'checksum?:string256'],
  VendorConfig: ['tafProfile?:hex'],
  Certificate: ['certId:uint', 'certType:uint', 'parentCertId?:uint', 'certContent:hex'],
  AnalysisProfile: [
    'tariffUseCase:uint',
    'tariffId:string64',
    'description?:string256',
    'billingPeriod',
    'TariffStage+',
    'defaultTariffNumber:uint',
    'TariffChangeTrigger*',
    'RuleSystem?',
  ],
  billingPeriod: DATE_TIME_INTERVAL,
  TariffStage: ['tariffNumber:uint', 'description?:string256', 'DatetimePeriod?', 'MinMaxCounter*', 'obisCode:string32', 'Prepaid?'],
  // xs:choice of ThresholdTrigger | TimeTrigger | ExternalEventTrigger; the order check sees them as alternatives
  TariffChangeTrigger: ['ThresholdTrigger?', 'TimeTrigger?', 'ExternalEventTrigger?'],
  TimeTrigger: ['DayProfile+', 'SeasonProfile*', 'WeekProfile*', 'SpecialDayProfile*'],
  DayProfile: ['dayId+:string256', 'DayTimeProfile+'],
  DayTimeProfile: ['startTime', 'tariffNumber:uint'],
  startTime: ['hour?:uint', 'minute?:uint', 'second?:uint', 'hundreds?:uint'],
  SpecialDayProfile: ['specialDayDate', 'dayId:string256'],
  specialDayDate: ['year?:uint', 'month?:uint', 'day_of_week?:uint', 'day_of_month?:uint'],
  LogEntry: ['parentRecordNumber?:uint', 'recordNumber?:uint', 'repetitionCounter?:uint', 'LogEvent*'],
  LogEvent: [
    'evidence?:hex',
    'type?',
    'level?:uint',
    'messageExtensions?:string256',
    'text?:string16384',
    'outcome?:uint',
    'secondsIndex?:uint',
    'subjectIdentity?:string256',
    'timestamp?:dateTime',
    'destination?:string256:1.4',
    'userIdentity?:string256:1.4',
    'eventKindVendor?:string256:1.4',
  ],
  MeterReading: ['espi:batchItemInfo?', 'Meter?', 'CO2Indicator?', 'meterReadingId?:string256', 'ReadingType?', 'IntervalBlock*'],
  Meter: ['meterId:string64', 'publicKey?:hex'],
  ReadingType: [
    'espi:batchItemInfo?',
    'espi:accumulationBehaviour?:uint',
    'espi:commodity?:uint',
    'espi:consumptionTier?:int',
    'espi:currency?:uint',
    'espi:dataQualifier?:uint',
    'espi:defaultQuality?:uint',
    'espi:flowDirection?:uint',
    'espi:intervalLength?:uint',
    'espi:kind?:uint',
    'espi:phase?:uint',
    'espi:powerOfTenMultiplier?:int',
    'espi:timeAttribute?:uint',
    'espi:tou?:int',
    'espi:uom?:uint',
    'espi:cpp?:int',
    'espi:interharmonic?',
    'espi:measuringPeriod?:uint',
    'espi:argument?',
    'converterFactor?:uint',
    'scaler?:int',
    'obisCode?:string32',
    'qualifiedLogicalName?:string256',
    'description?:string256',
    'measurementPeriod?:uint',
  ],
  IntervalBlock: ['espi:batchItemInfo?', 'interval?', 'IntervalReading*'],
  interval: DATE_TIME_INTERVAL,
  IntervalReading: [
    'espi:cost?:int',
    'espi:ReadingQuality*',
    'espi:timePeriod?',
    'espi:value?:int',
    'espi:consumptionTier?:int',
    'espi:tou?:int',
    'espi:cpp?:int',
    'timePeriod?',
    'targetTime?:dateTime',
    'measurementTimeMeter?:dateTime:1.4',
    'certId?:uint',
    'meterSig?:string512',
    'signature?:string512',
    'statusFNN?:string256',
    'statusPTB?:uint',
    'statusVendor?:string256:1.4',
  ],
  timePeriod: DATE_TIME_INTERVAL,
  'espi:timePeriod': ['espi:duration?:uint', 'espi:start?:uint'],
};

/** The leaves every IntervalReading has; the reader dispatches on these numbers instead of names. */
export const SLOT = {
  readingValue: 1,
  readingTargetTime: 2,
  readingCertId: 3,
  readingMeterSig: 4,
  readingSignature: 5,
  readingStatusFnn: 6,
  readingStatusPtb: 7,
  timePeriodStart: 8,
  timePeriodDuration: 9,
} as const;

const SLOT_OF: Record<string, number> = {
  'IntervalReading/espi:value': SLOT.readingValue,
  'IntervalReading/targetTime': SLOT.readingTargetTime,
  'IntervalReading/certId': SLOT.readingCertId,
  'IntervalReading/meterSig': SLOT.readingMeterSig,
  'IntervalReading/signature': SLOT.readingSignature,
  'IntervalReading/statusFNN': SLOT.readingStatusFnn,
  'IntervalReading/statusPTB': SLOT.readingStatusPtb,
  'timePeriod/start': SLOT.timePeriodStart,
  'timePeriod/duration': SLOT.timePeriodDuration,
};

function parseChild(spec: string, index: number, parentKey: string): ChildDef {
  const parts = spec.split(':');
  let nameWithQ = parts.shift() ?? '';
  if (nameWithQ === 'espi') nameWithQ = `espi:${parts.shift() ?? ''}`;
  const q = nameWithQ.at(-1);
  const key = q === '?' || q === '*' || q === '+' ? nameWithQ.slice(0, -1) : nameWithQ;
  const min = q === '?' || q === '*' ? 0 : 1;
  const max = q === '*' || q === '+' ? Infinity : 1;
  let leaf: LeafType | undefined;
  let maxLength: number | undefined;
  let v14 = false;
  for (const part of parts) {
    if (part === '1.4') v14 = true;
    else if (part.startsWith('string')) {
      leaf = 'string';
      maxLength = Number(part.slice(6));
    } else leaf = part as LeafType;
  }
  const def: ChildDef = { key, index, min, max, v14, slot: SLOT_OF[`${parentKey}/${key}`] ?? 0 };
  if (leaf) def.leaf = leaf;
  if (maxLength) def.maxLength = maxLength;
  return def;
}

export const SCHEMA: ReadonlyMap<string, ParentDef> = new Map(
  Object.entries(DEFINITION).map(([key, specs]) => {
    const children = specs.map((spec, index) => parseChild(spec, index, key));
    return [key, { key, children, byKey: new Map(children.map((c) => [c.key, c])), isChoice: key === 'TariffChangeTrigger' }];
  }),
);

/** Children of the xs:choice in TariffChangeTrigger: any one of them, not a sequence. */
export const CHOICE_PARENTS: ReadonlySet<string> = new Set(['TariffChangeTrigger']);
