/**
 * Which part of the code may import which (docs/ARCHITECTURE.md), as a lint
 * rule. Each relative import is resolved against the importing file, so a
 * boundary names folders of the repository, not the spellings of a path
 * (`../pty/x` and `../../pty/x` are the same folder seen from two places).
 *
 * Options: { root, boundaries: [{ from, notFrom?, forbid, allow?, message }] }
 * with every path relative to root and without extension: a file in `from`
 * (and not in `notFrom`) may import nothing in `forbid` except exactly the
 * paths in `allow`. Package imports (`electron`, `node:fs`) are left to
 * no-restricted-imports.
 */
import { dirname, relative, resolve, sep } from 'node:path';

const SOURCE_EXTENSION = /\.(d\.ts|ts|tsx|js|mjs|cjs|jsx)$/;

/** Repository path of a file or import target, with / and without extension. */
function repoPath(root, absolute) {
  return relative(root, absolute).split(sep).join('/').replace(SOURCE_EXTENSION, '');
}

/** True when `path` is the folder or file `place`, or lies inside it ('' is everywhere). */
function within(path, place) {
  return place === '' || path === place || path.startsWith(`${place}/`);
}

/** The first boundary this import crosses, or null. */
export function crossedBoundary(boundaries, importer, target) {
  for (const boundary of boundaries) {
    if (!boundary.from.some((place) => within(importer, place))) continue;
    if ((boundary.notFrom ?? []).some((place) => within(importer, place))) continue;
    if (!boundary.forbid.some((place) => within(target, place))) continue;
    if ((boundary.allow ?? []).includes(target)) continue;
    return boundary;
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the architecture’s boundaries' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          boundaries: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'array', items: { type: 'string' } },
                notFrom: { type: 'array', items: { type: 'string' } },
                forbid: { type: 'array', items: { type: 'string' } },
                allow: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'forbid', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'boundaries'],
        additionalProperties: false,
      },
    ],
    messages: { crossed: '{{importer}} may not import {{target}}: {{message}}' },
  },
  create(context) {
    const { root, boundaries } = context.options[0];
    const importer = repoPath(root, context.filename);
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const target = repoPath(root, resolve(dirname(context.filename), source.value));
      const boundary = crossedBoundary(boundaries, importer, target);
      if (!boundary) return;
      context.report({
        node: source,
        messageId: 'crossed',
        data: { importer, target, message: boundary.message },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
