import { ERROR_CATALOG } from '@dental/contracts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakingChanges } from './breaking-changes';
import { IDEMPOTENCY_KEY_REQUIRED } from './gateway-document';

const root = join(__dirname, '../../../..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

function run(command: string, args: string[]): { ok: boolean; output: string } {
  try {
    const output = execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? err.message}` };
  }
}

type Operation = {
  operationId: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } }> }>;
};

describe('apps/gateway/openapi.json, the committed contract', () => {
  jest.setTimeout(180_000);
  const spec = read('apps/gateway/openapi.json');
  const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, op })),
  );

  it('is what the code produces, and so are the client types (else: run `npm run openapi`)', () => {
    const check = run(process.execPath, ['scripts/openapi.mjs', '--check']);
    if (!check.ok) throw new Error(`${check.output.trim()}\nrun \`npm run openapi\` and commit both files`);
  });

  it('passes Redocly lint (recommended, 4xx answers, required Idempotency-Key): 0 errors, 0 warnings', () => {
    const lint = run(join(root, 'node_modules/.bin/redocly'), ['lint', '--config', 'redocly.yaml', '--format', 'summary']);
    expect(lint.output).not.toMatch(/^(error|warning)\s/m);
    if (!lint.ok) throw new Error(lint.output);
  });

  it('breaks nothing of apps/gateway/openapi.previous.json that is not approved', () => {
    const approved = new Set(
      (read('apps/gateway/openapi.approved-changes.json').approved as { change: string }[]).map((a) => a.change),
    );
    const unapproved = breakingChanges(read('apps/gateway/openapi.previous.json'), spec).filter((c) => !approved.has(c));
    if (unapproved.length)
      throw new Error(
        `breaking changes against openapi.previous.json (approve each in openapi.approved-changes.json with a reason, ` +
          `or keep the API compatible):\n${unapproved.join('\n')}`,
      );
  });

  it('types every answer: a 2xx with a schema or a file type (a 204 with none), and at least one 4xx', () => {
    for (const { where, op } of operations) {
      const success = Object.entries(op.responses).filter(([s]) => /^2/.test(s));
      expect([where, success.length]).toEqual([where, 1]);
      const content = success[0][1].content ?? {};
      // 204 No Content (DELETE /auth/session) is the one answer without a body
      expect([where, Object.keys(content).length > 0]).toEqual([where, success[0][0] !== '204']);
      expect([where, Object.keys(op.responses).some((s) => /^4/.test(s))]).toEqual([where, true]);
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    }
  });

  it("narrows each error's code to catalog codes of that status", () => {
    for (const { where, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[45]/.test(status) || op.operationId.startsWith('health') && status === '503') continue;
        const codes = response.content?.['application/json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];
        expect([where, status, codes.length > 0]).toEqual([where, status, true]);
        for (const code of codes) expect([where, code, ERROR_CATALOG[code as keyof typeof ERROR_CATALOG]?.status]).toEqual([where, code, Number(status)]);
      }
    }
  });

  it('requires the Idempotency-Key on the three POSTs that create money or a work order, and only there', () => {
    const required = operations
      .filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.required))
      .map(({ op }) => op.operationId)
      .sort();
    expect(required).toEqual([...IDEMPOTENCY_KEY_REQUIRED].sort());
    expect(operations.filter(({ op }) => op.parameters?.some((p) => p.name === 'Idempotency-Key')).length).toBeGreaterThan(3);
  });
});

describe('breakingChanges', () => {
  const doc = (schema: object, params: object[] = [], body?: object) => ({
    paths: {
      '/x': {
        post: {
          parameters: params,
          ...(body ? { requestBody: { content: { 'application/json': { schema: body } } } } : {}),
          responses: { '201': { content: { 'application/json': { schema } } } },
        },
      },
    },
    components: { schemas: { Row: schema } },
  });
  const answer = { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'string' } }, required: ['id', 'amount'] };

  it('finds nothing between equal documents, and nothing in an addition', () => {
    expect(breakingChanges(doc(answer), doc(answer))).toEqual([]);
    const more = { ...answer, properties: { ...answer.properties, note: { type: 'string' } } };
    expect(breakingChanges(doc(answer), doc(more, [{ in: 'query', name: 'q' }]))).toEqual([]);
  });

  it('finds a removed operation, a removed or optional answer field and a narrowed type', () => {
    expect(breakingChanges(doc(answer), { paths: {} })).toEqual(['POST /x: operation removed']);
    const fewer = { type: 'object', properties: { id: { type: 'integer' } }, required: [] };
    expect(breakingChanges(doc(answer), doc(fewer))).toEqual([
      'POST /x: response 201.amount removed from the answer',
      'POST /x: response 201.id no longer always answered',
      'POST /x: response 201.id: type string → integer',
    ]);
  });

  it('finds a newly required request field or parameter and a narrowed request rule, through $refs', () => {
    const body = { type: 'object', properties: { amount: { type: 'string', maxLength: 20 } }, required: [] };
    const stricter = { type: 'object', properties: { amount: { type: 'string', maxLength: 10 }, date: { type: 'string' } }, required: ['date'] };
    const before = doc(answer, [{ in: 'query', name: 'page', required: false, schema: { type: 'integer', maximum: 9 } }], body);
    const after = doc(answer, [{ in: 'query', name: 'page', required: true, schema: { type: 'integer', maximum: 5 } }], {
      $ref: '#/components/schemas/Stricter',
    });
    (after.components.schemas as Record<string, object>).Stricter = stricter;
    expect(breakingChanges(before, after)).toEqual([
      'POST /x: parameter query page now required',
      'POST /x: parameter query page: maximum 9 → 5',
      'POST /x: request.amount: maxLength 20 → 10',
      'POST /x: request.date added as required',
    ]);
  });
});
