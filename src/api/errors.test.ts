import { describe, expect, it } from 'vitest';
import { ApiError, causeMessages, toErrorPayload } from './errors';

describe('error payloads', () => {
  it('keep the causes of an error, outermost first', () => {
    const root = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const middle = new TypeError('socket failed', { cause: root });
    const outer = new ApiError('HAN_CONNECTION_LOST', 'The connection dropped.');
    (outer as { cause?: unknown }).cause = middle;
    const payload = toErrorPayload(outer);
    expect(payload).toMatchObject({ code: 'HAN_CONNECTION_LOST', causes: ['TypeError: socket failed', 'read ECONNRESET'] });
    expect(toErrorPayload(new Error('x', { cause: 'a string' })).causes).toEqual(['a string']);
    expect(toErrorPayload(new Error('no cause')).causes).toBeUndefined();
  });

  it('survive a transport: causes and correlation id come back with the error', () => {
    const inner = new Error('bad certificate field notAfter');
    const original = new ApiError('HAN_PROTOCOL_ERROR', 'Unexpected answer.');
    (original as { cause?: unknown }).cause = inner;
    original.correlationId = '0badc0de';
    const wire = JSON.parse(JSON.stringify(toErrorPayload(original))) as ReturnType<typeof toErrorPayload>;
    const received = ApiError.fromPayload(wire);
    expect(received.correlationId).toBe('0badc0de');
    expect(causeMessages(received)).toEqual(['bad certificate field notAfter']);
    expect(toErrorPayload(received)).toMatchObject({ correlationId: '0badc0de', causes: ['bad certificate field notAfter'] });
  });

  it('give no correlation id themselves (only the engine log does)', () => {
    expect(toErrorPayload(new Error('x')).correlationId).toBeUndefined();
  });

  it('stop at cycles and after six causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeMessages(new Error('top', { cause: a }))).toEqual(['a', 'b']);
    let deep: Error = new Error('0');
    for (let i = 1; i < 20; i++) deep = new Error(String(i), { cause: deep });
    expect(causeMessages(deep)).toHaveLength(6);
  });
});
