/** JSON of a reply; the replacer (slow on big answers: it is called for every value) only when a bigint is in it. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (e instanceof TypeError) return JSON.stringify(value, bigintSafe);
    throw e;
  }
}

export function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
