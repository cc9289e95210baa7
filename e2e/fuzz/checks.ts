// What every answer must be, whatever was asked: never a 5xx, errors as API.md says them, a 400 naming its field,
// and nothing of organization A in an answer to organization B.
import { STATUS_CODES } from 'node:http';
import type { FuzzRequest } from './generate';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json?: unknown;
  ms: number;
}

export interface Violation {
  /** The class of the problem, so one bug seen on many requests is listed once. */
  kind: string;
  detail: string;
  req: FuzzRequest;
  answer: Answer;
}

const ERROR_KEYS = ['statusCode', 'error', 'message', 'code', 'details'];
const CODE = /^[A-Z_]+\.[A-Z_]+$/;
const FIELD_PREFIX = /^[A-Za-z_$][\w$]*(\.[\w$]+|\[\d+\])*: /;

/** The request, shortened, as a failure shows it: method, path, headers, body. */
export function describeRequest(r: FuzzRequest): string {
  const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const headers = Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${short(v, 60)}`)
    .join('; ');
  return `${r.method.toUpperCase()} ${short(r.url, 200)} as ${r.actor}${headers ? ` [${headers}]` : ''}${
    r.body !== undefined ? ` body=${short(r.body, 300)}` : ''
  }${r.mutations.length ? ` (mutations: ${r.mutations.join(', ')})` : ''}`;
}

export function checkAnswer(req: FuzzRequest, a: Answer, foreignIds: string[] | null): Violation[] {
  const out: Violation[] = [];
  const v = (kind: string, detail: string) => out.push({ kind, detail, req, answer: a });
  const body = a.json as Record<string, unknown> | undefined;
  if (a.status >= 500) {
    v(`${a.status} on ${req.op}`, `${a.status} ${a.text.slice(0, 200)}`);
  }
  if (a.status >= 400) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      v(`error body not JSON (${a.status})`, a.text.slice(0, 200));
    } else {
      const keys = Object.keys(body);
      const unknown = keys.filter((k) => !ERROR_KEYS.includes(k));
      const missing = ERROR_KEYS.slice(0, 4).filter((k) => !keys.includes(k));
      if (unknown.length || missing.length)
        v(`error body keys (${a.status})`, `unknown ${unknown.join(',') || '-'}, missing ${missing.join(',') || '-'}`);
      if (body.statusCode !== a.status)
        v('statusCode differs from the status', `${String(body.statusCode)} vs ${a.status}`);
      if (body.error !== STATUS_CODES[a.status]) v('error is not the status text', String(body.error));
      if (typeof body.message !== 'string' || !body.message.trim())
        v('message not a non-empty string', JSON.stringify(body.message));
      if (typeof body.code !== 'string' || !CODE.test(body.code)) v('code not AREA.REASON', JSON.stringify(body.code));
      if (
        body.details !== undefined &&
        !Array.isArray(body.details) &&
        (typeof body.details !== 'object' || body.details === null)
      )
        v('details neither array nor object', JSON.stringify(body.details));
      if (a.status === 400) {
        const details = Array.isArray(body.details) ? (body.details as { field?: unknown }[]) : [];
        const named =
          details.some((d) => d && typeof d.field === 'string' && d.field.length > 0) ||
          (typeof body.message === 'string' && FIELD_PREFIX.test(body.message));
        if (!named)
          v(`400 without a field (${String(body.code)}: ${String(body.message).slice(0, 60)})`, String(body.message));
      }
    }
  }
  if (foreignIds) {
    const asked = `${req.url} ${req.body ?? ''}`.toLowerCase();
    const text = a.text.toLowerCase();
    const leaked = foreignIds.filter((id) => text.includes(id.toLowerCase()) && !asked.includes(id.toLowerCase()));
    if (leaked.length) v(`cross-tenant read on ${req.op}`, `answer to B holds A's ${leaked.join(', ')}`);
  }
  return out;
}
