// Property tests without a library: a seeded splitmix64 over BigInt generates the cases, so a failure
// reproduces from its seed and iteration number.
import { currencyMinorDigits, Money, MoneyError, Percent, sharePercent, splitEqually } from './index';

const MASK64 = (1n << 64n) - 1n;

function splitmix64(seed: bigint): () => bigint {
  let state = seed & MASK64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

class Random {
  private readonly next: () => bigint;
  constructor(seed: bigint) {
    this.next = splitmix64(seed);
  }

  /** Uniform-enough integer in [0, bound) for any bigint bound > 0. */
  below(bound: bigint): bigint {
    let value = 0n;
    for (let bits = 0n; 1n << bits < bound * (1n << 64n); bits += 64n) value = (value << 64n) | this.next();
    return value % bound;
  }

  /** Small integer in [0, bound) for counts and choices. */
  index(bound: number): number {
    return Number(this.next() % BigInt(bound));
  }

  chance(numerator: number, denominator: number): boolean {
    return this.index(denominator) < numerator;
  }

  /** A minor-unit amount: zero, tiny, everyday, the 15-digit maximum, or beyond 2^64, either sign. */
  amount(): bigint {
    const magnitude = [
      () => 0n,
      () => this.below(10n),
      () => this.below(100_000n),
      () => this.below(10n ** 17n),
      () => this.below(1n << 100n),
    ][this.index(5)]();
    return this.chance(1, 2) ? -magnitude : magnitude;
  }

  /** Weights of length 1..12 with zeros mixed in, of varied magnitudes. */
  weights(): bigint[] {
    const length = 1 + this.index(12);
    const scale = [10n, 1000n, 10n ** 17n][this.index(3)];
    return Array.from({ length }, () => (this.chance(1, 4) ? 0n : 1n + this.below(scale)));
  }
}

const sign = (value: bigint): bigint => (value > 0n ? 1n : value < 0n ? -1n : 0n);
const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/** floor(n / d) for d > 0, as a mathematician means it (BigInt division truncates). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/** The integer nearest to n/d (d > 0), a tie going away from zero; computed by comparing distances. */
function nearestHalfAwayFromZero(n: bigint, d: bigint): bigint {
  const low = floorDiv(n, d);
  const toLow = n - low * d; // d × (n/d − low), in [0, d)
  const toHigh = (low + 1n) * d - n; // d × (low + 1 − n/d), in (0, d]
  if (toLow < toHigh) return low;
  if (toHigh < toLow) return low + 1n;
  return n < 0n ? low : low + 1n;
}

// 10 000 cases per property; the mutation run (stryker.config.mjs) asks for fewer, as it repeats the specs per mutant.
const ITERATIONS = Number(process.env.MONEY_PROPERTY_ITERATIONS ?? 10_000);

describe('Money.allocate properties', () => {
  const random = new Random(0x5eed_a110c4n);

  it(`holds for ${ITERATIONS} random totals and weight vectors`, () => {
    let checkedNoWeights = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const total = random.amount();
      const weights = random.weights();
      const totalWeight = weights.reduce((a, b) => a + b, 0n);
      const money = Money.of(total, 'EUR');
      const context = `iteration ${iteration}: ${total} over [${weights.join(', ')}]`;

      if (totalWeight === 0n) {
        expect(() => money.allocate(weights)).toThrow(MoneyError);
        checkedNoWeights++;
        continue;
      }
      const parts = money.allocate(weights).map((m) => m.minor);

      // sums exactly
      if (parts.reduce((a, b) => a + b, 0n) !== total) throw new Error(`sum differs, ${context}`);
      expect(parts).toHaveLength(weights.length);
      weights.forEach((weight, i) => {
        // within one minor unit of the exact share: |part − total × w / W| < 1
        if (abs(parts[i] * totalWeight - total * weight) >= totalWeight) {
          throw new Error(`part ${i} = ${parts[i]} is not within one unit of its share, ${context}`);
        }
        // the total's sign, and nothing for a zero weight
        if (sign(parts[i]) !== 0n && sign(parts[i]) !== sign(total)) throw new Error(`sign of part ${i}, ${context}`);
        if (weight === 0n && parts[i] !== 0n) throw new Error(`zero weight ${i} got ${parts[i]}, ${context}`);
      });
      // largest remainder, ties to the earliest index: whoever got the extra unit had a larger remainder,
      // or an equal one at an earlier index, than whoever did not
      const magnitude = abs(total);
      const got = weights.map((w, i) => abs(parts[i]) - (magnitude * w) / totalWeight);
      const remainder = weights.map((w) => (magnitude * w) % totalWeight);
      for (let i = 0; i < weights.length; i++) {
        if (got[i] !== 0n && got[i] !== 1n) throw new Error(`part ${i} is not floor or floor + 1, ${context}`);
        for (let j = 0; j < weights.length; j++) {
          if (got[i] === 1n && got[j] === 0n) {
            const earned = remainder[i] > remainder[j] || (remainder[i] === remainder[j] && i < j);
            if (!earned) throw new Error(`part ${i} took the unit that part ${j} should have, ${context}`);
          }
        }
      }
      // mirror
      const mirrored = money
        .negate()
        .allocate(weights)
        .map((m) => -m.minor);
      expect(mirrored).toEqual(parts);
    }
    expect(checkedNoWeights).toBeGreaterThan(0);
  });
});

