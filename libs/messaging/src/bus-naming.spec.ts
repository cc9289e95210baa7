import { SERVICES } from '@dental/contracts';
import { BusNaming, DEAD_LETTER_STREAM } from './bus-naming';
import { streamConfig } from './jetstream/streams';

/** NATS subject matching: `*` one token, `>` one or more trailing tokens. */
function matches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

describe('BusNaming', () => {
  const plain = new BusNaming('');
  const prefixed = new BusNaming('t1a2b3c4');

  it('leaves names alone without a prefix', () => {
    expect(plain.event('payments.payment.recorded')).toBe('payments.payment.recorded');
    expect(plain.rpc('payments.cmd.create-clinic')).toBe('rpc.payments.cmd.create-clinic');
    expect(plain.stream('PAYMENTS')).toBe('PAYMENTS');
    expect(plain.deadLetter('reporting', 'payments.payment.recorded')).toBe('dlq.reporting.payments.payment.recorded');
    expect(plain.typeOf('payments.payment.recorded')).toBe('payments.payment.recorded');
  });

  it('puts the prefix in front of every subject and stream', () => {
    expect(prefixed.event('payments.payment.recorded')).toBe('t1a2b3c4.payments.payment.recorded');
    expect(prefixed.rpc('payments.cmd.create-clinic')).toBe('t1a2b3c4.rpc.payments.cmd.create-clinic');
    expect(prefixed.stream('PAYMENTS')).toBe('T1A2B3C4_PAYMENTS');
    expect(prefixed.stream(DEAD_LETTER_STREAM)).toBe('T1A2B3C4_DEAD_LETTERS');
    expect(prefixed.deadLetter('reporting', 'payments.payment.recorded')).toBe(
      't1a2b3c4.dlq.reporting.payments.payment.recorded',
    );
  });

  it('gives back the event type of a wire subject', () => {
    expect(prefixed.typeOf(prefixed.event('work-orders.work-order.created'))).toBe('work-orders.work-order.created');
    // a subject of another prefix is not cut
    expect(prefixed.typeOf('t1a2b3c4x.payments.payment.recorded')).toBe('t1a2b3c4x.payments.payment.recorded');
    expect(prefixed.typeOf('payments.payment.recorded')).toBe('payments.payment.recorded');
  });

  it('knows which stream holds an event type', () => {
    expect(BusNaming.streamOfType('payments.payment.recorded')).toBe('PAYMENTS');
    expect(BusNaming.streamOfType('patient-accounts.treatment.added')).toBe('PATIENT_ACCOUNTS');
    expect(BusNaming.streamOfType('work-orders.work-order.created')).toBe('WORK_ORDERS');
    expect(BusNaming.streamOfType('notifications.alert.due')).toBe('NOTIFICATIONS');
    expect(() => BusNaming.streamOfType('reporting.figure.changed')).toThrow(
      /no stream owns event type reporting\.figure\.changed/,
    );
    expect(() => BusNaming.streamOfType('gateway.user.created')).toThrow(/no stream/);
    expect(() => BusNaming.streamOfType('unknown.thing.happened')).toThrow(/no stream/);
  });

  it('knows the subject root of each stream', () => {
    expect(BusNaming.rootOfStream('PAYMENTS')).toBe('payments');
    expect(BusNaming.rootOfStream('PATIENT_ACCOUNTS')).toBe('patient-accounts');
    expect(BusNaming.rootOfStream(DEAD_LETTER_STREAM)).toBe('dlq');
    expect(() => BusNaming.rootOfStream('NOPE')).toThrow(/unknown stream NOPE/);
  });

  describe.each([
    ['no prefix', plain],
    ['a prefix', prefixed],
  ])('with %s, the streams', (_, naming) => {
    const streams = Object.values(SERVICES).flatMap((s) => (s.stream ? [s.stream] : []));
    const filters = [...streams, DEAD_LETTER_STREAM].map((s) => ({
      stream: s,
      subjects: streamConfig(naming, s, { replicas: 1, maxAgeMs: 0 }).subjects!,
    }));
    const captured = (subject: string) =>
      filters.filter((f) => f.subjects.some((filter) => matches(filter, subject))).map((f) => f.stream);

    it('never capture a request/reply subject', () => {
      for (const service of Object.keys(SERVICES)) {
        expect(captured(naming.rpc(`${service}.cmd.do-something`))).toEqual([]);
        expect(captured(naming.rpc(`${service}.query.get-something`))).toEqual([]);
      }
    });

    it('capture each event in exactly the stream that owns it', () => {
      expect(captured(naming.event('payments.payment.recorded'))).toEqual(['PAYMENTS']);
      expect(captured(naming.event('patient-accounts.treatment.added'))).toEqual(['PATIENT_ACCOUNTS']);
      expect(captured(naming.deadLetter('reporting', 'payments.payment.recorded'))).toEqual([DEAD_LETTER_STREAM]);
      expect(captured(naming.event('reporting.nothing.published'))).toEqual([]);
    });

    it('are named with the prefix', () => {
      for (const s of streams)
        expect(streamConfig(naming, s, { replicas: 1, maxAgeMs: 0 }).name).toBe(naming.stream(s));
    });
  });

  it('keeps two prefixes apart', () => {
    const other = new BusNaming('t9z8y7x6');
    const subjects = streamConfig(other, 'PAYMENTS', { replicas: 1, maxAgeMs: 0 }).subjects!;
    expect(subjects.some((f) => matches(f, prefixed.event('payments.payment.recorded')))).toBe(false);
    expect(subjects.some((f) => matches(f, other.event('payments.payment.recorded')))).toBe(true);
  });
});
