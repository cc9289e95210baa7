// Money under faults (e2e/faults/fault-suite.ts): integrator clients record payments through the gateway while every
// service is killed -9 and restarted, NATS is killed and restarted on its store, PostgreSQL is stopped (immediate) and
// started again, and a second replica of reporting and notifications joins; afterwards nothing is doubled, stranded
// or lost and every read model agrees to the cent. On a PRIVATE PostgreSQL and NATS (the shared servers are never
// touched). `npm test` runs the short version; `npm run test:faults` (FAULTS_LONG=1) the long one, with more clients,
// a longer run and a 60 s PostgreSQL outage.
import { FaultRunReport, LONG_RUN, runFaultSuite, SHORT_RUN, writeSummary } from './faults/fault-suite';
import { privateServersAvailable } from './support/private-servers';

const long = process.env.FAULTS_LONG === '1';
const plan = long ? LONG_RUN : SHORT_RUN;
const unavailable = privateServersAvailable();
const d = unavailable ? describe.skip : describe;
if (unavailable) process.stdout.write(`fault suite skipped: ${unavailable}\n`);

jest.setTimeout(long ? 30 * 60_000 : 360_000);

d(`money under faults (${long ? 'long' : 'short'} run, private PostgreSQL + NATS)`, () => {
  let report: FaultRunReport | undefined;
  let failure: Error | undefined;

  beforeAll(
    async () => {
      try {
        report = await runFaultSuite({
          ...plan,
          log: (line) => process.stdout.write(`[faults] ${line}\n`),
        });
      } catch (e) {
        failure = e as Error;
      }
      if (report) process.stdout.write(`\n${writeSummary(report)}\n\n`);
    },
    long ? 30 * 60_000 : 360_000,
  );

  const check = (prefix: string) => {
    if (failure) throw failure;
    const c = report!.checks.find((x) => x.name.startsWith(prefix));
    if (!c) throw new Error(`check ${prefix} did not run`);
    // the summary names the numbers; the details the first offenders
    expect({ check: c.name, ok: c.ok, summary: c.summary, details: c.ok ? undefined : c.details }).toEqual({
      check: c.name,
      ok: true,
      summary: c.summary,
      details: undefined,
    });
  };

  it('every fault was injected and recovered from', () => {
    if (failure) throw failure;
    const bad = report!.faults.filter((f) => f.error || f.recoveryMs === null);
    expect({ bad, unexpectedExits: report!.unexpectedExits.map((e) => `${e.service} during ${e.during}`) }).toEqual({
      bad: [],
      unexpectedExits: [],
    });
    expect(report!.payments.acked).toBeGreaterThan(0);
  });
  it('1. the payments database holds exactly the acknowledged payments: 0 doubled, 0 lost', () => check('1.'));
  it('2. no key is left 409 IDEMPOTENCY.IN_PROGRESS', () => check('2.'));
  it('3. no answer with status 500 during the run', () => check('3.'));
  it('4. no dead letter', () => check('4.'));
  it('5. receipt numbers per clinic are gapless 1..n', () => check('5.'));
  it('6. one Bank Cost treatment per card payment with a bank cost', () => check('6.'));
  it('7. Finance, work-order details, Account Book and account views equal the acknowledged payments', () =>
    check('7.'));
});
