/**
 * PPC SMGW (FLAG PPC): the HAN portal's HTML forms over one CGI (EXPERIMENTAL: no recorded PPC HTML is public).
 *
 * Known (../shared/knowledge/04-han-gateways.md): the CGI, Digest on every request, the session cookie and the
 * `tkn` renewed from every page (older firmware: hidden `sessionid`), the actions and their parameters, the
 * fresh `mid` of showMeterValuesForm, handles that change per session, the element ids, local times without
 * offset in HTML, one session at a time, the lock-out text, the signed exports (CMS with K461 XML).
 * Readings come from the signed exports (ppc/ppc-export.ts: CMS with K461 content, a signature per reading,
 * read by the same reader as an export file; the read-out then names the `ppc-k461-1` message format and
 * carries the container's certificates). Firmware that answers exportMeterValues with a page instead of a
 * file is read from the HTML value table for the rest of the session (row pairs, empty time = as above,
 * newest first, paged; its signatures are kept but the format is not claimed: INFERRED that they are the
 * export's). Every page element it does not recognise ends in an error naming the page and the element,
 * never in data. Each meter's profile (showMeterProfile) is read at connect and must name the meter of its
 * meter-list entry; where it lists the meter's registers (INFERRED row), a reading of another register is
 * refused, and its interval is the period of a value list too short to show one. It logs out in every path
 * (`disconnect`).
 */
