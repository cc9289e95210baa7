// An integrator's clients under faults: each records payments through the gateway with a unique Idempotency-Key and,
// on a network error, a timeout or any 5xx, sends the SAME request with the SAME key again until a 2xx or a 4xx.
// Every answer is logged; what a 2xx acknowledged is kept per key.

export type PaymentKind = 'work-order' | 'patient';

export interface PaymentTarget {
  kind: PaymentKind;
  /** work order id or patient id */
  id: string;
  clinicId: string;
  labId?: string;
  /** patients: the clinic's bank charge percentage ("2.50", "0") */
  bankChargePercent?: string | null;
}

/** One answer (or the lack of one) to one attempt. */
export interface Attempt {
  key: string;
  client: number;
  attempt: number;
  startedAt: number;
  answeredAt: number;
  /** HTTP status, or 0 for no answer (network error or timeout) */
  status: number;
  /** the error `code` of the body, `network:<cause>` or `timeout` */
  code?: string;
  replay?: boolean;
  /** the payment id of a 2xx */
  id?: string;
  phase: 'run' | 'final';
}

export interface PaymentRecord {
  key: string;
  client: number;
  target: PaymentTarget;
  path: string;
  body: Record<string, string>;
  attempts: number;
  /** the first 2xx */
  acked?: {
    status: number;
    id: string;
    amount: string;
    bankCost: string | null;
    paymentType?: string;
    method?: string;
  };
  /** every 2xx id answered for this key (more than one id = the same key answered two records) */
  ackedIds: string[];
  /** the 4xx that ended the retries */
  rejected?: { status: number; code?: string };
  /** the last answer of all */
  last?: { status: number; code?: string };
}

export interface ClientOptions {
  baseUrl: () => string;
  token: string;
  clients: number;
  targets: PaymentTarget[];
  date: string;
  runTag: string;
  /** per attempt */
  timeoutMs: number;
  /** pause between two payments of one client */
  thinkMs: number;
  /** first wait before a retry, doubled up to 1 s */
  backoffMs: number;
  /** a payment still without a 2xx or 4xx this long after stop() is left for the final check */
  abandonAfterStopMs: number;
  /** stop starting payments after this many per client (Infinity = until stop()) */
  maxPaymentsPerClient?: number;
  onAttempt?: (a: Attempt) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded generator, so a failing run can be told apart by its numbers, not by luck. */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

/** Sends one request; never throws. */
export async function send(
  baseUrl: string,
  token: string,
  path: string,
  key: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; code?: string; replay?: boolean; body?: Record<string, unknown> }> {
  try {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const code = res.status >= 400 ? String(parsed?.code ?? parsed?.error ?? 'no-code') : undefined;
    return { status: res.status, code, replay: res.headers.get('idempotent-replay') === 'true', body: parsed };
  } catch (e) {
    const err = e as { name?: string; cause?: { code?: string; name?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.cause?.name === 'TimeoutError')
      return { status: 0, code: 'timeout' };
    return { status: 0, code: `network:${err.cause?.code ?? err.cause?.name ?? err.name ?? 'error'}` };
  }
}

export class PaymentClients {
  readonly records = new Map<string, PaymentRecord>();
  private stopping = false;
  private stoppedAt = 0;
  private running: Promise<void>[] = [];

  constructor(private readonly o: ClientOptions) {}

  start(): void {
    this.running = Array.from({ length: this.o.clients }, (_, i) => this.client(i));
  }

  /** No new payments; the open ones retry until answered or abandoned. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stoppedAt = Date.now();
    await Promise.all(this.running);
  }

  private async client(n: number): Promise<void> {
    const rnd = random(0x9e3779b1 ^ ((n + 1) * 7919));
    const max = this.o.maxPaymentsPerClient ?? Infinity;
    for (let i = 0; !this.stopping && i < max; i++) {
      const record = this.newPayment(n, i, rnd);
      this.records.set(record.key, record);
      await this.deliver(record, 'run');
      await sleep(this.o.thinkMs * (0.5 + rnd()));
    }
  }

  private newPayment(n: number, i: number, rnd: () => number): PaymentRecord {
    const target = this.o.targets[Math.floor(rnd() * this.o.targets.length)];
    const key = `${this.o.runTag}-c${n}-p${i}`;
    const amount = `${10 + Math.floor(rnd() * 490)}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}`;
    if (target.kind === 'work-order') {
      const method = rnd() < 0.5 ? 'cash' : 'bank_transfer';
      return {
        key,
        client: n,
        target,
        path: `/work-orders/${target.id}/payments`,
        body: { date: this.o.date, amount, method, reference: key },
        attempts: 0,
        ackedIds: [],
      };
    }
    const card = rnd() < 0.5;
    const body: Record<string, string> = { date: this.o.date, amount, paymentType: card ? 'card' : 'cash', note: key };
    // a clinic at "0" takes the bank cost as typed
    if (card && Number(target.bankChargePercent) === 0)
      body.bankCost = `${1 + Math.floor(rnd() * 9)}.${rnd() < 0.5 ? '50' : '00'}`;
    return { key, client: n, target, path: `/patients/${target.id}/payments`, body, attempts: 0, ackedIds: [] };
  }

  /** Retries until a 2xx or a 4xx (or abandoned after stop()). */
  private async deliver(record: PaymentRecord, phase: 'run'): Promise<void> {
    let backoff = this.o.backoffMs;
    for (;;) {
      const done = await attemptOnce(this.o, record, phase, this.o.onAttempt);
      if (done) return;
      if (this.stopping && Date.now() - this.stoppedAt > this.o.abandonAfterStopMs) return;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 1000);
    }
  }
}

/** One attempt for a record; true when it ended (2xx or 4xx). */
export async function attemptOnce(
  o: Pick<ClientOptions, 'baseUrl' | 'token' | 'timeoutMs'>,
  record: PaymentRecord,
  phase: 'run' | 'final',
  onAttempt?: (a: Attempt) => void,
): Promise<boolean> {
  record.attempts++;
  const startedAt = Date.now();
  const answer = await send(o.baseUrl(), o.token, record.path, record.key, record.body, o.timeoutMs);
  const answeredAt = Date.now();
  const id = answer.status >= 200 && answer.status < 300 ? String(answer.body?.id ?? '') : undefined;
  onAttempt?.({
    key: record.key,
    client: record.client,
    attempt: record.attempts,
    startedAt,
    answeredAt,
    status: answer.status,
    code: answer.code,
    replay: answer.replay,
    id,
    phase,
  });
  record.last = { status: answer.status, code: answer.code };
  if (id !== undefined) {
    if (!record.ackedIds.includes(id)) record.ackedIds.push(id);
    if (!record.acked) {
      const b = answer.body ?? {};
      record.acked = {
        status: answer.status,
        id,
        amount: String(b.amount),
        bankCost: (b.bankCost as string | null | undefined) ?? null,
        paymentType: b.paymentType as string | undefined,
        method: b.method as string | undefined,
      };
    }
    record.rejected = undefined;
    return true;
  }
  if (answer.status >= 400 && answer.status < 500) {
    record.rejected = { status: answer.status, code: answer.code };
    return true;
  }
  return false;
}
