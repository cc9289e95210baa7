// A fuzzer driven by the gateway's own OpenAPI document (/api/docs-json): per operation, valid-looking requests built
// from the schema and then mutated (wrong types, missing and null fields, unknown fields, deep nesting, odd numbers,
// dates and money, encodings, repeated and unknown query parameters, bad, random and foreign ids, empty bodies, arrays
// for objects), sent as users of every role of organization A, as organization B's admin and without a token.
// Fixed seed, fixed budget. Over all answers: no 5xx; errors as API.md says them with a code AREA.REASON; every 400
// names its field; nothing of A's in an answer to B; and requests that must be refused store nothing.
// Real PostgreSQL and NATS; the gateway and all five services as the built processes.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import request from 'supertest';
import { Answer, checkAnswer, describeRequest, Violation } from './fuzz/checks';
import {
  Actor,
  candidateBodies,
  FuzzContext,
  FuzzRequest,
  ID_KINDS,
  Json,
  plainRequest,
  requestArb,
  systematicNulls,
  systematicQueries,
  systematicRefusals,
} from './fuzz/generate';
import { Operation, operationsOf } from './fuzz/openapi';
import { SeededBodies, seedOrganization } from './fuzz/seed';
import { FuzzWorld } from './fuzz/world';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
/** Requests per operation, for the mixed phase and the refused-only phase (write operations only). */
const MIXED_PER_OPERATION = Number(process.env.FUZZ_MIXED ?? 20);
const REFUSED_PER_OPERATION = Number(process.env.FUZZ_REFUSED ?? 10);
const CONCURRENCY = 4;

jest.setTimeout(400_000);

/** Collects any answer (JSON, CSV, a PDF) as bytes. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A stable number per operation, so adding an operation to the document does not change the others' requests. */
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

