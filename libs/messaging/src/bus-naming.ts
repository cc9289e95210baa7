import { SERVICES, ServiceName } from '@dental/contracts';

/**
 * Turns logical names into wire names. A prefix (BUS_PREFIX) lets test files and environments share one NATS
 * without seeing each other. Events keep their type as subject (`payments.payment.recorded`, stream PAYMENTS on
 * `payments.>`); request/reply subjects go under `rpc.` so a stream never captures a request.
 */
export class BusNaming {
  constructor(readonly prefix: string) {}

  private p(s: string): string {
    return this.prefix ? `${this.prefix}.${s}` : s;
  }

  event(type: string): string {
    return this.p(type);
  }

  /** The event type behind a wire subject. */
  typeOf(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : subject;
  }

  rpc(subject: string): string {
    return this.p(`rpc.${subject}`);
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix.toUpperCase()}_${name}` : name;
  }

  deadLetter(consumer: string, type: string): string {
    return this.p(`dlq.${consumer}.${type}`);
  }

  /** The stream that holds an event type: the owning service is its first token. */
  static streamOfType(type: string): string {
    const service = type.split('.')[0] as ServiceName;
    const stream = SERVICES[service]?.stream;
    if (!stream) throw new Error(`no stream owns event type ${type}`);
    return stream;
  }

  static rootOfStream(stream: string): string {
    const found = Object.values(SERVICES).find((s) => s.stream === stream);
    if (found) return found.name;
    if (stream === DEAD_LETTER_STREAM) return 'dlq';
    throw new Error(`unknown stream ${stream}`);
  }
}

export const DEAD_LETTER_STREAM = 'DEAD_LETTERS';
