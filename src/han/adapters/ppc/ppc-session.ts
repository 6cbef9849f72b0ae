/**
 * One PPC HAN portal session: login by GET with Digest (the client signs every request), the session cookie
 * kept by the client's jar, the CSRF token `tkn` (or the older hidden `sessionid`) taken anew from every
 * page, form POSTs to the single CGI, logout. PPC allows one session at a time: a refusal because another
 * one is open, the portal lock-out and an expired session each end in their own clear error.
 */
import { HanError } from '../../errors';
import type { GatewayClient } from '../../gateway-client';
import { header, type HttpResponse } from '../../http-connection';
import { DeviceError, ProtocolError } from '../../errors';
import { HtmlPage, descendants } from '../kit/html-tree';

export const PPC_CGI = '/cgi-bin/hanservice.cgi';

export class PpcSessionBusyError extends HanError {
  constructor() {
    super(
      'HAN_SESSION_BUSY',
      'Am Gateway ist bereits eine andere Sitzung angemeldet (z. B. eine Hausautomation oder ein zweites Programm). PPC-Gateways erlauben nur eine Sitzung: Melden Sie die andere ab oder warten Sie einige Minuten, bis sie abläuft, und lesen Sie dann erneut aus.',
      'Another session is logged in at the gateway (e.g. a home automation or a second program). PPC gateways allow only one session: log the other one out or wait a few minutes until it expires, then read again.',
    );
  }
}

export class PpcSessionExpiredError extends HanError {
  constructor(detail: string) {
    super(
      'HAN_SESSION_EXPIRED',
      `Das Gateway hat die Sitzung beendet (${detail}). Es wurden keine unvollständigen Daten übernommen; lesen Sie erneut aus.`,
      `The gateway ended the session (${detail}). No incomplete data was kept; read again.`,
    );
  }
}

/** The gateway answered an export with a page (firmware without signed exports, or a refusal). */
export class PpcNoFileError extends ProtocolError {
  constructor(
    readonly action: string,
    readonly pageText: string,
  ) {
    super(`${action}: the gateway answered with a page instead of a file ("${pageText}")`);
  }
}

const BUSY = /bereits eine andere Sitzung|bereits angemeldet|another session/i;
const INVALID_SESSION = /Sitzung ungültig|ungültige oder abgelaufene Sitzung|session (invalid|expired)/i;

export class PpcSession {
  /** The token field of the current page: `tkn` (current firmware) or `sessionid` (older firmware). */
  private token: { name: 'tkn' | 'sessionid'; value: string } | undefined;
  loggedIn = false;
  /** The gateway answered a login: a session may be open there even when its page was unusable. */
  private opened = false;
  firmware: string | undefined;

  constructor(private readonly client: GatewayClient) {}

  get tokenStyle(): 'tkn' | 'sessionid' | undefined {
    return this.token?.name;
  }

  private page(response: HttpResponse, name: string, tokenExpected = true): HtmlPage {
    if (response.status !== 200) throw new DeviceError(response.status, `${name}: ${response.body.toString('utf8').slice(0, 200)}`);
    const type = header(response, 'content-type') ?? '';
    if (!/text\/html/i.test(type)) throw new ProtocolError(`${name}: answer of type "${type}", not an HTML page`);
    const page = new HtmlPage(response.body.toString('utf8'), name);
    const error = page.optional('div_error')?.text;
    if (error) {
      if (BUSY.test(error)) throw new PpcSessionBusyError();
      if (INVALID_SESSION.test(error)) throw new PpcSessionExpiredError(error);
      throw new DeviceError(200, `${name}: ${error}`);
    }
    if (tokenExpected) this.takeToken(page);
    const firmware = page.optional('div_fwversion')?.text;
    if (firmware) this.firmware = firmware;
    return page;
  }

