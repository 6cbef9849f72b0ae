/**
 * The model half of the streaming AR 2418-6 reader: what each element of a document becomes in the
 * `Ar2418Document` (element handlers per section: usage point, certificates, log, meter readings and their
 * blocks and readings, analysis profile) and the model rules checked on the way. The reader
 * (stream-reader.ts) walks the XML, checks its structure against the schema and hands over converted leaf
 * values; this builder never sees the XML.
 */
import type {
  Ar2418Document,
  AnalysisProfile,
  CertificateEntry,
  DayProfile,
  DayTimeProfile,
  FirmwareComponent,
  IntervalBlock,
  LogEntry,
  MeterReading,
  SpecialDayProfile,
  TariffStage,
  UsagePoint,
} from '../../model/types';
import { sortDocument } from '../../model/sorting';
import { SLOT, type ChildDef } from './schema';
import { hexToBytes } from './hex';
import { ReadingDraft } from './reading-draft';
import type { SourceLocations } from './source-locations';
import type { ElementStarts, ReportSink } from './stream-reader-problems';
import { flat, isFnnText, parseInteger, short } from './text-scan';

export class DocumentBuilder {
  document: Ar2418Document | undefined;
  /** An element or repetition of AR 2418-6 v1.4 was seen. */
  usesV14 = false;
  /** The last (valid or reported) FNN status word. */
  lastFnn = '';
  /** The IntervalReading being read: one reused draft, copied into a compact object when it closes. */
  reading: ReadingDraft | undefined;
  private up: UsagePoint | undefined;
  private certificateCount = 0;
  private firmware: FirmwareComponent | undefined;
  private cert: CertificateEntry | undefined;
  private profile: AnalysisProfile | undefined;
  private stage: TariffStage | undefined;
  private dayProfile: DayProfile | undefined;
  private dayTime: DayTimeProfile | undefined;
  private specialDay: SpecialDayProfile | undefined;
  private logRecordNumber: number | undefined;
  private logEventCount = 0;
  private logEntry: LogEntry | undefined;
  private meterReading: MeterReading | undefined;
  private block: IntervalBlock | undefined;
  private blockHasDuration = false;
  private blockHasStart = false;
  private blockPositions: { lines: number[]; columns: number[]; ordinals: number[] } | undefined;
  private readonly draft = new ReadingDraft();
  private readingHasValue = false;
  private readingHasTime = false;
  private readonly interned = new Map<string, string>();

  constructor(
    private readonly sink: ReportSink,
    private readonly locations: SourceLocations,
    /** Where the open elements start (the reader's element stack). */
    private readonly starts: ElementStarts,
  ) {}

  /** The root element UsagePoints opened. */
  startDocument(): void {
    this.document = { kind: 'device', schemaVersion: '1.2', usagePoints: [] };
  }

