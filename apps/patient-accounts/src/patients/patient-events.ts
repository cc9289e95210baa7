import { EventContract, PatientSnapshotV1, PatientView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Outbox } from '@dental/messaging';
import { Patient } from './patient.entity';

/** The patient's event, in the transaction of the change. */
export function publish(
  em: EntityManager,
  outbox: Outbox,
  p: Patient,
  currency: string,
  event: EventContract<PatientSnapshotV1>,
): PatientView {
  const view = p.toView(currency);
  outbox.add(em, { event, organizationId: p.organizationId, clinicId: p.clinicId, payload: view });
  return view;
}
