/** Vendor choice (FLAG code of the gateway id, or probing the HAN port) and per-vendor client settings. */
import { ApiError } from '../api/errors';
import { gatewayFlag } from '../model/gateway-id';
import type { GatewayAdapter, VendorId } from './adapter';
import { DntAdapter } from './adapters/dnt';
import { EmhAdapter } from './adapters/emh';
import { PpcAdapter } from './adapters/ppc';
import { ThebenAdapter } from './adapters/theben';
import { AuthenticationFailedError, ProtocolError, TlsConnectFailedError } from './errors';
import { GatewayClient, type GatewayClientOptions } from './gateway-client';

export const VENDORS: Record<VendorId, { name: string; flag: string; experimental: boolean }> = {
  theben: { name: 'Theben CONEXA', flag: 'THE', experimental: false },
  emh: { name: 'EMH CASA', flag: 'EMH', experimental: false },
  // The HGP protocol details are inferred (see adapters/dnt.ts): experimental until a real gateway answered.
  dnt: { name: 'Sagemcom Dr. Neuhaus SMARTY IQ', flag: 'DNT', experimental: true },
  // No recorded PPC HTML is public (see adapters/ppc.ts): experimental until a real portal answered.
  ppc: { name: 'PPC SMGW', flag: 'PPC', experimental: true },
};

export function isVendorId(value: unknown): value is VendorId {
  return typeof value === 'string' && Object.hasOwn(VENDORS, value);
}

/** A vendor choice from outside (UI, CLI, stored profile): a known vendor or 'auto', else a clear error. */
export function checkVendorChoice(value: unknown): VendorId | 'auto' {
  if (value === undefined || value === null || value === '' || value === 'auto') return 'auto';
  if (isVendorId(value)) return value;
  const known = Object.keys(VENDORS).join(', ');
  throw ApiError.localized(
    'UNKNOWN_VENDOR',
    `Unbekannter Hersteller „${String(value)}“: wählen Sie auto (erkennen) oder einen von ${known}.`,
    `Unknown vendor "${String(value)}": choose auto (detect) or one of ${known}.`,
    { vendor: String(value) },
  );
}

/** The vendor whose adapter speaks to the gateway with this id (any written form), by its FLAG code. */
export function vendorFromGatewayId(gatewayId: string): VendorId | undefined {
  const flag = gatewayFlag(gatewayId);
  return (Object.entries(VENDORS) as [VendorId, { flag: string }][]).find(([, v]) => v.flag === flag)?.[0];
}

/** Vendor quirks the client must honour. */
export function vendorClientSettings(vendor: VendorId, host: string): Partial<GatewayClientOptions> {
  switch (vendor) {
    case 'theben':
      return { forceMd5: true };
    case 'emh':
      // EMH checks the Host header against its own address (no port).
      return { hostHeader: host.includes(':') ? `[${host}]` : host, forceMd5: true };
    case 'ppc':
      // The portal's Digest is MD5 (realm SmartMeterGateway); its session cookie outlives a connection.
      return { forceMd5: true, sessionOutlivesConnection: true };
    case 'dnt':
      // SMARTY IQ refuses OpenSSL's ClientHello (renegotiation_info / SCSV): the minimal TLS client.
      return { tls: 'minimal' };
  }
}

export function createAdapter(vendor: VendorId, client: GatewayClient, options: { gatewayId?: string } = {}): GatewayAdapter {
  switch (vendor) {
    case 'theben':
      return new ThebenAdapter(client);
    case 'emh':
      return new EmhAdapter(client);
    case 'dnt':
      return new DntAdapter(client, options);
    case 'ppc':
      return new PpcAdapter(client, options);
  }
}

/** Finds the vendor by unauthenticated requests to the vendors' entry points (no login is attempted). */
export async function probeVendor(base: GatewayClientOptions): Promise<VendorId> {
  const probe = async (vendor: VendorId, path: string): Promise<number> => {
    const client = new GatewayClient({ ...base, ...vendorClientSettings(vendor, base.host), user: undefined, password: undefined, retries: 0 });
    try {
      return (await client.request('GET', path)).status;
    } catch (error) {
      if (error instanceof AuthenticationFailedError) return 401;
      // A gateway that refuses this vendor's TLS handshake is not this vendor (Dr. Neuhaus refuses OpenSSL's).
      if (error instanceof TlsConnectFailedError) return 0;
      throw error;
    } finally {
      client.close();
    }
  };
  const theben = await probe('theben', '/smgw/m2m');
  if (theben === 401 || theben === 307 || theben === 200) return 'theben';
  const emh = await probe('emh', '/json/metering/origin/');
  if (emh === 401 || emh === 200) return 'emh';
  const ppc = await probe('ppc', '/cgi-bin/hanservice.cgi');
  if (ppc === 401) return 'ppc';
  const dnt = await probe('dnt', '/smgw/hgp/evp/');
  // Without the Device-ID header HGP answers 403 or 400; the TLS handshake itself needs the client certificate.
  if (dnt === 401 || dnt === 403 || dnt === 400) return 'dnt';
  throw new ProtocolError('the gateway answers none of the Theben, EMH, PPC and Dr. Neuhaus protocols; choose the vendor (--vendor) / Hersteller bitte angeben');
}
