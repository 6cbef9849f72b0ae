/** A minimal cookie jar for one gateway (name=value pairs; expiry by Max-Age/Expires; no sharing). */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; expires?: number }>();

  store(setCookieHeaders: readonly string[] | undefined, now = Date.now()): void {
    for (const line of setCookieHeaders ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expires: number | undefined;
      for (const attribute of attributes) {
        const [k = '', v = ''] = attribute.split('=').map((s) => s.trim());
        if (k.toLowerCase() === 'max-age' && /^-?\d+$/.test(v)) expires = now + Number(v) * 1000;
        else if (k.toLowerCase() === 'expires' && expires === undefined) {
          const t = Date.parse(v);
          if (Number.isFinite(t)) expires = t;
        }
      }
      if (expires !== undefined && expires <= now) this.cookies.delete(name);
      else this.cookies.set(name, expires === undefined ? { value } : { value, expires });
    }
  }

  /** The Cookie header value, or undefined when empty. */
  header(now = Date.now()): string | undefined {
    const parts: string[] = [];
    for (const [name, { value, expires }] of this.cookies) {
      if (expires !== undefined && expires <= now) this.cookies.delete(name);
      else parts.push(`${name}=${value}`);
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
  }

  clear(): void {
    this.cookies.clear();
  }
}