describe('splitEqually properties', () => {
  const random = new Random(0x1257a11n);

  it(`holds for ${ITERATIONS} random totals and counts`, () => {
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const total = random.amount();
      const count = random.chance(9, 10) ? 1 + random.index(36) : 1 + random.index(1000);
      const context = `iteration ${iteration}: ${total} in ${count}`;
      const parts = splitEqually(Money.of(total, 'EUR'), count).map((m) => m.minor);

      expect(parts).toHaveLength(count);
      if (parts.reduce((a, b) => a + b, 0n) !== total) throw new Error(`sum differs, ${context}`);
      const each = parts[0];
      if (each !== total / BigInt(count)) throw new Error(`installment is not total / count, ${context}`);
      if (parts.slice(0, -1).some((p) => p !== each)) throw new Error(`installments differ, ${context}`);
      const last = parts[count - 1];
      // the remainder on the last: same sign as the total, fewer units than installments
      const remainder = last - each;
      if (sign(remainder) !== 0n && sign(remainder) !== sign(total)) throw new Error(`remainder sign, ${context}`);
      if (abs(remainder) >= BigInt(count)) throw new Error(`remainder too large, ${context}`);
      if (parts.some((p) => sign(p) !== 0n && sign(p) !== sign(total))) throw new Error(`part sign, ${context}`);
    }
  });
});

describe('Money.percent properties', () => {
  const random = new Random(0xbadc0ffeen);

  it(`matches exact rational half-away-from-zero rounding for ${ITERATIONS} cases`, () => {
    let ties = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      // mostly 0..100 %, sometimes above (a stored basis is not capped)
      let amount = random.amount();
      let scaled = random.chance(1, 10) ? random.below(10_000_000n) : random.below(1_000_001n);
      if (random.chance(1, 5)) {
        // an exact half: odd × 1.00 at odd × 0.5 % is odd × 0.005
        amount = (2n * random.below(10n ** 12n) + 1n) * 100n * (random.chance(1, 2) ? -1n : 1n);
        scaled = (2n * random.below(100n) + 1n) * 5_000n;
        ties++;
      }
      const expected = nearestHalfAwayFromZero(amount * scaled, 1_000_000n);
      const actual = Money.of(amount, 'EUR').percent(Percent.ofBasis(scaled)).minor;
      if (actual !== expected) {
        throw new Error(`iteration ${iteration}: ${amount} × ${scaled}/10⁶ gave ${actual}, expected ${expected}`);
      }
    }
    expect(ties).toBeGreaterThan(ITERATIONS / 10);
  });

  it('matches for percentages that come from text', () => {
    const random2 = new Random(42n);
    for (let iteration = 0; iteration < ITERATIONS / 5; iteration++) {
      const scaled = random2.below(1_000_001n);
      const text = `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
      const minor = random2.amount();
      expect(Money.of(minor, 'EUR').percent(Percent.parse(text)).minor).toBe(
        nearestHalfAwayFromZero(minor * scaled, 1_000_000n),
      );
    }
  });
});

describe('sharePercent properties', () => {
  const random = new Random(0x5ba7en);

  it(`matches exact rational rounding for ${ITERATIONS} cases`, () => {
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const whole = random.amount();
      const part = random.chance(1, 2) ? random.below(abs(whole) + 1n) * sign(whole) : random.amount();
      const actual = sharePercent(part, whole);
      if (whole === 0n) {
        expect(actual).toBe('0.00');
        continue;
      }
      const hundredths =
        whole > 0n ? nearestHalfAwayFromZero(part * 10_000n, whole) : nearestHalfAwayFromZero(-part * 10_000n, -whole);
      const digits = abs(hundredths).toString().padStart(3, '0');
      const expected = `${hundredths < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
      if (actual !== expected)
        throw new Error(`iteration ${iteration}: ${part}/${whole} gave ${actual}, expected ${expected}`);
    }
  });
});

describe('parse and toDecimal round-trip', () => {
  const random = new Random(0x7007n);

  it.each(['EUR', 'JPY', 'KWD', 'CLF'])(`holds for ${ITERATIONS} random %s amounts`, (currency) => {
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const digits = BigInt(currencyMinorDigits(currency));
      // up to the 15 integer digits parse accepts, and every smaller size
      const bound = 10n ** BigInt(1 + random.index(15)) * 10n ** digits;
      const minor = random.below(bound) * (random.chance(1, 2) ? -1n : 1n);
      const money = Money.of(minor, currency);
      const again = Money.parse(money.toDecimal(), currency);
      if (!again.equals(money)) throw new Error(`${currency} ${minor} → ${money.toDecimal()} → ${again.minor}`);
    }
  });
});
