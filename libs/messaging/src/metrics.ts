import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per service instance (not prom-client's global one: tests run several services in one
 * process). Gauges that need a query (outbox backlog, consumer lag) are read when /metrics is scraped.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly natsRequests = new Counter({
    name: 'nats_requests_total',
    help: 'NATS requests handled by subject and status',
    labelNames: ['subject', 'status'] as const,
    registers: [this.registry],
  });
  readonly natsDuration = new Histogram({
    name: 'nats_request_duration_seconds',
    help: 'NATS request handling latency',
    labelNames: ['subject'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsHandled = new Counter({
    name: 'events_handled_total',
    help: 'Events handled by consumers, by stream',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  readonly redeliveries = new Counter({
    name: 'consumer_redeliveries_total',
    help: 'Messages received again after a failed or unacknowledged delivery',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'dead_letters_total',
    help: 'Events sent to the dead-letter subject',
    labelNames: ['stream', 'type'] as const,
    registers: [this.registry],
  });
  readonly outagePauses = new Counter({
    name: 'consumer_outage_pauses_total',
    help: 'Times a consumer paused because its database or a neighbour was unavailable (deliveries not spent)',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });
  readonly exportDuration = new Histogram({
    name: 'export_duration_seconds',
    help: 'Report export durations by report and format',
    labelNames: ['report', 'format'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose value is read at scrape time. */
  gauge(
    name: string,
    help: string,
    labelNames: string[],
    read: () => Promise<Array<{ labels?: Record<string, string>; value: number }>>,
  ) {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const { labels, value } of await read()) {
            if (labels) this.set(labels, value);
            else this.set(value);
          }
        } catch {
          // a scrape must not fail because NATS or the database blinked; the gauge stays empty
        }
      },
    });
  }
}
