// Reads a service's Prometheus scrape (/metrics, text exposition format 0.0.4) the way a scraper would.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  status: number;
  contentType: string;
  /** Metric families declared by `# TYPE <name> <type>` lines, with their type. */
  families: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Parses the exposition text; throws on a line that is neither a comment nor a sample. */
export function parseExposition(text: string): Pick<Scrape, 'families' | 'samples'> {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) families.set(type[1], type[2]);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(LABEL)) labels[key] = unescape(value);
    samples.push({ name: m[1], labels, value: parseValue(m[3]) });
  }
  return { families, samples };
}

/** GET <baseUrl>/metrics, parsed. */
export async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', ...parseExposition(text) };
}

/** The samples of one metric whose labels include every label given. */
export function samplesOf(s: Pick<Scrape, 'samples'>, name: string, labels: Record<string, string> = {}): Sample[] {
  return s.samples.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
}

/** The value of the one sample of `name` with these labels; throws when there is none or more than one. */
export function valueOf(s: Pick<Scrape, 'samples'>, name: string, labels: Record<string, string> = {}): number {
  const found = samplesOf(s, name, labels);
  if (found.length !== 1) {
    throw new Error(`expected one sample of ${name}${JSON.stringify(labels)}, found ${found.length}`);
  }
  return found[0].value;
}
