import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-secret-of-the-clinic';
  const body = '{"id":"1","type":"reminder.alert"}';

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const hex = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${hex}`);
  });

  it('verifies only the same secret, timestamp and body', () => {
    const sig = signWebhook(secret, '1700000000', body);
    expect(verifyWebhook(secret, '1700000000', body, sig)).toBe(true);
    expect(verifyWebhook(secret, '1700000001', body, sig)).toBe(false);
    expect(verifyWebhook(secret, '1700000000', `${body} `, sig)).toBe(false);
    expect(verifyWebhook('another-secret-value', '1700000000', body, sig)).toBe(false);
  });
});
