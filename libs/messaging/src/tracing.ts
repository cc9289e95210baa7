import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

let provider: BasicTracerProvider | undefined;

/**
 * OpenTelemetry with W3C trace context. Spans are always made, so a trace id started at the gateway reaches every
 * service's logs through the NATS `traceparent` header; they are exported only when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set (OTLP over HTTP). One provider per process.
 */
export function initTracing(service: string, endpoint?: string): void {
  if (provider) return;
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: endpoint
      ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))]
      : [],
  });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

export async function shutdownTracing(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

export interface TraceSpan {
  span: Span;
  traceId: string;
  /** The W3C header value that makes the next hop a child of this span. */
  traceparent?: string;
  end(error?: unknown): void;
}

/** Starts a span, a child of `parentTraceparent` when given. */
export function startSpan(
  name: string,
  kind: SpanKind,
  parentTraceparent?: string,
  attributes: Record<string, string> = {},
): TraceSpan {
  const parent = parentTraceparent
    ? propagation.extract(ROOT_CONTEXT, { traceparent: parentTraceparent })
    : ROOT_CONTEXT;
  const span = trace.getTracer('dental-finance').startSpan(name, { kind, attributes }, parent);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return {
    span,
    traceId: span.spanContext().traceId,
    traceparent: carrier.traceparent,
    end(error?: unknown) {
      if (error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    },
  };
}

export { SpanKind };
