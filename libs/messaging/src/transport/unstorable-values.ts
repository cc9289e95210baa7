/** Deeper than this a body is no request of ours, and recursive code after it (validation) would overflow. */
export const MAX_BODY_DEPTH = 32;

/**
 * The first value of a request body that no service may store or walk: a string with the NUL character (PostgreSQL
 * text cannot hold it: a 500 or a 503 later), a body nested deeper than MAX_BODY_DEPTH, a `__proto__` key (an
 * unknown field class-transformer would drop without a word). Iterative, so no body overflows the stack here. Used by
 * the gateway on every HTTP input and by the bus's validation pipe on every request message.
 */
export function findUnstorableValue(root: unknown, rootPath = ''): { field: string; reason: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path, reason: 'must not contain the NUL character' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH)
      return { field: path, reason: `must not be nested deeper than ${MAX_BODY_DEPTH} levels` };
    const entries = Object.entries(value);
    // reversed onto the stack, so the first field with a problem is the one named
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i];
      // JSON.parse keeps "__proto__" as an own key, which class-transformer then drops without a word: an unknown
      // field like any other, refused here rather than silently ignored
      if (key === '__proto__')
        return {
          field: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
          reason: 'is not a field of this request',
        };
      stack.push({
        value: inner,
        path: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
        depth: depth + 1,
      });
    }
  }
  return null;
}
