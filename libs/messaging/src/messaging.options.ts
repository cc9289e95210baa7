import type { EventEnvelope } from '@dental/contracts';
import type { StreamSettings } from './jetstream/streams';

export interface MessagingOptions {
  service: string;
  /** Streams this service publishes to or consumes from; created or updated at start. */
  streams: string[];
  streamSettings: StreamSettings;
  rpcTimeoutMs: number;
  /** Run the outbox relay (default true). */
  relay?: boolean;
  relayPollMs?: number;
  relayBatch?: number;
  consumer?: { batchSize?: number; ackWaitMs?: number; maxDeliver?: number };
  /** Fault injection for the delivery tests; never set in production. */
  faults?: {
    afterPublishBeforeMark?: (count: number) => void | Promise<void>;
    afterCommitBeforeAck?: (events: EventEnvelope[]) => void | Promise<void>;
  };
}
