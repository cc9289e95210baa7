import { en } from './en';
import { tr } from './tr';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}
function placeholders(tree: Tree): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (t: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === 'string') out[`${prefix}${k}`] = [...v.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(tree, '');
  return out;
}

describe('translations', () => {
  it('English and Turkish have the same keys', () => {
    expect(keys(tr).sort()).toEqual(keys(en).sort());
  });

  it('every text is translated (none empty) and keeps the same {{placeholders}}', () => {
    for (const [key, value] of Object.entries(placeholders(tr)))
      expect([key, value]).toEqual([key, placeholders(en)[key]]);
    expect(keys(en).length).toBeGreaterThan(100);
    const empty = (t: Tree): string[] =>
      keys(t).filter((k) => k.split('.').reduce<Tree | string>((n, p) => (n as Tree)[p], t) === '');
    expect([...empty(en), ...empty(tr)]).toEqual([]);
  });
});
