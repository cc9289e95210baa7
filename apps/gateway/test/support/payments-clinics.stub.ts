// `payments`' clinics, played on the bus for a gateway started alone: the four clinic requests the gateway sends
// (list, get, create, payment settings), answered from memory with payments' tenancy (the caller's organization and
// clinics) and its rules the gateway's tests see (an IANA time zone, a percentage kept with two decimals at least).
import { CallerContext, ClinicErrors, ClinicRpc, ClinicView } from '@dental/contracts';
import { RpcStub, StubError, TestBus } from '@dental/testing';
import { randomUUID } from 'node:crypto';

export interface PaymentsClinics {
  readonly clinics: Map<string, ClinicView>;
  readonly stubs: RpcStub<unknown>[];
  /** payments goes away: no one answers its subjects any more. */
  stop(): void;
}

const visible = (clinic: ClinicView | undefined, caller?: CallerContext): clinic is ClinicView =>
  !!clinic &&
  !!caller &&
  clinic.organizationId === caller.organizationId &&
  (caller.clinicIds === '*' || caller.clinicIds.includes(clinic.id));

/** How payments stores a percentage: at least two decimals ("0" → "0.00", "12.3456" as it is). */
const percent = (value: string | null) => {
  if (value === null) return null;
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
};

const validTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export function stubPaymentsClinics(bus: TestBus): PaymentsClinics {
  const clinics = new Map<string, ClinicView>();
  const found = (clinicId: string, caller?: CallerContext) => {
    const clinic = clinics.get(clinicId);
    if (!visible(clinic, caller)) throw new StubError(404, ClinicErrors.NOT_FOUND, `clinic ${clinicId} was not found`);
    return clinic;
  };
  const stubs = [
    bus.stubRpc(ClinicRpc.list, (_, caller) => ({
      items: [...clinics.values()].filter((c) => visible(c, caller)),
    })),
    bus.stubRpc(ClinicRpc.get, ({ clinicId }, caller) => found(clinicId, caller)),
    bus.stubRpc(ClinicRpc.create, (command, caller) => {
      if (command.timeZone && !validTimeZone(command.timeZone))
        throw new StubError(
          400,
          ClinicErrors.INVALID_TIME_ZONE,
          `timeZone ${command.timeZone} is not an IANA time zone`,
        );
      const id = command.id ?? randomUUID();
      const existing = clinics.get(id);
      if (existing) return existing;
      const clinic: ClinicView = {
        id,
        organizationId: caller!.organizationId,
        name: command.name,
        currency: command.currency,
        timeZone: command.timeZone ?? 'UTC',
        locale: command.locale ?? 'en',
        bankChargePercent: null,
      };
      clinics.set(id, clinic);
      return clinic;
    }),
    bus.stubRpc(ClinicRpc.setPaymentSettings, ({ clinicId, bankChargePercent }, caller) => {
      const clinic = { ...found(clinicId, caller), bankChargePercent: percent(bankChargePercent) };
      clinics.set(clinicId, clinic);
      return clinic;
    }),
  ] as RpcStub<unknown>[];
  return { clinics, stubs, stop: () => stubs.forEach((s) => s.stop()) };
}
