#!/usr/bin/env node
// Recording received money (issue 4) through the gateway at 50 concurrent clients: requests per second and latency.
//
//   node bench/record-payment.mjs [--requests 1000] [--concurrency 50] [--warmup 50] [--keep]
//
// The same private world as patient-account-view.mjs (bench_pa_*, bus prefix `benchpa`, its own dist copy), fresh
// each run. One clinic with a bank charge of 2.50 %, 3 physicians, 50 patients with 3 treatments each. Two cases:
//   manyPatients  each client records on its own patient (a clinic's desks at a busy hour);
//   onePatient    every client records on the same patient (the per-patient lock at its worst).
// Every record is a real POST /patients/:id/payments (validation, token, distribution basis, receipt number, pay
// split, audit, outbox); half are card payments, whose Bank Cost treatments patient-accounts makes from the events
// while the load runs. Checked afterwards: every answer 201, receipt numbers unique and gapless, totals exact.
import { api, log, login, machine, option, round, saveResult, summary, flag } from './lib/common.mjs';
import {
  closedLoop,
  cpuPerRequest,
  mainClinic,
  physicianOnce,
  resetPatientWorld,
  snapshotPatientDist,
  startPatientStack,
} from './patient-account-view.mjs';

const REQUESTS = Number(option('requests', 1000));
const CONCURRENCY = Number(option('concurrency', 50));
const WARMUP = Number(option('warmup', 50));
const PATIENTS = 50;

const cents = (s) => BigInt(s.replace('.', ''));
const decimal = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

async function run(gw, token, pids, name, patientOf, n) {
  const bodies = Array.from({ length: n }, (_, i) => ({
    date: '2026-11-02',
    amount: decimal(BigInt(1000 + ((i * 7919) % 20000))),
    paymentType: i % 2 === 0 ? 'cash' : 'card',
  }));
  const answers = new Array(n);
  const post = async (i) => {
    const res = await fetch(`${gw}/api/v1/patients/${patientOf(i)}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(bodies[i]),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`${name}: POST answered ${res.status}: ${JSON.stringify(body)}`);
    answers[i] = body;
  };
  const { out, cpu } = await cpuPerRequest(pids, n, () => closedLoop(n, CONCURRENCY, post));
  // the answers are right: unique gapless receipt numbers, stored = typed + bank cost, splits sum to the record
  const numbers = answers.map((a) => Number(a.receiptNumber)).sort((a, b) => a - b);
  if (new Set(numbers).size !== n || numbers[n - 1] - numbers[0] !== n - 1) throw new Error(`${name}: receipt gap`);
  for (const [i, a] of answers.entries()) {
    const expected = cents(bodies[i].amount) + (a.bankCost ? cents(a.bankCost) : 0n);
    if (cents(a.amount) !== expected) throw new Error(`${name}: record ${i} stored ${a.amount}`);
    if (a.splits.reduce((s, x) => s + cents(x.amount), 0n) !== cents(a.amount)) throw new Error(`${name}: split`);
  }
  const result = {
    requests: n,
    concurrency: CONCURRENCY,
    ...summary(out.times),
    requestsPerSecond: round(n / out.seconds, 1),
    cpuPerService: cpu,
  };
  log(`${name}: ${result.requestsPerSecond} req/s, p50 ${result.p50} / p95 ${result.p95} / max ${result.max} ms`);
  return { result, answers };
}

async function main() {
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  await resetPatientWorld();
  snapshotPatientDist();
  const { stack, logDir, pids } = await startPatientStack('record-payment');
  const results = {};
  try {
    const gw = stack.url('gateway');
    const token = await login(gw);
    const clinic = await mainClinic(gw, token);
    await api(gw, token, 'PUT', `/clinics/${clinic.id}/payment-settings`, { bankChargePercent: '2.50' });
    const doctors = [];
    for (const name of ['Dr. Demir', 'Dr. Kaya', 'Dr. Aydın']) {
      doctors.push(await physicianOnce(gw, token, clinic.id, name));
    }
    const patients = [];
    for (let i = 0; i < PATIENTS; i++) {
      const p = await api(gw, token, 'POST', '/patients', {
        clinicId: clinic.id,
        firstName: `P${i}`,
        lastName: 'Bench',
      });
      for (const [j, d] of doctors.entries()) {
        await api(gw, token, 'POST', `/patients/${p.id}/treatments`, {
          physicianId: d.id,
          procedure: 'Crown',
          date: '2026-11-01',
          amount: `${300 + 100 * j}.00`,
        });
      }
      patients.push(p.id);
    }
    log(`world ready: ${PATIENTS} patients, 3 physicians, bank charge 2.50 %`);
    const warm = await run(gw, token, pids, 'warm-up', (i) => patients[i % PATIENTS], WARMUP);
    const many = await run(gw, token, pids, 'manyPatients', (i) => patients[i % PATIENTS], REQUESTS);
    results.manyPatients = many.result;
    const one = await run(gw, token, pids, 'onePatient', () => patients[0], Math.min(REQUESTS, 500));
    results.onePatient = one.result;

    // the Bank Cost treatments of the card records arrive by event: how long until the last one is there
    const t0 = performance.now();
    const cards = [...warm.answers, ...many.answers, ...one.answers].filter((a) => a.bankCost).length;
    let seen = 0;
    while (performance.now() - t0 < 120_000) {
      seen = 0;
      for (const id of patients) {
        const page = await api(gw, token, 'GET', `/patients/${id}/account`);
        seen += page.treatments.filter((t) => t.procedure === 'Bank Cost').length;
      }
      if (seen >= cards) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    results.bankCostTreatments = {
      expected: cards,
      seen,
      caughtUpAfterLoadSeconds: round((performance.now() - t0) / 1000, 1),
    };
    log(
      `Bank Cost treatments: ${seen} of ${cards}, ${results.bankCostTreatments.caughtUpAfterLoadSeconds} s after the load`,
    );
  } finally {
    await stack.stop();
    if (!flag('keep')) await resetPatientWorld();
  }
  console.table({ manyPatients: results.manyPatients, onePatient: results.onePatient });
  saveResult('patient-record-payment', {
    machine: facts,
    loadAverageAtEnd: (await machine()).loadAverage,
    warmup: WARMUP,
    ...results,
    logDir,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
