export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const BUS_NAMING = Symbol('BUS_NAMING');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const RPC_TIMEOUT_MS = Symbol('RPC_TIMEOUT_MS');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const SERVICE_METRICS = Symbol('SERVICE_METRICS');
