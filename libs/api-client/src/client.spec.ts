import { createDentalApiClient, Schema } from './index';

describe('createDentalApiClient', () => {
  it('sends typed requests with the bearer token and answers typed bodies', async () => {
    const seen: Request[] = [];
    const payment: Partial<Schema<'PatientPaymentView'>> = { id: 'p1', amount: '250.00', receiptNumber: 'R-1' };
    const api = createDentalApiClient({
      baseUrl: 'http://gateway.test',
      token: () => 'token-1',
      fetch: async (request: Request) => {
        seen.push(request);
        return new Response(JSON.stringify(payment), { status: 201, headers: { 'content-type': 'application/json' } });
      },
    });
    const { data, error } = await api.POST('/api/v1/patients/{id}/payments', {
      params: { path: { id: '4e1c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10' }, header: { 'Idempotency-Key': 'key-1' } },
      body: { date: '2026-11-21', amount: '250.00', paymentType: 'cash' },
    });
    expect(error).toBeUndefined();
    expect(data?.receiptNumber).toBe('R-1');
    expect(seen[0].url).toBe('http://gateway.test/api/v1/patients/4e1c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10/payments');
    expect(seen[0].headers.get('authorization')).toBe('Bearer token-1');
    expect(seen[0].headers.get('idempotency-key')).toBe('key-1');
    expect(await seen[0].json()).toEqual({ date: '2026-11-21', amount: '250.00', paymentType: 'cash' });
  });

  it('answers an error body typed as ApiError', async () => {
    const api = createDentalApiClient({
      baseUrl: 'http://gateway.test',
      fetch: async () =>
        new Response(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'lab x was not found', code: 'LAB.NOT_FOUND' }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const { data, error } = await api.GET('/api/v1/labs/{id}', { params: { path: { id: '4e1c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10' } } });
    expect(data).toBeUndefined();
    expect(error?.code).toBe('LAB.NOT_FOUND');
  });
});