describe('fuzzing the gateway from its OpenAPI document (e2e: gateway + every service)', () => {
  const w = new FuzzWorld();
  const tokens = {} as Record<Actor, string | null>;
  let ctx: FuzzContext;
  let operations: Operation[];
  const answered: { req: FuzzRequest; answer: Answer; phase: string }[] = [];
  const violations: Violation[] = [];
  const storedByRefused: string[] = [];
  const started = Date.now();
  const seeded: SeededBodies = [];
  /** The body the seeding sent to this operation, if it did: a base the server is known to take. */
  const seededBody = (op: Operation): Json | undefined => {
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return seeded.find((s) => s.method === op.method && pattern.test(s.path))?.body as Json | undefined;
  };

  beforeAll(async () => {
    await w.start();
    tokens.adminA = w.admin;
    tokens.accountantA = await w.user(['accountant']);
    tokens.receptionA = await w.user(['reception']);
    tokens.physicianA = await w.user(['physician']);
    tokens.labManagerA = await w.user(['lab-manager']);
    tokens.adminB = await w.otherOrganization();
    tokens.nobody = null;
    ctx = {
      A: await seedOrganization(w, tokens.adminA, true, seeded),
      B: await seedOrganization(w, tokens.adminB, false),
    };
    const docs = await w.http().get('/api/docs-json');
    expect(docs.status).toBe(200);
    operations = operationsOf(docs.body);
    expect(operations.length).toBeGreaterThan(10);
  });

  afterAll(() => w.stop());

  async function send(req: FuzzRequest): Promise<Answer> {
    const t0 = Date.now();
    let t = w.http()[req.method](req.url).timeout(60_000).buffer(true).parse(binary);
    const token = tokens[req.actor];
    if (token) t = t.set('authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(req.headers)) t = t.set(k, v);
    if (req.body !== undefined) t = t.send(req.body);
    const res = await t;
    const bytes = res.body as Buffer;
    const contentType = String(res.headers['content-type'] ?? '');
    const text = Buffer.isBuffer(bytes) ? bytes.toString(/json|text|csv/.test(contentType) ? 'utf8' : 'latin1') : '';
    let json: unknown;
    if (/json/.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, contentType, text, json, ms: Date.now() - t0 };
  }

  async function run(phase: string, requests: FuzzRequest[]): Promise<void> {
    const aIds = ID_KINDS.flatMap((k) => ctx.A[k]);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        const answer = await send(req);
        answered.push({ req, answer, phase });
        // a browser sign-in answers the user whose e-mail and password it was given, whoever else sends them
        const signIn = req.op === 'POST /api/v1/auth/session';
        violations.push(...checkAnswer(req, answer, req.actor === 'adminB' && !signIn ? aIds : null));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  /** Until the counted tables stop changing (the events of an accepted request have been handled). */
  async function settle(): Promise<void> {
    let last = JSON.stringify(await w.counts());
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const now = JSON.stringify(await w.counts());
      if (now === last) return;
      last = now;
    }
  }

  const sample = (op: Operation, refused: boolean, n: number) =>
    fc.sample(requestArb(op, ctx, refused), { seed: hash(`${refused ? 'refused' : 'mixed'} ${op.key}`), numRuns: n });

  it('refused requests store nothing (write operations, one refusal each, as A or as B on A records)', async () => {
    // signing in and out stores nothing (and DELETE /auth/session takes no input a refusal could spoil)
    const writes = operations.filter((op) => op.method !== 'get' && !/auth\/(login|session)$/.test(op.path));
    for (const op of writes) {
      // a body this operation takes (not for deletes: they would remove the seeded records)
      let base: Json | undefined = undefined;
      const candidates = [seededBody(op), ...candidateBodies(op, ctx, hash(`base ${op.key}`))].filter(
        (b) => b !== undefined,
      );
      for (const body of op.method === 'delete' ? [] : candidates) {
        const req = plainRequest(op, ctx, body);
        const answer = await send(req);
        answered.push({ req, answer, phase: 'probe' });
        violations.push(...checkAnswer(req, answer, null));
        base ??= body;
        if (answer.status < 300) {
          base = body;
          break;
        }
      }
      await settle();
      const before = await w.counts();
      const requests = [...systematicRefusals(op, ctx, base), ...sample(op, true, REFUSED_PER_OPERATION)];
      await run('refused', requests);
      await new Promise((r) => setTimeout(r, 150)); // an event a refused request might have caused
      const after = await w.counts();
      const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
      if (changed.length) {
        const accepted = answered.filter((a) => a.phase === 'refused' && a.req.op === op.key && a.answer.status < 300);
        storedByRefused.push(
          `${op.key}: ${changed.map((k) => `${k} ${before[k]} -> ${after[k]}`).join(', ')}; accepted: ${
            accepted.map((a) => `\n      ${a.answer.status} ${describeRequest(a.req)}`).join('') || '(none)'
          }`,
        );
      }
    }
    expect(storedByRefused).toEqual([]);
  });

  it('mixed requests (valid-looking and mutated, every role, B, no token): no 5xx, errors as API.md, no leak', async () => {
    for (const op of operations)
      await run('mixed', [
        ...systematicQueries(op, ctx),
        ...systematicNulls(op, ctx, hash(`nulls ${op.key}`)),
        ...sample(op, false, MIXED_PER_OPERATION),
      ]);
    // the figures of the run
    const byStatus: Record<string, number> = {};
    for (const a of answered) byStatus[a.answer.status] = (byStatus[a.answer.status] ?? 0) + 1;
    const slowest = [...answered].sort((x, y) => y.answer.ms - x.answer.ms)[0];
    console.log(
      `fuzz: seed ${SEED}, ${operations.length} operations, ${answered.length} requests ` +
        `(${answered.filter((a) => a.phase === 'refused').length} refused-only) in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
        `statuses ${JSON.stringify(byStatus)}; slowest ${slowest?.answer.ms} ms (${slowest?.req.op})`,
    );
    if (process.env.FUZZ_DUMP)
      writeFileSync(
        process.env.FUZZ_DUMP,
        answered
          .map((a) =>
            JSON.stringify({
              phase: a.phase,
              status: a.answer.status,
              req: describeRequest(a.req),
              answer: a.answer.text.slice(0, 300),
            }),
          )
          .join('\n'),
      );
    // one line per class of problem, with the first request that showed it
    const classes = new Map<string, { count: number; first: Violation }>();
    for (const v of violations) {
      const c = classes.get(v.kind) ?? { count: 0, first: v };
      c.count += 1;
      classes.set(v.kind, c);
    }
    const report = [...classes.entries()].map(
      ([kind, { count, first }]) =>
        `${kind} ×${count}: ${first.detail.slice(0, 200)}\n    ${describeRequest(first.req)}`,
    );
    expect(report).toEqual([]);
  });
});
