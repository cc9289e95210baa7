// Test support for the Finance read models: reporting started alone on the test world, and the wait for its
// consumers. The snapshots it is fed and the bus that publishes them and asks its queries are @dental/testing's
// Events and Bus (kit/reporting-events.ts).
import { MessagingOptions, BusServer } from '@dental/messaging';
import { ServiceConfig, startService } from '@dental/platform';
import { TestWorld } from '@dental/testing';
import { INestApplication } from '@nestjs/common';
import { reportingService } from '../../src/reporting.definition';

export const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'fatal';

export interface RunningReporting {
  app: INestApplication;
  config: ServiceConfig;
  close(): Promise<void>;
}

export async function startReporting(
  world: TestWorld,
  messaging: Partial<MessagingOptions> = {},
): Promise<RunningReporting> {
  const { app, config } = await startService(reportingService, world.env('reporting'), {
    logLevel: LOG_LEVEL,
    messaging,
  });
  let closed = false;
  return {
    app,
    config,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** Resolves when reporting's consumers have nothing left to handle or acknowledge. */
export async function caughtUp(app: INestApplication): Promise<void> {
  const consumers = app.get(BusServer);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const lag = Object.values(await consumers.lag()).reduce((a, b) => a + b, 0);
    if (lag === 0) return;
    if (Date.now() > deadline) throw new Error(`reporting still has ${lag} events pending`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
