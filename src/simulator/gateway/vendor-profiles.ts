/** What differs between the simulated vendors: protocol handler, Digest realm and algorithms, TLS defaults, ids. */
import type { DigestAlgorithm } from '../../han/digest';
import { handleDnt } from './dnt';
import { handleEmh } from './emh';
import type { SimContext, SimExchange } from './http-kit';
import { gatewayTlsIdentity, thebenTlsIdentity, type TlsIdentity } from './identities';
import type { TestPki } from '../pki/test-pki';
import { handleTheben } from './theben';
import { handlePpc, ppcControl, type PpcControl, type PpcOptions } from './ppc';
import type { SimTlsProfileName } from './tls-profiles';

export type SimVendor = 'theben' | 'emh' | 'dnt' | 'ppc';

/** The request handler of one running simulator (with the vendor's own state, where it has one). */
export interface SimHandler {
  handle(ex: SimExchange): void;
  ppc?: PpcControl;
}

export interface SimVendorProfile {
  name: string;
  defaultGatewayId: string;
  defaultTlsProfile: SimTlsProfileName;
  realm: string;
  /** Digest algorithms in the challenge, and those whose answers are accepted. */
  offered: DigestAlgorithm[];
  accepted: DigestAlgorithm[];
  /** Whether the consumer's client certificate logs in by itself (else it only opens TLS; Digest follows). */
  certificateLogsIn: boolean;
  /** Refuses a ClientHello with renegotiation_info or the SCSV (strict-client-hello.ts). */
  strictClientHello: boolean;
  identity(pki: TestPki): TlsIdentity;
  createHandler(ctx: SimContext, options: SimVendorOptions): SimHandler;
}

export interface SimVendorOptions {
  ppc?: Partial<PpcOptions>;
}

const stateless = (handle: (ctx: SimContext, ex: SimExchange) => void) => (ctx: SimContext): SimHandler => ({ handle: (ex) => handle(ctx, ex) });

export const SIM_VENDORS: Record<SimVendor, SimVendorProfile> = {
  theben: {
    name: 'Theben CONEXA',
    defaultGatewayId: 'ETHE0012345678',
    defaultTlsProfile: 'p384-only',
    realm: 'CONEXA',
    offered: ['SHA-256', 'MD5'],
    accepted: ['MD5'],
    certificateLogsIn: true,
    strictClientHello: false,
    identity: thebenTlsIdentity,
    createHandler: stateless(handleTheben),
  },
  emh: {
    name: 'EMH CASA',
    defaultGatewayId: 'EEMH0012345678',
    defaultTlsProfile: 'default',
    realm: 'CASA',
    offered: ['MD5'],
    accepted: ['MD5'],
    certificateLogsIn: true,
    strictClientHello: false,
    identity: gatewayTlsIdentity,
    createHandler: stateless(handleEmh),
  },
  dnt: {
    name: 'Sagemcom Dr. Neuhaus SMARTY IQ (experimental, inferred protocol)',
    defaultGatewayId: 'EDNT0012345678',
    // TLS that requires a client certificate, CBC suites (a gateway log showed ECDHE-ECDSA-AES256-SHA384),
    // a P-256 HAN certificate like TRuDI's generic consumer certificate (inferred).
    defaultTlsProfile: 'cbc-client-cert',
    // Inferred: the realm is not public.
    realm: 'SMGW',
    offered: ['SHA-256', 'MD5'],
    accepted: ['SHA-256', 'MD5'],
    certificateLogsIn: false,
    strictClientHello: true,
    identity: gatewayTlsIdentity,
    createHandler: stateless(handleDnt),
  },
  ppc: {
    name: 'PPC SMGW (experimental, inferred pages)',
    defaultGatewayId: 'EPPC0012345678',
    defaultTlsProfile: 'default',
    realm: 'SmartMeterGateway',
    offered: ['MD5'],
    accepted: ['MD5'],
    certificateLogsIn: false,
    strictClientHello: false,
    identity: gatewayTlsIdentity,
    createHandler: (ctx, options) => {
      const control = ppcControl(options.ppc);
      return { handle: (ex) => handlePpc(ctx, ex, control), ppc: control };
    },
  },
};

export function isSimVendor(name: string | undefined): name is SimVendor {
  return name !== undefined && Object.hasOwn(SIM_VENDORS, name);
}
