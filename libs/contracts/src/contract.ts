import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

// Message contracts: every event and every request/reply a service offers is declared once, here, by the service that
// owns it (libs/contracts/README.md, "Contracts and versions"). The declarations are the registry that the bus
// validates against and that the schema snapshot (libs/contracts/schemas) is taken from.

/** A class whose instances are the payload: class-validator decorators say what a valid one is. */
export type PayloadClass<P> = new (...args: never[]) => P;

export interface EventContract<P = unknown> {
  /** Subject without the bus prefix, `<owner>.<aggregate>.<event>`. */
  readonly type: string;
  /** Grows on a breaking change; the new version is published beside the old one until consumers move. */
  readonly version: number;
  readonly payload: PayloadClass<P>;
  /** The service that publishes it (the first word of the type). */
  readonly owner: string;
}

export interface RpcContract<Req = unknown, Res = unknown> {
  /** Subject without the bus prefix, `<owner>.<cmd|query>.<name>`. */
  readonly subject: string;
  readonly request: PayloadClass<Req>;
  /** The exported name of the reply's type (for the schema snapshot); `null` for a reply without a body. */
  readonly response: string | null;
  readonly owner: string;
  /** Compile-time only: the reply's type. */
  readonly __response?: Res;
}

const events = new Map<string, EventContract>();
const rpcs = new Map<string, RpcContract>();

export const eventKey = (type: string, version: number): string => `${type}@v${version}`;

export function defineEvent<P>(def: { type: string; version: number; payload: PayloadClass<P> }): EventContract<P> {
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`${def.type}: version must be 1 or more`);
  const key = eventKey(def.type, def.version);
  if (events.has(key)) throw new Error(`event ${key} is defined twice`);
  const contract: EventContract<P> = Object.freeze({ ...def, owner: def.type.split('.')[0] });
  events.set(key, contract as EventContract);
  return contract;
}

export function defineRpc<Req, Res>(def: {
  subject: string;
  request: PayloadClass<Req>;
  response: string | null;
}): RpcContract<Req, Res> {
  if (rpcs.has(def.subject)) throw new Error(`request ${def.subject} is defined twice`);
  const contract: RpcContract<Req, Res> = Object.freeze({ ...def, owner: def.subject.split('.')[0] });
  rpcs.set(def.subject, contract as RpcContract);
  return contract;
}

/** Every event contract, by `type@vN`. */
export function eventContract(type: string, version: number): EventContract | undefined {
  return events.get(eventKey(type, version));
}

/** The versions of an event type that are defined. */
export function eventVersions(type: string): number[] {
  return [...events.values()].filter((c) => c.type === type).map((c) => c.version);
}

export function allEventContracts(): EventContract[] {
  return [...events.values()];
}

export function rpcContract(subject: string): RpcContract | undefined {
  return rpcs.get(subject);
}

export function allRpcContracts(): RpcContract[] {
  return [...rpcs.values()];
}

/**
 * What is wrong with an event's payload for its contract, one line per field (empty when it is valid). Unknown fields
 * are allowed: an owner may add fields without a new version, and an older consumer must still take the event.
 */
export function payloadProblems(contract: EventContract, payload: unknown): string[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return ['payload: must be an object'];
  const errors = validateSync(plainToInstance(contract.payload, payload) as object, { forbidUnknownValues: false });
  return flatten(errors);
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [`${field}: ${Object.values(e.constraints).join(', ')}`] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
