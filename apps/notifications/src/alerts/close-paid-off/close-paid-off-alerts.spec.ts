import { isPaidOff } from './close-paid-off-alerts';

describe('isPaidOff', () => {
  it('is true when the open received money covers the open treatments, or more', () => {
    expect(isPaidOff('600.00', '600.00', 'EUR')).toBe(true);
    expect(isPaidOff('600.00', '650.00', 'EUR')).toBe(true);
    expect(isPaidOff('0.00', '0', 'EUR')).toBe(true);
  });

  it('is false while a minor unit is unpaid', () => {
    expect(isPaidOff('600.00', '599.99', 'EUR')).toBe(false);
    expect(isPaidOff('0.01', '0', 'EUR')).toBe(false);
  });
});