  /** Every page carries the token of the next request; a page of a session without one is unknown. */
  private takeToken(page: HtmlPage): void {
    const inputs = descendants(page.root, 'input').filter((i) => i.attributes.name === 'tkn' || i.attributes.name === 'sessionid');
    const values = new Set(inputs.map((i) => `${i.attributes.name}=${i.attributes.value ?? ''}`));
    if (values.size > 1) page.fail('input[name=tkn]', `${values.size} different tokens on one page`);
    const first = inputs[0];
    if (!first) {
      if (this.loggedIn) page.fail('input[name=tkn]', 'no token (tkn or sessionid) on the page');
      return;
    }
    const value = first.attributes.value ?? '';
    if (!value) page.fail(`input[name=${first.attributes.name}]`, 'empty token');
    this.token = { name: first.attributes.name as 'tkn' | 'sessionid', value };
  }

  async login(): Promise<HtmlPage> {
    const response = await this.client.request('GET', PPC_CGI);
    // A page that says no session was opened (another one is, or ours expired) leaves nothing to log out.
    if (response.status === 200) this.opened = true;
    let page: HtmlPage;
    try {
      page = this.page(response, 'login');
    } catch (error) {
      if (error instanceof PpcSessionBusyError || error instanceof PpcSessionExpiredError) this.opened = this.loggedIn;
      throw error;
    }
    page.one('headline_willkommen');
    if (!this.token) page.fail('input[name=tkn]', 'no token (tkn or sessionid) on the welcome page');
    this.loggedIn = true;
    return page;
  }

  private form(action: string, params: Record<string, string>): string {
    if (!this.token) throw new ProtocolError(`${action}: not logged in`);
    const form = new URLSearchParams({ [this.token.name]: this.token.value, action, ...params });
    return form.toString();
  }

  /** One form action; the answer must be an HTML page (its token is kept for the next request). */
  async action(action: string, params: Record<string, string> = {}): Promise<HtmlPage> {
    // Not resent after a dropped connection: the token may have moved on with the lost answer.
    const response = await this.client.request('POST', PPC_CGI, { body: this.form(action, params), contentType: 'application/x-www-form-urlencoded', idempotent: false });
    return this.page(response, action);
  }

  /**
   * An action whose answer is a file (signed export): returned as is. An HTML page instead is the gateway
   * refusing it (firmware without exports answers with an error page): its token is taken for the next
   * request and a PpcNoFileError names what the page said; a refused or expired session stays its own error.
   */
  async download(action: string, params: Record<string, string>): Promise<HttpResponse> {
    const response = await this.client.request('POST', PPC_CGI, { body: this.form(action, params), contentType: 'application/x-www-form-urlencoded', idempotent: false });
    const type = header(response, 'content-type') ?? '';
    if (response.status === 200 && /text\/html/i.test(type)) {
      const page = new HtmlPage(response.body.toString('utf8'), action);
      const error = page.optional('div_error')?.text;
      if (error && BUSY.test(error)) throw new PpcSessionBusyError();
      if (error && INVALID_SESSION.test(error)) throw new PpcSessionExpiredError(error);
      this.takeToken(page);
      throw new PpcNoFileError(action, error ?? 'a page without an error text');
    }
    if (response.status !== 200) throw new DeviceError(response.status, action);
    return response;
  }

  /**
   * Logs out. When the token was lost with a cut-off page (it changes with every page), the session is
   * picked up again by its cookie and then ended; a connection that dropped is replaced once. A login whose
   * welcome page was unusable (cut off, scrambled) may still have opened the session: it is picked up by
   * its cookie the same way. Returns whether the gateway confirmed the logout; never throws.
   */
  async logout(): Promise<boolean> {
    if (!this.opened) return true;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (attempt > 0 || !this.loggedIn || !this.token) await this.login();
        const response = await this.client.request('POST', PPC_CGI, { body: this.form('logout', {}), contentType: 'application/x-www-form-urlencoded', idempotent: false });
        // The goodbye page carries no token.
        this.page(response, 'logout', false).one('headline_logout');
        this.loggedIn = false;
        this.opened = false;
        return true;
      } catch (error) {
        if (error instanceof PpcSessionBusyError) return false;
        if (!(error instanceof PpcSessionExpiredError)) this.client.close();
      }
    }
    return false;
  }
}