  openComplex(key: string, depth: number): void {
    switch (key) {
      case 'UsagePoint': {
        const up: UsagePoint = {
          serviceCategory: -1,
          usagePointId: '',
          customerId: '',
          invoicingPartyId: '',
          smgw: { certIds: [], smgwId: '', firmwareComponents: [] },
          certificates: [],
          tariffName: '',
          logEntries: [],
          meterReadings: [],
        };
        this.up = up;
        this.certificateCount = 0;
        this.document?.usagePoints.push(up);
        this.locations.set(up, this.sink.locationAt(depth));
        return;
      }
      case 'SMGW':
        if (this.up) this.locations.set(this.up.smgw, this.sink.locationAt(depth));
        return;
      case 'FirmwareComponent':
        this.firmware = { name: '', version: '' };
        this.up?.smgw.firmwareComponents.push(this.firmware);
        return;
      case 'VendorConfig':
        if (this.up) this.up.vendorConfig = {};
        return;
      case 'Certificate':
        this.cert = { certId: 0, certType: 0, certContent: new Uint8Array(0) };
        if (++this.certificateCount > 1) this.usesV14 = true;
        this.up?.certificates.push(this.cert);
        this.locations.set(this.cert, this.sink.locationAt(depth));
        return;
      case 'AnalysisProfile':
        this.profile = {
          tariffUseCase: 0,
          tariffId: '',
          billingPeriod: { start: 0, duration: 0 },
          tariffStages: [],
          defaultTariffNumber: 0,
          dayProfiles: [],
          specialDayProfiles: [],
        };
        if (this.up) this.up.analysisProfile = this.profile;
        this.locations.set(this.profile, this.sink.locationAt(depth));
        return;
      case 'TariffStage':
        this.stage = { tariffNumber: 0, obisCode: '' };
        this.profile?.tariffStages.push(this.stage);
        this.locations.set(this.stage, this.sink.locationAt(depth));
        return;
      case 'DayProfile':
        this.dayProfile = { dayId: 0, dayTimeProfiles: [] };
        this.profile?.dayProfiles.push(this.dayProfile);
        this.locations.set(this.dayProfile, this.sink.locationAt(depth));
        return;
      case 'DayTimeProfile':
        this.dayTime = { startHour: 0, startMinute: 0, tariffNumber: 0 };
        this.dayProfile?.dayTimeProfiles.push(this.dayTime);
        this.locations.set(this.dayTime, this.sink.locationAt(depth));
        return;
      case 'SpecialDayProfile':
        this.specialDay = { year: 0, month: 0, day: 0, dayId: 0 };
        this.profile?.specialDayProfiles.push(this.specialDay);
        this.locations.set(this.specialDay, this.sink.locationAt(depth));
        return;
      case 'LogEntry':
        this.logRecordNumber = undefined;
        this.logEventCount = 0;
        this.logEntry = undefined;
        return;
      case 'LogEvent': {
        const entry: LogEntry = {};
        if (this.logRecordNumber !== undefined) entry.recordNumber = this.logRecordNumber;
        this.logEntry = entry;
        this.logEventCount++;
        this.up?.logEntries.push(entry);
        this.locations.set(entry, this.sink.locationAt(depth));
        return;
      }
      case 'MeterReading':
        this.meterReading = {
          meterId: '',
          meterReadingId: '',
          readingType: { powerOfTenMultiplier: 0, uom: 0, scaler: 0, obisCode: '', qualifiedLogicalName: '' },
          intervalBlocks: [],
        };
        this.up?.meterReadings.push(this.meterReading);
        this.locations.set(this.meterReading, this.sink.locationAt(depth));
        return;
      case 'IntervalBlock': {
        const block: IntervalBlock = { duration: 0, start: 0, readings: [] };
        this.block = block;
        this.blockHasDuration = false;
        this.blockHasStart = false;
        this.meterReading?.intervalBlocks.push(block);
        const location = this.sink.locationAt(depth);
        this.locations.set(block, location);
        this.blockPositions = { lines: [], columns: [], ordinals: [] };
        this.locations.setReadingPositions(block, { blockPath: location.path, ...this.blockPositions });
        return;
      }
      case 'IntervalReading':
        this.draft.reset();
        this.reading = this.draft;
        this.readingHasValue = false;
        this.readingHasTime = false;
        return;
      default:
        return;
    }
  }

  closeComplex(key: string, depth: number): void {
    switch (key) {
      case 'LogEntry':
        if (this.logEventCount === 0 && this.up) {
          const entry: LogEntry = {};
          if (this.logRecordNumber !== undefined) entry.recordNumber = this.logRecordNumber;
          this.up.logEntries.push(entry);
          this.locations.set(entry, this.sink.locationAt(depth));
        }
        return;
      case 'IntervalBlock':
        if (this.block) {
          if (!this.blockHasDuration || !this.blockHasStart) {
            this.sink.report(
              'model.block-interval',
              'error',
              'Dem Intervallblock fehlt die Angabe interval mit duration und start.',
              'The IntervalBlock lacks its interval with duration and start.',
              this.sink.locationAt(depth),
            );
          }
          if (this.block.readings.length === 0) {
            this.sink.report(
              'model.block-empty',
              'error',
              'Der Intervallblock enthält keine Messwerte (IntervalReading).',
              'The IntervalBlock contains no readings (IntervalReading).',
              this.sink.locationAt(depth),
            );
          }
        }
        return;
      case 'IntervalReading':
        this.closeReading(depth);
        return;
      default:
        return;
    }
  }

