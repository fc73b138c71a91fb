// Renders a document template with liquidjs, locked down: an unknown variable or filter is an error, there is no
// file system (include, render and layout are refused), and a template reads only the data's own properties, so
// it cannot reach prototypes, constructors, the process or its environment.
import { Liquid, UndefinedVariableError, type FS } from 'liquidjs';
import { AppError } from '../../domain/errors.ts';
import { inlineText } from '../../domain/document-markup.ts';
import { documentDataRoots } from '../../domain/document-templates.ts';

/** A file system that has no files: every lookup fails, whatever the path. */
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('templates cannot read files');
  },
  readFileSync: () => {
    throw new Error('templates cannot read files');
  },
  resolve: (_dir, file) => file,
  sep: '/',
};

function lockedEngine(): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    ownPropertyOnly: true,
    fs: noFiles,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    templates: {},
    globals: {},
    // Bounds on what one template may cost: it runs on the server for whoever may edit templates.
    parseLimit: 200_000,
    renderLimit: 2_000,
    memoryLimit: 20_000_000,
    // Every value lands in a line of markup: keep it one line, with no table separators.
    outputEscape: (value: unknown) => inlineText(String(value)),
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete (engine.tags as Record<string, unknown>)[tag];
  return engine;
}

const engine = lockedEngine();

/** The path a strict-variables error names ("deal.owner"), when it names one. */
function undefinedPath(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  return /undefined variable: ([\w.[\]"']+)/i.exec(message)?.[1];
}

export type TemplateProblem = { kind: 'missing'; path: string } | { kind: 'invalid'; message: string };

/**
 * What is wrong with a template before it is saved: its syntax, a tag or filter that does not exist, or a variable
 * outside the document's data (process, constructor ...). Undefined when it is fine.
 */
export function checkTemplate(body: string): string | undefined {
  try {
    const parsed = engine.parse(body);
    const outside = engine.globalVariablesSync(parsed).filter((v) => !(documentDataRoots as readonly string[]).includes(v));
    if (outside.length > 0) return `${outside.map((v) => `"${v}"`).join(', ')} is not in a document's data (${documentDataRoots.join(', ')})`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : 'The template cannot be read';
  }
}

/** Renders a template's markup from plain data; a variable the data lacks is reported by its path, never left blank. */
export async function renderTemplate(body: string, data: Record<string, unknown>): Promise<{ markup: string } | TemplateProblem> {
  let parsed;
  try {
    parsed = engine.parse(body);
  } catch (error) {
    return { kind: 'invalid', message: error instanceof Error ? error.message.split('\n')[0]! : 'The template cannot be read' };
  }
  try {
    // A structured clone of JSON: plain objects only, so nothing reachable has methods or a useful prototype.
    const markup = String(await engine.render(parsed, JSON.parse(JSON.stringify(data)) as object));
    return { markup };
  } catch (error) {
    const path = undefinedPath(error);
    if (path && !(documentDataRoots as readonly string[]).includes(path.split('.')[0]!))
      return { kind: 'invalid', message: `"${path}" is not in a document's data` };
    if (path || error instanceof UndefinedVariableError) return { kind: 'missing', path: path ?? 'a variable' };
    return { kind: 'invalid', message: error instanceof Error ? error.message.split('\n')[0]! : 'The template cannot be rendered' };
  }
}

/** A template that cannot render: the 400 a person editing or previewing it sees. */
export const templateError = (message: string) =>
  new AppError('document_template.invalid', 'invalid', `The template cannot be rendered: ${message}`, { fields: [{ path: 'body:/body', message }] });
