#!/usr/bin/env node
// Work-order payments from outbox commit to Finance updated, with one and with two reporting replicas; and, for
// reference, raw JetStream publish-with-ack and pull-consume-with-ack rates on this machine.
//
//   node bench/finance-events.mjs [--events 50000] [--chunk 10000] [--replicas 1,2] [--raw 100000] [--rate 5000]
//
// Each run inserts `events` payments of 1.00 to as many existing work orders straight into the payments database,
// each with its audit row and its outbox row (the envelope the service writes), in transactions of `chunk` rows,
// back to back. The clock starts at the first commit. The payments service's relay publishes them to BENCH_PAYMENTS;
// reporting (1 or 2 processes on the durable consumer `reporting`) applies them. Finance is updated when the month
// buckets' paid sum has grown by exactly events × 1.00 (the buckets change in the same transaction as the work-order
// row); the lag is num_pending + num_ack_pending of the durable consumer. Each replica count runs twice: a burst (the
// chunks back to back: what the pipeline can take) and, with `--rate N` (0 = skip), the same payments offered at N
// per second (chunks of N/10 every 100 ms): the lag when that steady load stops. Afterwards the run is undone (payments,
// read model, inbox; the stream purged), so runs repeat on the same world.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  backendPids,
  benchOrganization,
  BUS_PREFIX,
  client,
  cpuReading,
  cpuSpent,
  findServicePid,
  dbName,
  log,
  machine,
  nats,
  NATS_URL,
  option,
  round,
  saveResult,
  snapshotDist,
  startStack,
  until,
} from './lib/common.mjs';
import { paymentStatusSql, rebuildBucketsSql } from './lib/finance-sql.mjs';

const EVENTS = Number(option('events', 50_000));
const CHUNK = Number(option('chunk', 10_000));
const REPLICAS = option('replicas', '1,2').split(',').map(Number);
const RAW = Number(option('raw', 100_000));
const RATE = Number(option('rate', 5_000));
const TARGETS = { eventsPerSecond: 5_000, lagZeroSeconds: 1 };
const STREAM = `${BUS_PREFIX.toUpperCase()}_PAYMENTS`;
const TYPE = 'payments.work-order-payment.recorded';
const REFERENCE = 'bench-events';

// ---- raw JetStream, for scale ---------------------------------------------------------------------------------------

function sampleEnvelope() {
  const id = randomUUID();
  return Buffer.from(
    JSON.stringify({
      id,
      type: TYPE,
      version: 1,
      occurredAt: new Date().toISOString(),
      organizationId: randomUUID(),
      clinicId: randomUUID(),
      correlationId: randomUUID(),
      payload: {
        id: randomUUID(),
        organizationId: randomUUID(),
        clinicId: randomUUID(),
        workOrderId: randomUUID(),
        labId: randomUUID(),
        date: '2026-01-15',
        amount: '1.00',
        currency: 'EUR',
        method: 'bank_transfer',
        reference: REFERENCE,
        note: null,
        revision: 1,
        deleted: false,
      },
    }),
  );
}

async function rawJetStream(count) {
  const { AckPolicy, RetentionPolicy, StorageType, nanos } = nats;
  const nc = await nats.connect({ servers: NATS_URL });
  const name = `${BUS_PREFIX.toUpperCase()}_RAW`;
  const subject = `${BUS_PREFIX}.raw.event`;
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(name).catch(() => undefined);
    // the services' stream settings (libs/messaging streams.ts): file storage, 1 replica, 2-minute dedupe window
    await jsm.streams.add({
      name,
      subjects: [`${BUS_PREFIX}.raw.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: 1,
      duplicate_window: nanos(120_000),
    });
    const js = nc.jetstream();
    const body = sampleEnvelope();
    // as the outbox relay publishes: 500 at a time, each with a message id, every PubAck awaited
    let t0 = performance.now();
    for (let sent = 0; sent < count; sent += 500) {
      const n = Math.min(500, count - sent);
      await Promise.all(Array.from({ length: n }, () => js.publish(subject, body, { msgID: randomUUID() })));
    }
    const publishSeconds = (performance.now() - t0) / 1000;
    // one at a time, for the round trip
    const one = 2000;
    t0 = performance.now();
    for (let i = 0; i < one; i++) await js.publish(subject, body, { msgID: randomUUID() });
    const sequentialPerSecond = one / ((performance.now() - t0) / 1000);
    // as the event consumer reads: a durable pull consumer, explicit ack, max_ack_pending 800 (batch 200 × 4)
    await jsm.consumers.add(name, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, max_ack_pending: 800 });
    const consumer = await js.consumers.get(name, 'raw');
    const total = count + one;
    t0 = performance.now();
    const messages = await consumer.consume({ max_messages: 400 });
    let received = 0;
    for await (const m of messages) {
      m.ack();
      if (++received === total) break;
    }
    const consumeSeconds = (performance.now() - t0) / 1000;
    await jsm.streams.delete(name);
    return {
      messages: count,
      messageBytes: body.length,
      publishWithAckPerSecond: Math.round(count / publishSeconds),
      publishOneAtATimePerSecond: Math.round(sequentialPerSecond),
      pullConsumeWithAckPerSecond: Math.round(total / consumeSeconds),
    };
  } finally {
    await nc.close();
  }
}

// ---- through the services -----------------------------------------------------------------------------------------------

const INSERT = `
  with input as (
    select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[])
      as t(payment_id, event_id, work_order_id, clinic_id, lab_id)),
  payment as (
    insert into work_order_payment (id, organization_id, clinic_id, work_order_id, lab_id, date, amount_minor, currency,
      method, reference, note, revision)
    select payment_id, $6, clinic_id, work_order_id, lab_id, date '2026-01-15', 100, 'EUR', 'bank_transfer',
      '${REFERENCE}', null, 1 from input
    returning id),
  snapshot as (
    select i.*, jsonb_build_object('id', payment_id, 'organizationId', $6::uuid, 'clinicId', clinic_id,
      'workOrderId', work_order_id, 'labId', lab_id, 'date', '2026-01-15', 'amount', '1.00', 'currency', 'EUR',
      'method', 'bank_transfer', 'reference', '${REFERENCE}', 'note', null, 'revision', 1, 'deleted', false) as s
    from input i),
  audit as (
    insert into audit_entry (id, organization_id, entity, entity_id, action, user_id, before, after)
    select gen_random_uuid(), $6, 'work_order_payment', payment_id, 'created', 'bench', null, s from snapshot)
  insert into outbox_event (id, type, envelope)
  select event_id, '${TYPE}', jsonb_build_object('id', event_id, 'type', '${TYPE}', 'version', 1,
    'occurredAt', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'organizationId', $6::uuid,
    'clinicId', clinic_id, 'correlationId', gen_random_uuid(), 'payload', s)
  from snapshot`;

async function consumerLag(jsm) {
  const info = await jsm.consumers.info(STREAM, 'reporting');
  return info.num_pending + info.num_ack_pending;
}

async function paidInBuckets(reporting, org) {
  const { rows } = await reporting.query(
    'select coalesce(sum(paid_amount), 0)::text as paid from finance_org_month_bucket where organization_id = $1',
    [org],
  );
  return BigInt(rows[0].paid);
}

/** Takes the bench payments out again: source rows, read model (recomputed from the remaining payments), inbox, stream. */
async function undo(org, chosen, paymentIds, jsm) {
  const payments = await client(dbName('payments'));
  const reporting = await client(dbName('reporting'));
  try {
    await payments.query('begin');
    await payments.query('delete from audit_entry where entity_id = any($1::uuid[])', [paymentIds]);
    await payments.query('delete from work_order_payment where id = any($1::uuid[])', [paymentIds]);
    await payments.query('delete from outbox_event where published_at is not null');
    await payments.query('commit');
    await reporting.query('begin');
    await reporting.query('delete from finance_work_order_payment where id = any($1::uuid[])', [paymentIds]);
    await reporting.query(
      `update finance_work_order w set paid_amount = p.paid, payment_status = ${paymentStatusSql('p.paid', 'w.total_amount')}
       from (select w2.id, coalesce((select sum(amount) from finance_work_order_payment x
                                     where x.work_order_id = w2.id and not x.deleted), 0)::int8 as paid
             from finance_work_order w2 where w2.id = any($1::uuid[])) p
       where w.id = p.id`,
      [chosen.map((c) => c.id)],
    );
    for (const sql of rebuildBucketsSql(org)) await reporting.query(sql);
    await reporting.query("delete from inbox_event where consumer = 'reporting'");
    await reporting.query('commit');
    await reporting.query(
      'vacuum analyze finance_work_order, finance_work_order_payment, finance_month_bucket, finance_org_month_bucket',
    );
    await payments.query('vacuum analyze work_order_payment, outbox_event, audit_entry');
    await jsm.streams.purge(STREAM);
  } finally {
    await payments.end();
    await reporting.end();
  }
}

function logLines(dir) {
  const lines = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else lines.push(...readFileSync(join(d, e.name), 'utf8').split('\n'));
    }
  };
  walk(dir);
  return lines;
}

async function runOnce(org, replicas, rate = 0) {
  const stack = await startStack(['payments', 'reporting'], {
    runName: `events-${replicas}${rate ? `-at-${rate}` : ''}`,
  });
  const chunk = rate ? Math.max(1, Math.min(CHUNK, Math.round(rate / 10))) : CHUNK;
  const nc = await nats.connect({ servers: NATS_URL });
  const payments = await client(dbName('payments'));
  const reporting = await client(dbName('reporting'));
  const workOrders = await client(dbName('work-orders'));
  let chosen;
  let paymentIds;
  const jsm = await nc.jetstreamManager();
  try {
    const reportingPids = [findServicePid('reporting', stack.port('reporting'))];
    for (let i = 1; i < replicas; i++)
      reportingPids.push(findServicePid('reporting', (await stack.addReplica('reporting')).port));
    const paymentsPid = findServicePid('payments', stack.port('payments'));
    await until(async () => (await consumerLag(jsm)) === 0, {
      what: 'an idle consumer before the run',
      timeoutMs: 120_000,
    });
    // what the services do with nothing to do, for 5 s: commits in the payments database and CPU of its process
    const commits = async () =>
      Number(
        (await payments.query('select xact_commit::int8 as c from pg_stat_database where datname = current_database()'))
          .rows[0].c,
      );
    const idleCommits0 = await commits();
    const idleCpu0 = cpuReading([paymentsPid, ...reportingPids]);
    await new Promise((r) => setTimeout(r, 5000));
    const idle = {
      paymentsCommitsPerSecond: Math.round(((await commits()) - idleCommits0) / 5),
      cpuSecondsPerSecond: round(cpuSpent(idleCpu0, cpuReading([paymentsPid, ...reportingPids])) / 5, 2),
    };
    log(
      `idle for 5 s: ${idle.paymentsCommitsPerSecond} commits/s in bench_payments; services' CPU ${idle.cpuSecondsPerSecond} s/s`,
    );
    // existing work orders spread over every month, lab and clinic (ids are random)
    chosen = (
      await workOrders.query(
        `select id, clinic_id, lab_id from work_order where organization_id = $1 and status <> 'cancelled'
         order by id limit $2`,
        [org, EVENTS],
      )
    ).rows;
    if (chosen.length < EVENTS) throw new Error(`only ${chosen.length} work orders to pay`);
    paymentIds = chosen.map(() => randomUUID());
    const eventIds = chosen.map(() => randomUUID());
    const paidBefore = await paidInBuckets(reporting, org);
    const expected = paidBefore + BigInt(EVENTS) * 100n;

    const mine = [payments.processID, reporting.processID, workOrders.processID];
    const cpuPids = async () => ({
      reporting: reportingPids,
      payments: [paymentsPid],
      postgresReporting: await backendPids(dbName('reporting'), mine),
      postgresPayments: await backendPids(dbName('payments'), mine),
    });
    const pidsAtStart = await cpuPids();
    const cpuBefore = Object.fromEntries(Object.entries(pidsAtStart).map(([k, pids]) => [k, cpuReading(pids)]));
    const samples = [];
    const marks = {};
    let committed = 0;
    const t0 = performance.now();
    const at = () => (performance.now() - t0) / 1000;
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        const [paid, backlog, lag] = await Promise.all([
          paidInBuckets(reporting, org),
          payments
            .query('select count(*)::int as n from outbox_event where published_at is null')
            .then((r) => r.rows[0].n),
          consumerLag(jsm),
        ]);
        const t = at();
        const applied = Number((paid - paidBefore) / 100n);
        samples.push({ t: round(t, 2), committed, published: committed - backlog, applied, lag });
        if (committed === EVENTS && backlog === 0) marks.published ??= t;
        if (paid === expected) marks.applied ??= t;
        if (marks.applied !== undefined && lag === 0) {
          marks.lagZero = t;
          return;
        }
        if (t > 900) throw new Error('not done after 15 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    watcher.catch(() => undefined); // awaited below; a failure while inserting must not count as unhandled
    for (let from = 0; from < EVENTS; from += chunk) {
      // paced: this chunk is due `from / rate` seconds after the first commit
      if (rate && marks.firstCommit !== undefined) {
        const wait = (marks.firstCommit + from / rate - at()) * 1000;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const part = chosen.slice(from, from + chunk);
      await payments.query(INSERT, [
        paymentIds.slice(from, from + chunk),
        eventIds.slice(from, from + chunk),
        part.map((c) => c.id),
        part.map((c) => c.clinic_id),
        part.map((c) => c.lab_id),
        org,
      ]);
      const t = at();
      committed += part.length;
      marks.firstCommit ??= t;
      marks.lastCommit = t;
    }
    try {
      await watcher;
    } finally {
      stop = true;
    }
    const pidsAtEnd = await cpuPids();
    const cpu = Object.fromEntries(
      Object.entries(pidsAtEnd).map(([k, pids]) => [
        k,
        cpuSpent(cpuBefore[k], cpuReading([...new Set([...pids, ...pidsAtStart[k]])])),
      ]),
    );
    const lines = logLines(stack.logDir);
    const seconds = marks.applied - marks.firstCommit;
    const result = {
      replicas,
      events: EVENTS,
      chunk,
      rate: rate || 'burst',
      insertSeconds: round(marks.lastCommit, 2),
      offeredEventsPerSecond: Math.round(EVENTS / (marks.lastCommit - marks.firstCommit)),
      firstCommitToAllPublishedSeconds: round(marks.published - marks.firstCommit, 2),
      relayEventsPerSecond: Math.round(EVENTS / (marks.published - marks.firstCommit)),
      firstCommitToFinanceUpdatedSeconds: round(seconds, 2),
      eventsPerSecond: Math.round(EVENTS / seconds),
      lastCommitToLagZeroSeconds: round(marks.lagZero - marks.lastCommit, 2),
      financeUpdatedToLagZeroSeconds: round(marks.lagZero - marks.applied, 2),
      // the relay (payments) is the load reporting sees: how long after its last publish the lag was 0
      allPublishedToLagZeroSeconds: round(marks.lagZero - marks.published, 2),
      maxLag: Math.max(...samples.map((s) => s.lag)),
      idleBeforeTheRun: idle,
      // CPU seconds from before the first insert to lag 0, by process group (the bench's own connections left out)
      cpuSeconds: cpu,
      handlerRetries: lines.filter((l) => l.includes('event handler failed')).length,
      deadlocks: lines.filter((l) => /deadlock/i.test(l)).length,
      deadLetters: lines.filter((l) => l.includes('event dead-lettered')).length,
      samples: samples.filter((_, i) => i % 10 === 0 || i === samples.length - 1),
    };
    log(
      `${replicas} replica(s), ${rate ? `${rate}/s offered` : 'burst'}: ${EVENTS} payments (offered ${result.offeredEventsPerSecond}/s), finance updated ${result.firstCommitToFinanceUpdatedSeconds} s after the first commit ` +
        `= ${result.eventsPerSecond}/s (relay ${result.relayEventsPerSecond}/s); lag 0 ${result.lastCommitToLagZeroSeconds} s after the last commit, ` +
        `${result.allPublishedToLagZeroSeconds} s after the last publish (max lag ${result.maxLag}); ` +
        `${result.handlerRetries} handler retries, ${result.deadlocks} deadlock lines; CPU s ${JSON.stringify(cpu)}`,
    );
    return result;
  } finally {
    await stack.stop();
    await Promise.all([payments.end(), reporting.end(), workOrders.end()]);
    if (paymentIds) {
      log('undoing the run (payments, read model, inbox, stream)');
      await undo(org, chosen, paymentIds, jsm);
    }
    await nc.close();
  }
}

async function main() {
  const { id: org } = await benchOrganization();
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  snapshotDist();
  log(`raw JetStream: ${RAW} messages`);
  const raw = RAW > 0 ? await rawJetStream(RAW) : null;
  if (raw)
    log(
      `raw JetStream: publish with ack ${raw.publishWithAckPerSecond}/s (one at a time ${raw.publishOneAtATimePerSecond}/s); pull-consume with ack ${raw.pullConsumeWithAckPerSecond}/s`,
    );
  const runs = [];
  for (const replicas of REPLICAS) {
    runs.push(await runOnce(org, replicas));
    if (RATE > 0) runs.push(await runOnce(org, replicas, RATE));
  }
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const targets = Object.fromEntries(
    runs.flatMap((r) => {
      const name = `${r.replicas} replica${r.replicas > 1 ? 's' : ''}, ${r.rate === 'burst' ? 'burst' : `${r.rate}/s offered`}`;
      const lagZero = [
        `lag 0 after load stops (${name})`,
        `${r.lastCommitToLagZeroSeconds} s <= ${TARGETS.lagZeroSeconds} s: ${verdict(r.lastCommitToLagZeroSeconds <= TARGETS.lagZeroSeconds)}`,
      ];
      if (r.rate !== 'burst') {
        // a steady load at (at least) the target rate: Finance keeps up when the lag is back to 0 within the second
        const kept = r.offeredEventsPerSecond >= TARGETS.eventsPerSecond * 0.98;
        return [
          [`offered (${name})`, `${r.offeredEventsPerSecond}/s of ${r.rate}/s`],
          [lagZero[0], kept ? lagZero[1] : `${lagZero[1]} (offered below the target)`],
        ];
      }
      return [
        [
          `eventsPerSecond (${name})`,
          `${r.eventsPerSecond} >= ${TARGETS.eventsPerSecond}: ${verdict(r.eventsPerSecond >= TARGETS.eventsPerSecond)}`,
        ],
        lagZero,
        [
          `lag 0 after the relay's last publish (${name})`,
          `${r.allPublishedToLagZeroSeconds} s <= ${TARGETS.lagZeroSeconds} s: ${verdict(r.allPublishedToLagZeroSeconds <= TARGETS.lagZeroSeconds)}`,
        ],
      ];
    }),
  );
  console.table(targets);
  saveResult('finance-events', { machine: facts, loadAverageAtEnd: (await machine()).loadAverage, raw, runs, targets });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
