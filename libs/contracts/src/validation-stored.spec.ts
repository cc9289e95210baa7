import { validateSync } from 'class-validator';
import { IsCalendarDate, IsStoredText } from './validation';

class Probe {
  @IsCalendarDate()
  date: unknown;

  @IsStoredText()
  note: unknown;
}

const failing = (date: unknown, note: unknown) =>
  validateSync(Object.assign(new Probe(), { date, note })).map((e) => e.property);

describe('IsCalendarDate / IsStoredText: what PostgreSQL can store', () => {
  it('takes real dates from year 0001 and strings without NUL', () => {
    expect(failing('2026-11-22', 'visa')).toEqual([]);
    expect(failing('0001-01-01', '')).toEqual([]);
    expect(failing('9999-12-31', 'Gülüş – ödendi')).toEqual([]);
  });

  it('refuses year 0, impossible or loosely written dates, non-strings and NUL', () => {
    expect(failing('0000-01-01', 'a\u0000b')).toEqual(['date', 'note']);
    expect(failing('2026-02-30', 5)).toEqual(['date', 'note']);
    expect(failing('2026-1-5', null)).toEqual(['date', 'note']);
    expect(failing(20261122, undefined)).toEqual(['date', 'note']);
  });
});
