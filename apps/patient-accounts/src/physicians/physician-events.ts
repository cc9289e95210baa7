import { EventContract, PhysicianSnapshotV1, PhysicianView } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Physician } from './physician.entity';

/** The physician's event, in the transaction of the change (reporting keeps names and commissions from it). */
export function publish(
  em: EntityManager,
  outbox: Outbox,
  p: Physician,
  event: EventContract<PhysicianSnapshotV1>,
): PhysicianView {
  const view = p.toView();
  outbox.add(em, { event, organizationId: p.organizationId, clinicId: p.clinicId, payload: view });
  return view;
}
