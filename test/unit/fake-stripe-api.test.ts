import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_ACCOUNT, type FakeStripeApi, startFakeStripeApi } from '../helpers/fake-stripe-api.js';

const READER = 'rk_test_51ReaderKeyAbcdefGHIJKL123456';
const WRITER = 'rk_test_51WriterKeyAbcdefGHIJKL654321';

let fake: FakeStripeApi;
afterEach(async () => fake?.close());

const call = (path: string, key: string | undefined, init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) },
  });

describe('the fake Stripe API', () => {
  it("answers a permitted list with Stripe's list body and records the request whole", async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: ['customer_read'] } });
    const res = await call('/v1/customers?limit=1', READER);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/customers', query: { limit: '1' }, body: '' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${READER}`);
  });

  it("answers a missing permission with Stripe's 403, naming the rak_ scope and the account", async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: ['customer_read'] } });
    const res = await call('/v1/customers/cus_doesnotexist000', READER, { method: 'POST', body: '' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message: `The provided key 'rk_test_…123456' does not have the required permissions for this endpoint on account '${FAKE_ACCOUNT}'. Having the 'rak_customer_write' permission would allow this request to continue.`,
      },
    });
  });

  it('lets a write permission read (write implies read) and answers 404 resource_missing for an unknown id', async () => {
    fake = await startFakeStripeApi({ keys: { [WRITER]: ['customer_write'] } });
    expect((await call('/v1/customers?limit=1', WRITER)).status).toBe(200);
    const res = await call('/v1/customers/cus_doesnotexist000', WRITER, { method: 'POST', body: '' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such customer: 'cus_doesnotexist000'",
        param: 'id',
        type: 'invalid_request_error',
      },
    });
    expect(fake.changes).toEqual([]);
  });

  it('changes its state on a create, an update and a delete, so a probe that changed anything shows', async () => {
    fake = await startFakeStripeApi({
      keys: { [WRITER]: ['customer_write'] },
      objects: { '/v1/customers/cus_existing1': { id: 'cus_existing1', object: 'customer' } },
    });
    const created = await call('/v1/customers', WRITER, { method: 'POST', body: 'name=x' });
    expect(created.status).toBe(200);
    expect((await call('/v1/customers/cus_existing1', WRITER, { method: 'POST', body: 'name=y' })).status).toBe(200);
    expect((await call('/v1/customers/cus_existing1', WRITER, { method: 'DELETE' })).status).toBe(200);
    expect(fake.changes).toEqual([
      'POST /v1/customers → cus_fake1',
      'POST /v1/customers/cus_existing1',
      'DELETE /v1/customers/cus_existing1',
    ]);
  });

  it('answers an unknown or revoked key 401 with the key masked as Stripe masks it', async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: ['customer_read'] } });
    fake.revoke(READER);
    const res = await call('/v1/customers?limit=1', READER);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toBe(`Invalid API Key provided: rk_test_${'*'.repeat(READER.length - 12)}3456`);
    expect(body.error.message).not.toContain(READER);
    expect((await call('/v1/customers?limit=1', undefined)).status).toBe(401);
  });

  it('answers a 429 with Retry-After, then normally', async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: ['customer_read'] } });
    fake.answerNext({ kind: 'rate-limit', retryAfter: '0' });
    const limited = await call('/v1/customers?limit=1', READER);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('0');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limit');
    expect((await call('/v1/customers?limit=1', READER)).status).toBe(200);
  });

  it('drops a connection, and holds one unanswered until it closes', async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: ['customer_read'] } });
    fake.answerNext({ kind: 'drop' });
    await expect(call('/v1/customers?limit=1', READER)).rejects.toThrow();
    fake.answerNext({ kind: 'hang' });
    const arrived = fake.nextRequest();
    const pending = call('/v1/customers?limit=1', READER);
    expect((await arrived).path).toBe('/v1/customers');
    await fake.close();
    await expect(pending).rejects.toThrow();
  });

  it('answers an endpoint it does not know 404', async () => {
    fake = await startFakeStripeApi({ keys: { [READER]: 'all' as never } });
    expect((await call('/v1/nothing_here', READER)).status).toBe(404);
  });
});
