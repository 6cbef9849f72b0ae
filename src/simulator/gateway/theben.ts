/**
 * Theben CONEXA "IF_GW_CON" JSON methods over `POST /smgw/m2m/<user>/json`, with the vendor's quirks:
 * 307 from /smgw/m2m to the user path, exact Content-Type, required Content-Length, ≤ 31 days per
 * readings call, ≤ 1,500 log entries per call, self-test cooldown.
 */
import { tryParseTime } from '../../model/time/parse-time';
import { readingsInRange } from './dataset';
import { authenticate, dlmsUnit, iso, send, sendJson, type SimContext, type SimExchange } from './http-kit';

const VERSION = '1.3.0';
const DAY = 86_400_000;

/** A time with offset in a request (the one parser); undefined when it is none. */
function parseTime(value: unknown): number | undefined {
  return tryParseTime(value, { field: 'time', zoneless: false, dateOnly: false });
}

export function handleTheben(ctx: SimContext, ex: SimExchange): void {
  const { req } = ex;
  if (ex.path === '/smgw/m2m' || ex.path === '/smgw/m2m/') {
    if (req.method !== 'GET') return send(ctx, ex, 405, 'Method Not Allowed');
    const user = authenticate(ctx, ex);
    if (!user) return;
    return send(ctx, ex, 307, '', { Location: `/smgw/m2m/${encodeURIComponent(user.name)}/json` });
  }
  const m = /^\/smgw\/m2m\/([^/]+)\/json$/.exec(ex.path);
  if (!m) return send(ctx, ex, 404, 'Not Found');
  if (req.method !== 'POST') return send(ctx, ex, 405, 'Method Not Allowed');
  const user = authenticate(ctx, ex);
  if (!user) return;
  if (decodeURIComponent(m[1]!) !== user.name) return send(ctx, ex, 403, 'Forbidden');
  if (req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] === undefined) return send(ctx, ex, 411, 'Length Required');
  if (req.headers['content-type'] !== 'application/json') return send(ctx, ex, 400, 'Bad Request: Content-Type');
  let call: Record<string, unknown>;
  try {
    call = JSON.parse(ex.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return send(ctx, ex, 400, 'Bad Request: JSON');
  }
  const started = Date.now();
  const reply = (payload: Record<string, unknown>): void =>
    sendJson(ctx, ex, 200, { method: call.method, version: VERSION, 'elapsed-time': Date.now() - started, ...payload });
  const { dataset } = ctx;
  const contractOf = (id: unknown) => dataset.contracts.find((c) => c.id === id);
  switch (call.method) {
    case 'smgw-info': {
      const up = dataset.contracts[0]!.usagePoint;
      const sig = dataset.certificates.find((c) => c.certType === 1);
      const sub = dataset.certificates.find((c) => c.certType === 2);
      return reply({
        'smgw-id': dataset.smgwId,
        'smgw-state': 'operational',
        'smgw-time': iso(Date.now()),
        // Simulator only (not in the vendor spec): how the per-reading signatures were built.
        ...(dataset.signedMessageFormat ? { 'signed-message-format': dataset.signedMessageFormat } : {}),
        'firmware-info': up.smgw.firmwareComponents.map((f) => ({ component: f.name, version: f.version, hash: f.checksum ?? '' })),
        certificates: {
          'han.tls': Buffer.from(ctx.hanCertificatePem, 'utf8').toString('hex'),
          wan: sig ? [{ 'cert-index': 0, sig: Buffer.from(sig.certContent).toString('hex'), 'sub-ca': sub ? Buffer.from(sub.certContent).toString('hex') : null }] : [],
        },
      });
    }
    case 'user-info':
      return reply({
        'usage-points': dataset.contracts.map((c) => ({
          'usage-point-id': c.id,
          'usage-point-name': c.id,
          'taf-number': Number(/taf(\d+)/i.exec(c.id)?.[1] ?? 7),
          'taf-state': 'running',
          'start-time': iso(c.first),
          'end-time': null,
          'metering-point-id': c.usagePoint.usagePointId,
          // Not in the vendor spec excerpt (inferred): needed for the AR 2418-6 Customer/InvoicingParty.
          'supplier-id': c.usagePoint.invoicingPartyId,
          'consumer-id': c.usagePoint.customerId,
          meter: [...new Set(c.channels.map((ch) => ch.meterId))].map((id) => ({ 'meter-id': id })),
          'billing-Periods': [],
        })),
      });
    case 'usage-point-info': {
      const c = contractOf(call['usage-point-id']);
      if (!c) return send(ctx, ex, 404, 'Not Found: usage-point-id');
      return reply({
        'usage-point-id': c.id,
        databases: [
          {
            database: 'origin',
            channels: c.channels.map((ch) => ({ obis: ch.obis, scaler: ch.reading.readingType.scaler, unit: dlmsUnit(ch.reading.readingType.uom), 'meter-id': ch.meterId })),
          },
        ],
        'taf-profile': c.usagePoint.vendorConfig?.tafProfile ?? null,
      });
    }
    case 'readings': {
      const c = contractOf(call['usage-point-id']);
      if (!c) return send(ctx, ex, 404, 'Not Found: usage-point-id');
      if ((call.database ?? 'origin') !== 'origin') return reply({ channels: [] });
      const from = parseTime(call.fromtime);
      const to = parseTime(call.totime);
      if (from === undefined || to === undefined || to < from) return send(ctx, ex, 400, 'Bad Request: fromtime/totime');
      if (to - from > ctx.windowDays * DAY) return send(ctx, ex, 400, `Bad Request: range exceeds ${ctx.windowDays} days`);
      const wanted = Array.isArray(call.channels) ? new Set((call.channels as { channel?: string }[]).map((x) => x.channel)) : undefined;
      return reply({
        'usage-point-id': c.id,
        channels: c.channels
          .filter((ch) => !wanted || wanted.has(ch.obis))
          .map((ch) => ({
            obis: ch.obis,
            readings: readingsInRange(ch.readings, from, to).map((r) => ({
              'capture-time': iso(r.captureTime),
              'target-time': r.targetTime === undefined ? null : iso(r.targetTime),
              value: String(r.value),
              'cosem-status': 0,
              'smgw-status': (r.statusFNN ?? '').slice(0, 8),
              'meter-status': (r.statusFNN ?? '').slice(8),
              'owner-number': c.usagePoint.customerId,
              signature: r.signature ?? null,
            })),
          })),
      });
    }
    case 'log': {
      const from = parseTime(call.fromtime) ?? -Infinity;
      const to = parseTime(call.totime) ?? Infinity;
      const fromIndex = typeof call.fromindex === 'number' ? call.fromindex : 0;
      const count = typeof call.count === 'number' ? call.count : ctx.logLimit;
      if (count > ctx.logLimit) return send(ctx, ex, 400, `Bad Request: count exceeds ${ctx.logLimit}`);
      const entries = dataset.log
        .filter((e) => (e.timestamp ?? 0) > from && (e.timestamp ?? 0) <= to && (e.recordNumber ?? 0) >= fromIndex)
        .slice(0, count)
        .map((e) => ({ index: e.recordNumber, 'event-id': 0, level: e.level, outcome: e.outcome, 'vendor-id': 0, message: e.text, time: e.timestamp === undefined ? null : iso(e.timestamp) }));
      return reply({ entries });
    }
    case 'self-test': {
      const now = Date.now();
      if (now - ctx.state.lastSelfTest < ctx.selfTestCooldownMs) return send(ctx, ex, 403, 'Forbidden: self-test running or less than 10 minutes since the last');
      ctx.state.lastSelfTest = now;
      return reply({ result: 'started' });
    }
    default:
      return send(ctx, ex, 400, 'Bad Request: unknown method');
  }
}
