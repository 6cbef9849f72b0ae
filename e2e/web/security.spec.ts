/**
 * The page runs under the web host's strict CSP without violations, cannot eval, and the API refuses
 * callers without the token or from a foreign origin.
 */
import { rawCall } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

/**
 * Tries eval and new Function from a task of the page itself (a timer). DevTools evaluation (what
 * page.evaluate uses) is exempt from the CSP's eval rule, so calling eval directly inside page.evaluate
 * would prove nothing.
 */
const EVAL_PROBE = `new Promise((resolve) => setTimeout(() => {
  const results = {};
  try { results.eval = String(eval('1')); } catch (error) { results.eval = error.name; }
  try { results.fn = String(new Function('return 1')()); } catch (error) { results.fn = error.name; }
  resolve(results);
}, 0))`;

test.describe('web mode security', () => {
  test('no console errors and no CSP violations while using the app', async ({ page, web, problems }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-consumption').click();
    for (const resolution of ['week', 'month', 'year', 'day'] as const) {
      await page.getByTestId(`consumption-${resolution}`).click();
      await expect(page.getByTestId(`consumption-${resolution}`)).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('loading')).toHaveCount(0);
    }
    await page.getByText('Werte als Tabelle').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-about').click();
    await expect(page.getByTestId('engine-info')).toBeVisible();
    await page.getByTestId('nav-consumption').click();
    await page.getByTestId('energy-chart').hover();

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('the CSP watch does see a violation (control: an injected inline script is blocked)', async ({ page, web, problems }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    const ran = await page.evaluate(`(() => {
      window.__inlineRan = false;
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return window.__inlineRan;
    })()`);
    expect(ran).toBe(false);
    await expect.poll(async () => (await problems.cspViolations()).map((v) => v.directive)).toContain('script-src-elem');
  });

  test('eval and new Function throw in the page (and work without the CSP)', async ({ page, web, problems }) => {
    await page.goto('about:blank');
    expect(await page.evaluate(EVAL_PROBE)).toEqual({ eval: '1', fn: '1' });
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('product-name')).toBeVisible();
    expect(await page.evaluate(EVAL_PROBE)).toEqual({ eval: 'EvalError', fn: 'EvalError' });
    await expect.poll(async () => (await problems.cspViolations()).map((v) => v.blockedURI)).toContain('eval');
  });

  test('the served page has a strict CSP and no inline script or style', async ({ request, web }) => {
    const response = await request.get(`${web.origin}/`);
    expect(response.status()).toBe(200);
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/(^|;\s*)script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|;\s*)style-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  test('an API call without the token is refused with 401', async ({ web }) => {
    const none = await rawCall(web.origin, 'getEngineInfo', [], {});
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('UNAUTHORIZED');
    const wrong = await rawCall(web.origin, 'getEngineInfo', [], { Authorization: 'Bearer wrong-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('UNAUTHORIZED');
    // Control: the same call with the token succeeds.
    const ok = await rawCall(web.origin, 'getEngineInfo', [], { Authorization: `Bearer ${web.token}` });
    expect(ok.status).toBe(200);
  });

  test('an API call from a foreign Origin is refused with 403, even with the token', async ({ web }) => {
    for (const origin of ['http://evil.example', `http://localhost:${web.port + 1}`, 'null', `http://127.0.0.1:${web.port + 1}`]) {
      const foreign = await rawCall(web.origin, 'getEngineInfo', [], { Authorization: `Bearer ${web.token}`, Origin: origin });
      expect(foreign.status, origin).toBe(403);
      expect(foreign.body.error?.code, origin).toBe('FORBIDDEN_ORIGIN');
    }
    const own = await rawCall(web.origin, 'getEngineInfo', [], { Authorization: `Bearer ${web.token}`, Origin: web.origin });
    expect(own.status).toBe(200);
    // The same port under its other loopback name is the user's own page too (opened as localhost).
    const localhost = await rawCall(web.origin, 'getEngineInfo', [], {
      Authorization: `Bearer ${web.token}`,
      Origin: `http://localhost:${web.port}`,
    });
    expect(localhost.status).toBe(200);
  });

  test('a page on another origin cannot call the API (browser fetch is refused)', async ({ page, web, context }) => {
    // A page of another origin (fulfilled by Playwright) that knows even the token tries the API.
    await context.route('http://other.test/', (route) => route.fulfill({ contentType: 'text/html', body: '<p>other</p>' }));
    await page.goto('http://other.test/');
    const status = await page.evaluate(`fetch(${JSON.stringify(`${web.origin}/api/call/getEngineInfo`)}, {
      method: 'POST',
      headers: { Authorization: 'Bearer ${web.token}', 'Content-Type': 'application/json' },
      body: '{"args":[]}',
    }).then((r) => r.status, (e) => 'network error: ' + e.message)`);
    // Either the engine answers 403 (and CORS hides it) or the browser blocks the request: never 200.
    expect(status).not.toBe(200);
  });
});