  private closeReading(depth: number): void {
    const r = this.reading;
    if (!r || !this.block || !this.blockPositions) return;
    this.reading = undefined;
    if (!this.readingHasValue) {
      this.sink.report('model.reading-value', 'error', 'Dem Messwert fehlt der Wert (espi:value).', 'The reading lacks its value (espi:value).', this.sink.locationAt(depth));
      return;
    }
    if (!this.readingHasTime) {
      this.sink.report(
        'model.reading-time',
        'error',
        'Dem Messwert fehlt der Zeitstempel (timePeriod/start).',
        'The reading lacks its timestamp (timePeriod/start).',
        this.sink.locationAt(depth),
      );
      return;
    }
    if (r.statusFNN === undefined && r.statusPTB === undefined) {
      this.sink.report(
        'model.reading-status',
        'error',
        'Dem Messwert fehlt die Statusinformation (statusFNN oder statusPTB).',
        'The reading lacks its status (statusFNN or statusPTB).',
        this.sink.locationAt(depth),
      );
    }
    this.block.readings.push(r.build());
    this.blockPositions.lines.push(this.starts.lines[depth] ?? 0);
    this.blockPositions.columns.push(this.starts.columns[depth] ?? 0);
    this.blockPositions.ordinals.push(this.starts.ordinals[depth] ?? 0);
  }

  /** Stores a converted leaf value: readings by slot number (hot path), the rest by name. */
  storeValue(parentKey: string, def: ChildDef, value: string | number | boolean): void {
    const r = this.reading;
    if (def.slot === 0 || !r) {
      this.storeLeaf(parentKey, def.key, value);
      return;
    }
    const num = value as number;
    switch (def.slot) {
      case SLOT.readingValue:
        r.value = num;
        this.readingHasValue = true;
        return;
      case SLOT.timePeriodStart:
        r.captureTime = num;
        this.readingHasTime = true;
        return;
      case SLOT.timePeriodDuration:
        r.duration = num;
        return;
      case SLOT.readingTargetTime:
        r.targetTime = num;
        return;
      case SLOT.readingCertId:
        r.certId = num;
        return;
      case SLOT.readingMeterSig:
        r.meterSig = flat(value as string);
        return;
      case SLOT.readingSignature:
        r.signature = flat(value as string);
        return;
      case SLOT.readingStatusFnn:
        r.statusFNN = this.fnnStatus(value as string);
        this.lastFnn = r.statusFNN;
        return;
      case SLOT.readingStatusPtb:
        r.statusPTB = this.ptbStatus(num);
        return;
      default:
        this.storeLeaf(parentKey, def.key, value);
    }
  }

  /** A reading's FNN status word, interned (one string per distinct word); an invalid one is reported. */
  private fnnStatus(str: string): string {
    const known = this.interned.get(str);
    if (known !== undefined) return known;
    if (!isFnnText(str)) {
      this.sink.report(
        'model.status-fnn',
        'error',
        `Das FNN-Statuswort "${short(str)}" ist ungültig (erwartet: 16 Hex-Zeichen).`,
        `The FNN status word "${short(str)}" is invalid (expected 16 hex characters).`,
      );
    }
    return this.intern(str);
  }

  /** A reading's PTB status; one above 4 is reported. */
  private ptbStatus(num: number): number {
    if (num > 4) this.sink.report('model.status-ptb', 'error', `Der PTB-Status ${num} ist ungültig (erlaubt: 0 bis 4).`, `The PTB status ${num} is invalid (allowed: 0 to 4).`);
    return num;
  }