import { CancelledError } from '../../api/errors';
import type { IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';
import type { ConnectResult, ContractInfo, GatewayAdapter, LoadDataRequest, ProgressReporter } from '../adapter';
import { NoTafProfileForUserError, ProtocolError } from '../errors';
import type { GatewayClient } from '../gateway-client';
import { ChannelCollector, newestAsCurrentRegisters, type ChannelInfo } from './kit/readings';
import { obisHexToText } from '../../model/obis';
import { berlinMidnightAfter, berlinWallCandidates, berlinWallText, resolveBerlinNewestFirst } from './kit/time';
import { buildUsagePoint, connectionFacts, requireReadings } from './kit/usage-point';
import { billingPeriodRows, tafRegisterRows, freshMid, labelValues, logRows, meterOfLogicalName, meterProfile, pager, requireLabel, selectOptions, valueRows, type PpcMeterProfile, type PpcValueRow } from './ppc/ppc-pages';
import { PpcNoFileError, PpcSession } from './ppc/ppc-session';
import { PPC_EXPORT_LIMIT, PpcExportReader } from './ppc/ppc-export';
import { PPC_FORMAT_ID } from '../../formats/k461/reader';
import { gatewayIdFromCertificateSubject } from './dnt';

/** Days per value-table query (the table is paged as well). */
export const PPC_WINDOW_DAYS = 10;
export const PPC_LOG_ROWS = 1000;

/** Pages of one value window beyond which the pager is not believed (a window holds at most ~3,000 rows). */
export const PPC_MAX_PAGES = 10_000;

export class PpcAdapter implements GatewayAdapter {
  readonly vendor = 'ppc' as const;
  readonly session: PpcSession;
  private connectResult: ConnectResult | undefined;
  /** This session's meter handles (mid → meter id); they change with every session. */
  private meterMids = new Map<string, string>();
  /** Each meter's profile (showMeterProfile), read at connect. */
  private readonly meterProfiles = new Map<string, PpcMeterProfile>();
  private readonly exports: PpcExportReader;
  /** This session's billing periods per contract with their register handles (`ttid`, change per session). */
  private readonly periods = new Map<string, { begin: number; end?: number; ttid?: string }[]>();
  /** Where this session's readings came from; 'html' after the gateway refused an export (with its text). */
  source: { kind: 'export' } | { kind: 'html'; reason: string } = { kind: 'export' };

  constructor(
    readonly client: GatewayClient,
    private readonly options: { gatewayId?: string; exportLimit?: number } = {},
  ) {
    this.session = new PpcSession(client);
    this.exports = new PpcExportReader(this.session, options.exportLimit ?? PPC_EXPORT_LIMIT, client.options.signal);
  }

  /** Export requests made in this session. */
  get exportRequests(): number {
    return this.exports.requests;
  }

  async connect(): Promise<ConnectResult> {
    const welcome = await this.session.login();
    const facts = connectionFacts(this.client);
    const gatewayId = this.options.gatewayId?.toUpperCase() ?? gatewayIdFromCertificateSubject(this.client.peerCertificate?.subject);
    if (!gatewayId) throw new ProtocolError('the PPC portal does not show the gateway id; give it (--gateway-id EPPC…) / Gateway-ID angeben');
    const versions = labelValues(await this.session.action('swversions'), 'table_swversions');
    const firmware = [...versions].map(([name, version]) => ({ name, version }));
    const footer = welcome.optional('div_fwversion')?.text;
    if (footer && !firmware.some((f) => f.version === footer)) firmware.push({ name: 'div_fwversion', version: footer });
    const meters = await this.session.action('meterform');
    const options = selectOptions(meters, 'meterform_select_meter');
    this.meterMids = new Map(options.map((o) => [o.value, meterOfLogicalName(meters, o.text)]));
    for (const option of options) await this.readMeterProfile(option.value, option.text);
    this.connectResult = { gatewayId, ...facts, firmware, certificates: [] };
    return this.connectResult;
  }

  /** showMeterProfile of one meter of the meter list; it must describe that meter (id and logical name). */
  private async readMeterProfile(mid: string, logicalName: string): Promise<void> {
    const meter = this.meterMids.get(mid)!;
    const page = await this.session.action('showMeterProfile', { mid });
    const profile = meterProfile(page);
    if (profile.meterId !== meter) throw page.error('#table_meterprofile "Zähler-ID"', `meter ${profile.meterId}, but the meter list's entry is ${logicalName.trim()}`);
    if (profile.name !== undefined && profile.name !== logicalName.trim()) throw page.error('#table_meterprofile "Name"', `"${profile.name}", but the meter list's entry is ${logicalName.trim()}`);
    this.meterProfiles.set(meter, profile);
  }

  /**
   * The collector for one meter's readings, refusing a register its meter profile does not list (where the
   * profile lists them): readings of a channel the gateway does not attribute to the meter are not its data.
   */
  private profileChecked(meter: string, source: string, collector: ChannelCollector): Pick<ChannelCollector, 'add'> {
    const registers = this.meterProfiles.get(meter)?.registers;
    if (!registers) return collector;
    return {
      add: (channel, reading) => {
        if (!registers.includes(channel.obis)) {
          const name = (obis: string): string => obisHexToText(obis) ?? obis;
          throw new ProtocolError(`${source} ${meter}: register ${name(channel.obis)} is not in the meter profile (page "showMeterProfile", #table_meterprofile "Register": ${registers.map(name).join(', ')})`);
        }
        collector.add(channel, reading);
      },
    };
  }

  /** A value list of a profiled meter without a period of its own (too few readings) gets the profile's interval (INFERRED meaning). */
  private withProfilePeriods(lists: MeterReading[]): MeterReading[] {
    return lists.map((list) => {
      const period = this.meterProfiles.get(list.meterId)?.periodSeconds;
      if (period === undefined || list.readingType.measurementPeriod !== undefined || list.intervalBlocks.length === 0) return list;
      return { ...list, readingType: { ...list.readingType, measurementPeriod: period } };
    });
  }

  async listContracts(): Promise<ContractInfo[]> {
    const list = await this.session.action('tariffform');
    const tariffs = selectOptions(list, 'tariffform_select_tariff');
    if (tariffs.length === 0) throw new NoTafProfileForUserError();
    const contracts: ContractInfo[] = [];
    for (const tariff of tariffs) {
      const page = await this.session.action('showTariffProfile', { tid: tariff.value });
      const table = 'table_tariffprofile';
      const values = labelValues(page, table);
      const id = requireLabel(page, values, table, 'Profil-ID');
      const type = requireLabel(page, values, table, 'TAF-Typ');
      const taf = /^TAF-?(\d+)$/i.exec(type);
      if (!taf) throw page.error(`#${table} "TAF-Typ"`, `"${type}" is not TAF-<n>`);
      const since = requireLabel(page, values, table, 'Gültig ab');
      const begin = berlinWallCandidates(since)?.[0];
      if (begin === undefined) throw page.error(`#${table} "Gültig ab"`, `"${since}" is not a date and time`);
      const meters = (values.get('Zähler') ?? '').split(',').map((m) => m.trim()).filter(Boolean);
      contracts.push({
        tafId: id,
        tafName: tariff.text,
        tafNumber: Number(taf[1]),
        meters: meters.length ? meters : [...new Set(this.meterMids.values())],
        meteringPointId: values.get('Zählpunkt') ?? '',
        ...(values.get('Lieferant') ? { supplierId: values.get('Lieferant') } : {}),
        ...(values.get('Letztverbraucher') ? { consumerId: values.get('Letztverbraucher') } : {}),
        begin,
        billingPeriods: Number(taf[1]) === 7 ? null : await this.billingPeriods(id, tariff.value, begin),
      });
    }
    return contracts;
  }

  /** showTarification of one tariff profile from its begin, paged (INFERRED: the `tid` parameter, the page size). */
  private async billingPeriods(contractId: string, tid: string, begin: number): Promise<{ begin: number; end?: number }[]> {
    const periods: { begin: number; end?: number; ttid?: string }[] = [];
    for (let pageNumber = 1, pages = 1; pageNumber <= pages; pageNumber++) {
      const page = await this.session.action('showTarification', { tid, from: berlinWallText(begin), page: String(pageNumber) });
      const position = pager(page);
      if (position.page !== pageNumber) throw page.error('#div_pages', `page ${position.page} instead of ${pageNumber}`);
      if (position.pages > PPC_MAX_PAGES) throw page.error('#div_pages', `${position.pages} pages (at most ${PPC_MAX_PAGES} expected)`);
      pages = position.pages;
      periods.push(...billingPeriodRows(page).map(({ begin: b, end, ttid }) => ({ begin: b, ...(end !== undefined ? { end } : {}), ...(ttid ? { ttid } : {}) })));
    }
    periods.sort((a, b) => a.begin - b.begin);
    this.periods.set(contractId, periods);
    return periods.map(({ begin: b, end }) => ({ begin: b, ...(end !== undefined ? { end } : {}) }));
  }

  /**
   * The TAF registers of the contract's billing periods that overlap [start, end] (showTarificationRegister;
   * INFERRED, see tafRegisterRows), as derived register lists `<obis>.<TAF id>.sm` of the contract's meter.
   * None for TAF-7 (no billing periods) or where the gateway shows no register handle.
   */
  private async tafRegisters(contract: ContractInfo, start: number, end: number, collector: ChannelCollector): Promise<void> {
    const periods = (this.periods.get(contract.tafId) ?? []).filter((p) => p.ttid && p.begin <= end && (p.end ?? Infinity) > start);
    for (const period of periods) {
      const page = await this.session.action('showTarificationRegister', { ttid: period.ttid! });
      for (const row of tafRegisterRows(page)) {
        const channel: ChannelInfo = { obis: row.obis, meterId: contract.meters[0] ?? contract.tafId, scaler: row.scaler, unit: row.unit, qualifiedLogicalName: `${row.obis}.${contract.tafId}.sm` };
        collector.add(channel, { value: row.value, captureTime: row.captureTime, targetTime: row.targetTime, duration: 0, statusPTB: row.valid ? 0 : 4, ...(row.signature ? { signature: row.signature } : {}) });
      }
    }
  }

  private midOf(meter: string): string {
    const mid = [...this.meterMids].find(([, m]) => m === meter)?.[0];
    if (!mid) throw new ProtocolError(`meter ${meter} is not in the gateway's meter list (${[...this.meterMids.values()].join(', ')})`);
    return mid;
  }

  /**
   * Readings of one meter in [start, end]: from the signed export, or from the HTML table when the gateway
   * answered the session's first export with a page (firmware without exports).
   */
  private async readings(meter: string, start: number, end: number, collector: ChannelCollector, progress: (done: number) => void): Promise<void> {
    if (this.source.kind === 'export') {
      const mid = freshMid(await this.session.action('showMeterValuesForm', { mid: this.midOf(meter) }));
      const before = this.exports.requests;
      try {
        await this.exports.read(mid, meter, start, end, this.profileChecked(meter, 'exportMeterValues', collector), progress);
        const connected = this.connectResult!;
        connected.signedMessageFormat = PPC_FORMAT_ID;
        if (connected.certificates.length === 0) connected.certificates = this.exports.certificates;
        return;
      } catch (error) {
        // Only a refusal of the very first export means "no exports"; later ones are errors of this read.
        if (!(error instanceof PpcNoFileError) || before > 0 || this.exports.requests !== 1) throw error;
        this.source = { kind: 'html', reason: error.pageText };
      }
    }
    await this.htmlReadings(meter, start, end, collector, progress);
  }

  /** Readings of one meter from the HTML table, [start, end], with Berlin local times resolved across DST. */
  private async htmlReadings(meter: string, start: number, end: number, all: ChannelCollector, progress: (done: number) => void): Promise<void> {
    const collector = this.profileChecked(meter, 'showMeterValues', all);
    const mid = freshMid(await this.session.action('showMeterValuesForm', { mid: this.midOf(meter) }));
    // Windows of whole Berlin days, newest first (the table's order): midnight bounds are never ambiguous.
    let windowEnd = berlinMidnightAfter(end);
    while (windowEnd > start) {
      if (this.client.options.signal?.aborted) throw new CancelledError('Gateway read-out');
      const windowStart = Math.max(berlinMidnightAfter(windowEnd, -PPC_WINDOW_DAYS), berlinMidnightAfter(start, 0) - 0);
      const from = berlinWallText(windowStart).slice(0, 10);
      const to = berlinWallText(windowEnd - 1000);
      const rows: PpcValueRow[] = [];
      for (let pageNumber = 1, pages = 1; pageNumber <= pages; pageNumber++) {
        const page = await this.session.action('showMeterValues', { mid, from: `${from} 00:00:00`, to, page: String(pageNumber) });
        const position = pager(page);
        if (position.page !== pageNumber) throw page.error('#div_pages', `page ${position.page} instead of ${pageNumber}`);
        // A bound on the pager's own claim: more pages than a window of readings could fill is not believed.
        if (position.pages > PPC_MAX_PAGES) throw page.error('#div_pages', `${position.pages} pages (at most ${PPC_MAX_PAGES} expected)`);
        pages = position.pages;
        rows.push(...valueRows(page));
      }
      const resolved = resolveBerlinNewestFirst(rows.map((r) => r.time), windowEnd - 1);
      if ('badIndex' in resolved) throw new ProtocolError(`page "showMeterValues" ${from} – ${to}: row ${resolved.badIndex + 1}: ${resolved.reason}`);
      rows.forEach((row, i) => {
        const captureTime = resolved.instants[i]!;
        if (captureTime < windowStart || captureTime >= windowEnd) throw new ProtocolError(`page "showMeterValues" ${from} – ${to}: row ${i + 1} (${row.time}) lies outside the asked range`);
        const channel: ChannelInfo = { obis: row.obis, meterId: meter, scaler: row.scaler, unit: row.unit };
        const reading: IntervalReading = { value: row.value, captureTime, duration: 0, statusPTB: row.valid ? 0 : 4, ...(row.signature ? { signature: row.signature } : {}) };
        collector.add(channel, reading);
      });
      windowEnd = windowStart;
      progress(end - windowEnd);
    }
  }

  async loadData(request: LoadDataRequest, progress?: ProgressReporter): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const { contract } = request;
    const collector = new ChannelCollector();
    const span = Math.max(1, request.end - request.start) * contract.meters.length;
    for (const [i, meter] of contract.meters.entries()) {
      await this.readings(meter, request.start, request.end, collector, (done) =>
        progress?.(Math.min(1, (i * (request.end - request.start) + done) / span) * (request.withLog ? 0.95 : 1), `Messwerte ${meter} / readings ${meter}`),
      );
    }
    const meterReadings = this.withProfilePeriods(collector.meterReadings(request.start, request.end));
    requireReadings(meterReadings, request.start, request.end);
    const registers = new ChannelCollector();
    await this.tafRegisters(contract, request.start, request.end, registers);
    meterReadings.push(...registers.meterReadings(request.start, request.end).filter((m) => m.intervalBlocks.length > 0));
    const logEntries = request.withLog ? await this.log(request.start, request.end) : [];
    if (request.withLog) progress?.(1, 'Logbuch gelesen / log read');
    return this.usagePoint(contract, connected, meterReadings, logEntries);
  }

  /** exportLogData, at most 1,000 rows per request, oldest first; paged by the last row's time. */
  private async log(start: number, end: number): Promise<LogEntry[]> {
    const entries = new Map<number, LogEntry>();
    let from = start;
    for (;;) {
      const page = await this.session.action('exportLogData', { from: berlinWallText(from), to: berlinWallText(end) });
      const rows = logRows(page);
      // Oldest first: resolve the local times from the newest row backwards.
      const resolved = resolveBerlinNewestFirst(rows.map((r) => r.time).reverse(), end + 1000);
      if ('badIndex' in resolved) throw new ProtocolError(`page "exportLogData": row ${rows.length - resolved.badIndex}: ${resolved.reason}`);
      const times = resolved.instants.reverse();
      let last = from;
      rows.forEach((r, i) => {
        entries.set(r.id, { recordNumber: r.id, level: r.level, outcome: r.outcome, text: r.text, timestamp: times[i]! });
        last = Math.max(last, times[i]!);
      });
      if (rows.length < PPC_LOG_ROWS) break;
      if (last === from) throw new ProtocolError(`page "exportLogData": more than ${PPC_LOG_ROWS} entries at ${berlinWallText(from)}; the log cannot be paged by time`);
      from = last;
    }
    return [...entries.values()].sort((a, b) => a.timestamp! - b.timestamp! || a.recordNumber! - b.recordNumber!);
  }

  private usagePoint(contract: ContractInfo, connected: ConnectResult, meterReadings: MeterReading[], logEntries: LogEntry[]): UsagePoint {
    return buildUsagePoint({ contract, connected, manufacturer: 'PPC', user: this.client.options.user, meterReadings, logEntries });
  }

  /**
   * The current registers: the TAF registers of the open billing period where the contract has them
   * (TAF-1/TAF-2; INFERRED, see tafRegisterRows), else each register's newest reading of the last two days.
   */
  async currentRegisters(contract: ContractInfo): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const collector = new ChannelCollector();
    const now = Date.now();
    const open = (this.periods.get(contract.tafId) ?? []).find((p) => p.end === undefined && p.ttid);
    if (open) await this.tafRegisters(contract, open.begin, now, collector);
    else for (const meter of contract.meters) await this.readings(meter, now - 2 * 86_400_000, now, collector, () => undefined);
    return this.usagePoint(contract, connected, newestAsCurrentRegisters(collector.meterReadings(0, now)), []);
  }

  /** Set by disconnect when the gateway did not confirm the logout of a session it may hold. */
  sessionLeftOpen = false;

  /** Logs out (one PPC session at a time: never leave one open) and closes the connection. Never throws. */
  async disconnect(): Promise<void> {
    try {
      this.sessionLeftOpen = !(await this.session.logout());
    } finally {
      this.client.close();
    }
  }
}
