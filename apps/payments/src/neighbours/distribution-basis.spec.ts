import { PatientView } from '@dental/contracts';
import { distributionBasisOf } from './distribution-basis';

const patient: PatientView = {
  id: 'p1',
  organizationId: 'o1',
  clinicId: 'c1',
  firstName: 'Ayşe',
  lastName: 'Demir',
  phone: null,
  email: null,
  familyId: null,
  currency: 'EUR',
};

describe('distributionBasisOf (the local basis, same arithmetic as patient-accounts)', () => {
  it('sums the open treatments per physician in first-seen order, the clinic row named, amounts as decimals', () => {
    const basis = distributionBasisOf(
      patient,
      '2025-12-31',
      [
        { physicianId: 'a', amountMinor: 60000n },
        { physicianId: null, amountMinor: 2500n },
        { physicianId: 'b', amountMinor: 40000n },
        { physicianId: 'a', amountMinor: 1n },
      ],
      new Map([['a', 'Dr. A']]),
      ['k1'],
    );
    expect(basis).toEqual({
      patient,
      closedThrough: '2025-12-31',
      totals: [
        { physicianId: 'a', name: 'Dr. A', treatmentAmount: '600.01' },
        { physicianId: null, name: expect.any(String), treatmentAmount: '25.00' },
        // a physician whose name has not arrived yet is named by id, as patient-accounts does
        { physicianId: 'b', name: 'b', treatmentAmount: '400.00' },
      ],
      contractIds: ['k1'],
    });
  });

  it('no open treatments: no totals (the whole payment goes to the clinic row)', () => {
    expect(distributionBasisOf(patient, null, [], new Map(), []).totals).toEqual([]);
  });
});
