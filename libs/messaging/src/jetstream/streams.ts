import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { BusNaming, DEAD_LETTER_STREAM } from '../bus-naming';

export interface StreamSettings {
  /** 1 here; 3 in production (deploy/overlays/production). */
  replicas: number;
  /** How long a stream keeps events: replay for `reporting:rebuild` needs them all (0 = forever). */
  maxAgeMs: number;
}

export function streamConfig(naming: BusNaming, stream: string, settings: StreamSettings): Partial<StreamConfig> {
  const root = BusNaming.rootOfStream(stream);
  return {
    name: naming.stream(stream),
    subjects: [naming.event(`${root}.>`)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: settings.replicas,
    max_age: nanos(settings.maxAgeMs),
    duplicate_window: nanos(2 * 60 * 1000),
  };
}

/** Creates the streams or brings their config up to date; safe to run from every replica at every start. */
export async function ensureStreams(
  jsm: JetStreamManager,
  naming: BusNaming,
  streams: string[],
  settings: StreamSettings,
) {
  for (const stream of new Set([...streams, DEAD_LETTER_STREAM])) {
    const config = streamConfig(naming, stream, settings);
    try {
      await jsm.streams.add(config);
    } catch (e) {
      // "stream name already in use" with another config: update it in place
      if (!/already in use/i.test((e as Error).message)) throw e;
      await jsm.streams.update(config.name!, config);
    }
  }
}
