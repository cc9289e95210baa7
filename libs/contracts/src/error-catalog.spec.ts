import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOG, isCatalogCode } from './error-catalog';

const root = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'test' ? [] : sources(path);
    return /\.ts$/.test(e.name) && !/\.(spec|int-spec)\.ts$/.test(e.name) ? [path] : [];
  });
}

const files = ['apps', 'libs'].flatMap((top) =>
  readdirSync(join(root, top)).flatMap((p) => sources(join(root, top, p, 'src'))),
);

describe('ERROR_CATALOG, the closed list of error codes', () => {
  it('lists every code a service or the gateway can answer', () => {
    const missing = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, code] of text.matchAll(/'([A-Z][A-Z_]*\.[A-Z][A-Z_]*)'/g)) if (!isCatalogCode(code)) missing.add(code);
      for (const [, what] of text.matchAll(/DomainError\.notFound\(\s*'([^']+)'/g)) {
        const code = `${what.toUpperCase().replace(/[^A-Z]+/g, '_')}.NOT_FOUND`;
        if (!isCatalogCode(code)) missing.add(code);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('gives each code thrown with a literal status that same status', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, code, status] of text.matchAll(/new DomainError\(\s*'([A-Z_.]+)',\s*(\d{3})/g)) {
        if (isCatalogCode(code) && ERROR_CATALOG[code].status !== Number(status)) wrong.push(`${code} ${status} in ${file}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names codes AREA.REASON with a 4xx or 5xx status and a description', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(code).toMatch(/^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });
});
