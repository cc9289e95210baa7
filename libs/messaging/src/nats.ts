import { connect, NatsConnection } from 'nats';

export class NatsUnavailableError extends Error {}

/** Connects or fails fast with one line that says where and why. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({
      servers: url.split(','),
      name,
      timeout: 3000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  } catch (e) {
    throw new NatsUnavailableError(`NATS unreachable at ${url}: ${(e as Error).message}`);
  }
}
