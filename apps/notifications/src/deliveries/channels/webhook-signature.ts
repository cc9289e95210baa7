import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature (README "Webhooks"): `X-Timestamp: <unix seconds>` and
 * `X-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The timestamp inside the signed text lets a
 * receiver refuse old replays.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
