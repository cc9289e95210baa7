// The compatibility rule of libs/contracts/README.md ("Contracts and versions") on JSON schemas: a change that keeps
// the version may only add optional fields. Anything else (a field removed, renamed, retyped, newly required or no
// longer required, an enum or a pattern changed) is breaking: a new version, published beside the old one.

type Schema = { [key: string]: unknown };

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Words that only document: changing them changes no message.
const DOCUMENTATION = new Set(['description', 'title', 'examples', '$comment']);

export interface CompatOptions {
  /**
   * A reply only the caller reads, sent by the one service that answers it: a new field may be required at once.
   * (An event payload may not: events of the old shape are still in the stream; a request may not: old callers.)
   */
  newFieldsMayBeRequired?: boolean;
}

/** The breaking differences between two schemas of one message version, one line each (empty: compatible). */
export function breakingChanges(before: unknown, after: unknown, options: CompatOptions = {}, path = '$'): string[] {
  if (!isObject(before) || !isObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [`${path}: changed`];
  }
  const out: string[] = [];
  const props = (s: Schema) => (isObject(s.properties) ? s.properties : {});
  const required = (s: Schema) => new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const [oldProps, newProps, oldReq, newReq] = [props(before), props(after), required(before), required(after)];
  for (const key of Object.keys(oldProps)) {
    if (!(key in newProps)) out.push(`${path}.${key}: removed`);
    else out.push(...breakingChanges(oldProps[key], newProps[key], options, `${path}.${key}`));
  }
  for (const key of newReq) {
    if (oldReq.has(key)) continue;
    if (key in oldProps) out.push(`${path}.${key}: became required`);
    else if (!options.newFieldsMayBeRequired) out.push(`${path}.${key}: added as required`);
  }
  for (const key of oldReq) if (!newReq.has(key) && key in newProps) out.push(`${path}.${key}: no longer required`);
  for (const key of ['items', 'additionalProperties']) {
    if (key in before || key in after)
      out.push(...breakingChanges(before[key], after[key], options, `${path}[${key}]`));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const [a, b] = [before[key], after[key]];
    if (a === undefined && b === undefined) continue;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) out.push(`${path}: ${key} changed`);
    else a.forEach((s, i) => out.push(...breakingChanges(s, b[i], options, `${path}<${key}[${i}]>`)));
  }
  const rest = (s: Schema) =>
    JSON.stringify(
      Object.keys(s)
        .filter(
          (k) =>
            !DOCUMENTATION.has(k) &&
            !['properties', 'required', 'items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf'].includes(k),
        )
        .sort()
        .map((k) => [k, s[k]]),
    );
  if (rest(before) !== rest(after)) out.push(`${path}: type or constraints changed`);
  return out;
}
