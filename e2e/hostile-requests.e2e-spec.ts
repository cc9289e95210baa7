// Requests an integrator's client or a fuzzer can send that once answered 500: each class is a 4xx naming what is
// wrong (or a correct answer), and nothing is stored. Real PostgreSQL and NATS; gateway and four services as the built processes.
import { STATUS_CODES } from 'node:http';
import request from 'supertest';
import { MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(120_000);

function expectClientError(res: request.Response, status: number, code: string, message?: RegExp): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: expect.objectContaining({ statusCode: status, error: STATUS_CODES[status], code }),
  });
  if (message) expect(res.body.message).toMatch(message);
}

describe('hostile requests answer 4xx, never 500 (e2e: gateway + services)', () => {
  const w = new MoneyToReportsWorld();
  let labCount: () => Promise<number>;

  beforeAll(async () => {
    await w.start();
    labCount = async () => (await w.http().get('/api/v1/labs').set(w.auth(w.admin))).body.total as number;
  });

  afterAll(() => w.stop());

  const postLab = () => w.http().post('/api/v1/labs').set(w.auth(w.admin));

  it('a body in any charset but UTF-8 is a 415 naming it (utf-7 and utf-16 too, which body-parser would read)', async () => {
    for (const charset of ['koi8-r', 'utf-7', 'utf-16', 'UTF-32']) {
      const res = await postLab().set('content-type', `application/json; charset=${charset}`).send('{"name":"Lab"}');
      expectClientError(res, 415, 'REQUEST.UNSUPPORTED_CHARSET', new RegExp(charset, 'i'));
    }
    // UTF-8 is read: this body gets as far as validation (a lab needs a name)
    const utf8 = await postLab().set('content-type', 'application/json; charset=UTF-8').send('{"name":""}');
    expectClientError(utf8, 400, 'REQUEST.VALIDATION', /^name: /);
    expect(await labCount()).toBe(0);
  });

  it('a Content-Encoding that does not decode is a 400, whatever the encoding', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await postLab()
        .set('content-type', 'application/json')
        .set('content-encoding', encoding)
        .send('{"name":"not compressed at all"}');
      expectClientError(res, 400, 'REQUEST.VALIDATION', /could not be read/);
    }
    expect(await labCount()).toBe(0);
  });

  it('JSON nested thousands of levels deep is a 400 naming where, arrays and objects alike', async () => {
    const arrays = `{"name":"Lab","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const objects = `{"name":"Lab","email":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    for (const body of [arrays, objects]) {
      const res = await postLab().set('content-type', 'application/json').send(body);
      expectClientError(res, 400, 'REQUEST.VALIDATION', /must not be nested deeper than 32 levels/);
    }
    expect(await labCount()).toBe(0);
  });

  it('page numbers: digits only, at most 1,000,000; a page past the rows is empty with the true total', async () => {
    for (const page of ['1e20', '9007199254740993', '2.5', '0', '-1', ' 2']) {
      const res = await w
        .http()
        .get(`/api/v1/work-orders?page=${encodeURIComponent(page)}`)
        .set(w.auth(w.admin));
      expectClientError(res, 400, 'REQUEST.VALIDATION', /^page: /);
    }
    const far = await w.http().get('/api/v1/finance/work-orders?page=1000000&pageSize=500').set(w.auth(w.admin));
    expect(far.status).toBe(200);
    expect(far.body).toEqual(expect.objectContaining({ items: [], total: 0, page: 1000000, pageSize: 500 }));
  });

  it('year 9999, the last year there is, in Finance filters answers correctly (no month after December 9999)', async () => {
    for (const query of ['from=9999-12-31', 'from=9999-12-02&to=9999-12-31', 'to=9999-12-31', 'from=9999-11-20']) {
      for (const path of ['/api/v1/finance/labs', '/api/v1/finance/work-orders']) {
        const res = await w.http().get(`${path}?${query}`).set(w.auth(w.admin));
        expect({ path, query, status: res.status }).toEqual({ path, query, status: 200 });
        expect(res.body.items).toEqual([]);
      }
    }
  });

  it('a path id that is not a UUID names the parameter, the same way on every route', async () => {
    for (const path of ['/api/v1/work-orders/nope', '/api/v1/labs/nope', '/api/v1/patients/nope/account']) {
      const res = await w.http().get(path).set(w.auth(w.admin));
      expect({ path, status: res.status, message: res.body.message }).toEqual({
        path,
        status: 400,
        message: 'id: must be a UUID',
      });
    }
  });
});