  /** A leaf value without a slot, by its parent's and its own name (the reading fields with a slot: storeValue). */
  private storeLeaf(parentKey: string, key: string, value: string | number | boolean): void {
    const num = value as number;
    // readings flatten their few string fields themselves
    const str = typeof value === 'string' && parentKey !== 'IntervalReading' ? flat(value) : (value as string);
    switch (parentKey) {
      case 'IntervalReading':
        // the fields with a slot are stored by storeValue; these two have none
        if (!this.reading) return;
        if (key === 'measurementTimeMeter') this.reading.measurementTimeMeter = num;
        else if (key === 'statusVendor') this.reading.statusVendor = this.intern(str);
        return;
      case 'espi:timePeriod':
        if (this.reading) {
          if (key === 'espi:start') {
            this.reading.captureTime = num * 1000;
            this.readingHasTime = true;
          } else if (key === 'espi:duration') this.reading.duration = num;
        }
        return;
      case 'interval':
        if (this.block) {
          if (key === 'start') {
            this.block.start = num;
            this.blockHasStart = true;
          } else if (key === 'duration') {
            this.block.duration = num;
            this.blockHasDuration = true;
          }
        }
        return;
      case 'UsagePoints':
        if (key === 'GeneratorVersion' && this.document) this.document.generatorVersion = str;
        return;
      case 'espi:ServiceCategory':
        if (this.up) this.up.serviceCategory = num;
        return;
      case 'UsagePoint':
        if (!this.up) return;
        if (key === 'usagePointId') this.up.usagePointId = str;
        else if (key === 'tariffName') this.up.tariffName = str;
        return;
      case 'Customer':
        if (this.up) this.up.customerId = str;
        return;
      case 'InvoicingParty':
        if (this.up) this.up.invoicingPartyId = str;
        return;
      case 'SMGW': {
        const smgw = this.up?.smgw;
        if (!smgw) return;
        if (key === 'certId') smgw.certIds.push(num);
        else if (key === 'smgwId') smgw.smgwId = str;
        else if (key === 'Manufacturer') smgw.manufacturer = str;
        else if (key === 'FirmwareVersion') smgw.firmwareVersion = str;
        else if (key === 'SystemTime') smgw.systemTime = num;
        return;
      }
      case 'FirmwareComponent':
        if (!this.firmware) return;
        if (key === 'name') this.firmware.name = str;
        else if (key === 'version') this.firmware.version = str;
        else if (key === 'checksum') this.firmware.checksum = str;
        return;
      case 'VendorConfig':
        if (key === 'tafProfile' && this.up) this.up.vendorConfig = { tafProfile: str };
        return;
      case 'Certificate':
        if (!this.cert) return;
        if (key === 'certId') this.cert.certId = num;
        else if (key === 'certType') this.cert.certType = num;
        else if (key === 'parentCertId') this.cert.parentCertId = num;
        else if (key === 'certContent') this.cert.certContent = hexToBytes(str);
        return;
      case 'LogEntry':
        if (key === 'recordNumber') this.logRecordNumber = num;
        return;
      case 'LogEvent': {
        const e = this.logEntry;
        if (!e) return;
        if (key === 'level') e.level = num;
        else if (key === 'text') e.text = str;
        else if (key === 'outcome') e.outcome = num;
        else if (key === 'timestamp') e.timestamp = num;
        else if (key === 'subjectIdentity') e.subjectIdentity = str;
        else if (key === 'destination') e.destination = str;
        else if (key === 'userIdentity') e.userIdentity = str;
        else if (key === 'evidence') e.evidence = str;
        return;
      }
      case 'Meter':
        if (!this.meterReading) return;
        if (key === 'meterId') this.meterReading.meterId = str;
        else if (key === 'publicKey') this.meterReading.meterPublicKey = str;
        return;
      case 'MeterReading':
        if (key === 'meterReadingId' && this.meterReading) this.meterReading.meterReadingId = str;
        return;
      case 'ReadingType': {
        const rt = this.meterReading?.readingType;
        if (!rt) return;
        if (key === 'espi:powerOfTenMultiplier') rt.powerOfTenMultiplier = num;
        else if (key === 'espi:uom') rt.uom = num;
        else if (key === 'scaler') rt.scaler = num;
        else if (key === 'obisCode') rt.obisCode = str.toLowerCase();
        else if (key === 'qualifiedLogicalName') rt.qualifiedLogicalName = str;
        else if (key === 'measurementPeriod') rt.measurementPeriod = num;
        return;
      }
      case 'AnalysisProfile':
        if (!this.profile) return;
        if (key === 'tariffUseCase') this.profile.tariffUseCase = num;
        else if (key === 'tariffId') this.profile.tariffId = str;
        else if (key === 'defaultTariffNumber') this.profile.defaultTariffNumber = num;
        return;
      case 'billingPeriod':
        if (!this.profile) return;
        if (key === 'start') this.profile.billingPeriod.start = num;
        else if (key === 'duration') this.profile.billingPeriod.duration = num;
        return;
      case 'TariffStage':
        if (!this.stage) return;
        if (key === 'tariffNumber') this.stage.tariffNumber = num;
        else if (key === 'description') this.stage.description = str;
        else if (key === 'obisCode') this.stage.obisCode = str.toLowerCase();
        return;
      case 'DayProfile':
        if (key === 'dayId' && this.dayProfile) this.dayProfile.dayId = this.dayIdNumber(str);
        return;
      case 'DayTimeProfile':
        if (key === 'tariffNumber' && this.dayTime) this.dayTime.tariffNumber = num;
        return;
      case 'startTime':
        if (!this.dayTime) return;
        if (key === 'hour') this.dayTime.startHour = num;
        else if (key === 'minute') this.dayTime.startMinute = num;
        return;
      case 'SpecialDayProfile':
        if (key === 'dayId' && this.specialDay) this.specialDay.dayId = this.dayIdNumber(str);
        return;
      case 'specialDayDate':
        if (!this.specialDay) return;
        if (key === 'year') this.specialDay.year = num;
        else if (key === 'month') this.specialDay.month = num;
        else if (key === 'day_of_month') this.specialDay.day = num;
        return;
      default:
        return;
    }
  }

