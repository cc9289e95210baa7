import { DomainError } from '@dental/contracts';
import {
  decodeCursor,
  encodeCursor,
  named,
  pageOf,
  ReceivablesScope,
  scopeCondition,
  todayIn,
} from './receivables-scope';

const scope = (over: Partial<ReceivablesScope> = {}): ReceivablesScope => ({
  organizationId: 'org',
  clinicId: null,
  visibleClinicIds: null,
  clinicName: null,
  locale: 'en',
  timeZones: [],
  currencies: [],
  ...over,
});

describe('receivables query helpers', () => {
  it('named: each :name becomes ? with its value in order; ::casts stay; a missing name is a bug', () => {
    expect(named('select :a::date, x::text from t where y = :b and z = :a', { a: 1, b: [2, 3] })).toEqual({
      sql: 'select ?::date, x::text from t where y = ? and z = ?',
      params: [1, [2, 3], 1],
    });
    expect(() => named('select :nope', {})).toThrow(/:nope/);
  });

  it('scopeCondition: one clinic, the caller’s clinics, or the organization', () => {
    expect(scopeCondition(scope({ clinicId: 'c' }), 'b')).toBe('b.organization_id = :org and b.clinic_id = :clinic');
    expect(scopeCondition(scope({ visibleClinicIds: ['c'] }))).toBe(
      'organization_id = :org and clinic_id in (:clinics)',
    );
    expect(scopeCondition(scope())).toBe('organization_id = :org');
  });

  it("todayIn: the clinic's today; over several time zones the latest; UTC when none is known", () => {
    const at = new Date('2026-06-30T22:30:00Z');
    expect(todayIn(scope({ timeZones: ['Europe/Istanbul'] }), at)).toBe('2026-07-01');
    expect(todayIn(scope({ timeZones: ['America/New_York'] }), at)).toBe('2026-06-30');
    expect(todayIn(scope({ timeZones: ['America/New_York', 'Europe/Istanbul'] }), at)).toBe('2026-07-01');
    expect(todayIn(scope(), at)).toBe('2026-06-30');
  });

  it('cursors go back and forth; anything else is a 400 naming after', () => {
    expect(decodeCursor(encodeCursor(['Ali', 'id']), ['string', 'string'])).toEqual(['Ali', 'id']);
    for (const bad of ['', 'bm90LWpzb24', encodeCursor(['only one']), encodeCursor([1, 'x'])]) {
      try {
        decodeCursor(bad, ['string', 'string']);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).status).toBe(400);
      }
    }
  });

  it('pageOf: offset paging, or the first page after a cursor; one row more to know whether more follow', () => {
    expect(pageOf({ page: 3, pageSize: 10 }, 50)).toEqual({ page: 3, pageSize: 10, offset: 20, limit: 11 });
    expect(pageOf({ page: 3, after: 'x' }, 50)).toEqual({ page: 1, pageSize: 50, offset: 0, limit: 51 });
  });
});
