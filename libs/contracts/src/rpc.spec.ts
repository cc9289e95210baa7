import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allRpcContracts, RpcContract } from './contract';
import * as contracts from './index';
import * as notifications from './notifications/notifications.rpc';
import * as patientAccounts from './patient-accounts/patient-accounts.rpc';
import * as payments from './payments/payments.rpc';
import * as reporting from './reporting/reporting.rpc';
import * as workOrders from './work-orders/work-orders.rpc';

// Every request/reply a service answers is declared once, by its owner, in libs/contracts/src/<owner>/<owner>.rpc.ts
// (issue 18): these tests keep the declarations and the `…Subjects` constants the handlers listen on in step.

const OWNER_FILES: Record<string, Record<string, unknown>> = {
  'patient-accounts': patientAccounts,
  'work-orders': workOrders,
  payments,
  reporting,
  notifications,
};

const isRpcContract = (v: unknown): v is RpcContract =>
  typeof v === 'object' && v !== null && 'subject' in v && 'request' in v && 'response' in v && 'owner' in v;

/** Every string inside a (possibly nested) constant. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Every contract inside a module's exports (the `…Rpc` objects), each once. */
function contractsOf(exports: Record<string, unknown>): RpcContract[] {
  const found = new Set<RpcContract>();
  const walk = (v: unknown): void => {
    if (isRpcContract(v)) found.add(v);
    else if (typeof v === 'object' && v !== null && typeof v !== 'function') Object.values(v).forEach(walk);
  };
  Object.values(exports).forEach(walk);
  return [...found];
}

/** The names of the types, interfaces, classes and enums libs/contracts exports: index.ts and what it re-exports. */
function exportedTypeNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const read = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:interface|type|class|enum)\s+(\w+)/gm,
    )) {
      names.add(m[1]);
    }
    for (const m of source.matchAll(/^export\s+\*\s+from\s+'(\.[^']+)'/gm)) read(join(dirname(file), `${m[1]}.ts`));
  };
  read(join(__dirname, 'index.ts'));
  return names;
}

const subjectConstants = Object.entries(contracts).filter(
  ([name, value]) => name.endsWith('Subjects') && typeof value === 'object' && value !== null,
);
const subjects = subjectConstants.flatMap(([, value]) => stringsOf(value));
const registered = allRpcContracts();

describe('request/reply contracts', () => {
  it('reads the …Subjects constants', () => {
    expect(subjectConstants.length).toBeGreaterThan(10);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('declares every subject of every …Subjects constant exactly once', () => {
    const declared = Object.values(OWNER_FILES).flatMap(contractsOf);
    const missing = subjects.filter((s) => !declared.some((c) => c.subject === s));
    const twice = subjects.filter((s) => declared.filter((c) => c.subject === s).length > 1);
    expect({ missing, twice }).toEqual({ missing: [], twice: [] });
  });

  it('declares no request that no …Subjects constant names', () => {
    expect(registered.map((c) => c.subject).filter((s) => !subjects.includes(s))).toEqual([]);
  });

  it.each(Object.entries(OWNER_FILES))('declares only %s subjects in its own file', (owner, exports) => {
    const own = contractsOf(exports);
    expect(own.length).toBeGreaterThan(0);
    for (const c of own) {
      expect(c.owner).toBe(owner);
      expect(c.subject).toMatch(new RegExp(`^${owner}\\.(cmd|query)\\.[a-z0-9-]+$`));
    }
  });

  it('registers exactly the contracts of the owner files', () => {
    const declared = new Set(Object.values(OWNER_FILES).flatMap(contractsOf));
    expect(registered.filter((c) => !declared.has(c)).map((c) => c.subject)).toEqual([]);
    expect(registered).toHaveLength(declared.size);
  });

  it('names replies by types that libs/contracts exports', () => {
    const exported = exportedTypeNames();
    const unknown = registered
      .filter((c) => c.response !== null && !exported.has(c.response))
      .map((c) => `${c.subject}: ${c.response}`);
    expect(unknown).toEqual([]);
  });

  it('takes requests that are classes libs/contracts exports', () => {
    const values = new Set<unknown>(Object.values(contracts));
    const wrong = registered
      .filter((c) => !(typeof c.request === 'function' && /^class\b/.test(Function.prototype.toString.call(c.request))))
      .map((c) => c.subject);
    expect(wrong).toEqual([]);
    expect(registered.filter((c) => !values.has(c.request)).map((c) => `${c.subject}: ${c.request.name}`)).toEqual([]);
  });
});