  /** One flat copy per distinct value (status words repeat on every reading). */
  private intern(text: string): string {
    let v = this.interned.get(text);
    if (v === undefined) {
      v = flat(text);
      if (this.interned.size < 10_000) this.interned.set(v, v);
    }
    return v;
  }

  /** dayId is a number in v1.2 and a string in v1.4; every real file uses numbers. */
  private dayIdNumber(text: string): number {
    const n = parseInteger(text, false);
    if (n === undefined) {
      this.sink.report(
        'model.day-id',
        'error',
        `Die Tagesprofil-Kennung "${short(text)}" ist keine Zahl; nur numerische Kennungen werden unterstützt.`,
        `The day profile id "${short(text)}" is not a number; only numeric ids are supported.`,
      );
      return -1;
    }
    return n;
  }

  finish(): Ar2418Document | undefined {
    const doc = this.document;
    if (!doc) return undefined;
    if (this.usesV14) doc.schemaVersion = '1.4';
    const isSupplier = doc.usagePoints.length > 0 && doc.usagePoints.every((up) => up.analysisProfile && up.meterReadings.length === 0);
    doc.kind = isSupplier ? 'supplier' : 'device';
    sortDocument(doc, (block, order) => {
      const p = this.locations.readingPositions(block);
      if (!p) return;
      p.lines = order.map((i) => p.lines[i] ?? 0);
      p.columns = order.map((i) => p.columns[i] ?? 0);
      p.ordinals = order.map((i) => p.ordinals[i] ?? 0);
    });
    return doc;
  }
}
