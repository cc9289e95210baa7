// Imports inside one service (apps/<service>/src): a lint error, not a convention.
//
// A service's src holds features (`src/<feature>/`); a feature holds one folder per use case
// (`src/<feature>/<use-case>/`) and named modules shared by its use cases (`src/<feature>/<name>.ts`).
// - A use case's folder is private: only files inside it and its own feature's top-level files (the Nest module and
//   the transport controllers that wire it) may import from it. What several use cases need goes into a named module.
// - The features of a service import each other without cycles.
// Files directly in src (main.ts, <service>.definition.ts) wire everything and are not checked.
// `allow` lists known exceptions as 'importer-prefix -> target-prefix' (paths from apps/, no extension): an
// allowed import is left out of both checks, so the list can only hide what it names.
import fs from 'node:fs';
import path from 'node:path';

const SRC = /^(.*\/apps\/[^/]+\/src)\/(.+)$/;
const IMPORTS =
  /(?:^|[\n;])\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

const posix = (p) => p.split(path.sep).join('/');
const noExt = (p) => p.replace(/\.(ts|tsx|js|mjs)$/, '');

/** { src, parts } of a file or import target under apps/<service>/src; null elsewhere. */
function locate(file) {
  const m = SRC.exec(posix(file));
  return m ? { src: m[1], parts: m[2].split('/') } : null;
}

const featureOf = (parts) => (parts.length >= 2 ? parts[0] : null);
const useCaseOf = (parts) => (parts.length >= 3 ? parts[1] : null);

/** `apps/<service>/src/...` without extension, whatever folder ESLint runs from. */
const fromApps = (p) => {
  const s = noExt(posix(p));
  return s.slice(s.lastIndexOf('/apps/') + 1);
};

function allowed(allow, from, to) {
  const f = fromApps(from);
  const t = fromApps(to);
  return allow.some(([a, b]) => f.startsWith(a) && t.startsWith(b));
}

function sourceFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'migrations' && e.name !== 'node_modules') sourceFiles(p, out);
    } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// One lint run reads each service's sources once.
const graphs = new Map();

/** feature -> feature -> first import seen (file), without the allowed imports. */
function featureGraph(src, allow) {
  const key = `${src}\n${allow.map((a) => a.join('>')).join('\n')}`;
  if (graphs.has(key)) return graphs.get(key);
  const graph = new Map();
  for (const file of sourceFiles(src)) {
    const from = locate(file);
    const a = from && featureOf(from.parts);
    if (!a) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORTS)) {
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
      const to = locate(target);
      const b = to && to.src === from.src && featureOf(to.parts);
      if (!b || b === a || allowed(allow, file, target)) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      if (!graph.get(a).has(b)) graph.get(a).set(b, posix(path.relative(src, file)));
    }
  }
  graphs.set(key, graph);
  return graph;
}

/** The features from `start` to `goal` (both included), or null when `goal` cannot be reached. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const x = queue.shift();
    if (x === goal) {
      const route = [];
      for (let y = x; y !== null; y = previous.get(y)) route.unshift(y);
      return route;
    }
    for (const y of graph.get(x)?.keys() ?? [])
      if (!previous.has(y)) {
        previous.set(y, x);
        queue.push(y);
      }
  }
  return null;
}

export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: 'no use case imports another use case folder; no import cycles between the features of a service',
    },
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      useCase:
        "'{{spec}}' is inside use case folder {{target}}/: only that folder and {{feature}}'s own module may import it; move what is shared into a named module of {{feature}}",
      cycle: "'{{spec}}' closes an import cycle between features: {{route}} (e.g. {{example}})",
    },
  },
  create(context) {
    const file = context.filename;
    const from = locate(file);
    const a = from && featureOf(from.parts);
    if (!a) return {};
    const allow = (context.options[0]?.allow ?? []).map((entry) => entry.split(/\s*->\s*/));

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const to = locate(target);
      if (!to || to.src !== from.src || allowed(allow, file, target)) return;
      const b = featureOf(to.parts);
      const useCase = useCaseOf(to.parts);
      if (b && useCase) {
        const inside = a === b && (useCaseOf(from.parts) === useCase || from.parts.length === 2);
        if (!inside)
          context.report({ node, messageId: 'useCase', data: { spec, target: `${b}/${useCase}`, feature: b } });
      }
      if (b && b !== a) {
        const graph = featureGraph(from.src, allow);
        const back = pathBetween(graph, b, a);
        if (back) {
          const route = [a, ...back].join(' → ');
          const example = graph.get(back[0])?.get(back[1]) ?? '';
          context.report({ node, messageId: 'cycle', data: { spec, route, example } });
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };
