import { readFile } from 'node:fs/promises';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { VenomError } from '../errors/index.js';
import { checkLeafValue } from './check-leaf-value.js';
import {
  type ConfigProblem,
  invalidValueProblem,
  type ProblemLocation,
  problemForNonLeaf,
} from './config-problem.js';
import type { ConfigSource } from './config-source.js';
import { describeReceived, exampleValue, resolveKey, type SchemaSection } from './schema-tree.js';

/** The `yaml` module, loaded on first use so that importing @venom/core stays cheap. */
export type YamlModule = typeof import('yaml');

/** One layer's values, by leaf key path. */
export type LayerValues = Map<string, { value: unknown; source: ConfigSource }>;

/** A config file parsed into a YAML document that keeps comments and positions. */
export interface ParsedConfigFile {
  file: string;
  yaml: YamlModule;
  document: Document;
  lineCounter: LineCounter;
  /** The top-level mapping; undefined for an empty file. */
  map: YAMLMap | undefined;
}

/** The text of a config file, or undefined if it does not exist; any other read error is CONFIG_UNREADABLE. */
export async function readConfigText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new VenomError({
      code: 'CONFIG_UNREADABLE',
      category: 'environment',
      message: `cannot read config file ${file}: ${reason}`,
      hint: `Make ${file} a readable YAML file, or remove it.`,
      details: { file, reason: (error as NodeJS.ErrnoException).code ?? reason },
      cause: error,
    });
  }
}

/** The 1-based line of a node, when it came from the parsed text. */
export function lineOf(parsed: ParsedConfigFile, node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? parsed.lineCounter.linePos(range[0]).line : undefined;
}

/**
 * Parses a config file's text. Malformed YAML is CONFIG_PARSE at `file:line:col`; a top level that is not
 * a mapping is CONFIG_INVALID.
 */
export function parseConfigText(
  yaml: YamlModule,
  text: string,
  file: string,
  tool: string,
): ParsedConfigFile {
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError !== undefined) {
    // An error found at the end of input (an unclosed quote or bracket) is shown on the last written line.
    const offset = Math.min(syntaxError.pos[0], text.trimEnd().length);
    const { line, col } = lineCounter.linePos(offset);
    throw new VenomError({
      code: 'CONFIG_PARSE',
      category: 'usage',
      message: `${file}:${line}:${col} ${syntaxError.message}`,
      hint: `Fix the YAML syntax at line ${line} (check indentation, colons and quotes), or move the file away and run '${tool} config init'.`,
      details: { file, line, column: col, reason: syntaxError.code },
      cause: syntaxError,
    });
  }
  const parsed: ParsedConfigFile = { file, yaml, document, lineCounter, map: undefined };
  const contents = document.contents;
  if (contents === null || (yaml.isScalar(contents) && contents.value === null)) return parsed;
  if (!yaml.isMap(contents)) {
    const line = lineOf(parsed, contents) ?? 1;
    throw new VenomError({
      code: 'CONFIG_INVALID',
      category: 'usage',
      message: `${file}:${line} expected a mapping of keys at the top level, got ${describeReceived(contents.toJS(document))}`,
      hint: `Write settings as 'key: value' lines, e.g. 'log.level: info', or run '${tool} config init' for a starter file.`,
      details: { file, line },
    });
  }
  parsed.map = contents;
  return parsed;
}

function keyText(yaml: YamlModule, pair: Pair): string {
  return yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** A pair's value with aliases followed; null for `key:` with nothing after it. */
function valueNode(parsed: ParsedConfigFile, pair: Pair): Node | null {
  const { yaml, document } = parsed;
  let value = pair.value as Node | null;
  if (yaml.isAlias(value)) value = (value.resolve(document) as Node | undefined) ?? null;
  if (yaml.isScalar(value) && value.value === null) return null;
  return value;
}

/**
 * Reads a parsed file as one layer: every key is looked up in the schema (dotted keys such as
 * `log.level: info` work like nested ones) and every value checked against its leaf. Returns the values
 * and the problems found, in document order.
 */
export function collectFileLayer(
  parsed: ParsedConfigFile,
  layer: 'user' | 'project',
  tool: string,
  root: SchemaSection,
): { values: LayerValues; problems: ConfigProblem[] } {
  const values: LayerValues = new Map();
  const problems: ConfigProblem[] = [];
  const { yaml, document, file } = parsed;

  const visit = (map: YAMLMap, section: SchemaSection): void => {
    for (const pair of map.items) {
      const line = lineOf(parsed, pair.key);
      const location: ProblemLocation = {
        label: line === undefined ? file : `${file}:${line}`,
        file,
        ...(line === undefined ? {} : { line }),
      };
      const written = keyText(yaml, pair);
      const keyPath = section.path === '' ? written : `${section.path}.${written}`;
      const resolution = resolveKey(section, written);
      const node = valueNode(parsed, pair);
      if (resolution.kind === 'section') {
        if (node === null) continue;
        if (yaml.isMap(node)) {
          visit(node, resolution.section);
          continue;
        }
        const keys = [...resolution.section.children.keys()].join(', ');
        problems.push(
          invalidValueProblem(
            location,
            keyPath,
            `expected a section with keys ${keys}, got ${describeReceived(node.toJS(document))}`,
            `Write its keys on indented lines below '${written}:'.`,
          ),
        );
        continue;
      }
      if (resolution.kind !== 'leaf') {
        problems.push(problemForNonLeaf(tool, location, root, keyPath, resolution));
        continue;
      }
      const leaf = resolution.leaf;
      const value: unknown = node === null ? null : node.toJS(document);
      const earlier = values.get(leaf.path);
      if (earlier !== undefined) {
        problems.push(
          invalidValueProblem(
            location,
            leaf,
            `set twice in this file (first at line ${earlier.source.line ?? '?'})`,
            'Keep one of the two lines.',
          ),
        );
        continue;
      }
      const problem = checkLeafValue(leaf, value);
      if (problem !== undefined) {
        problems.push(
          invalidValueProblem(
            location,
            leaf,
            problem,
            `Fix the value or run '${tool} config set ${leaf.path} ${exampleValue(leaf)}'.`,
          ),
        );
        continue;
      }
      values.set(leaf.path, { value, source: { layer, file, ...(line === undefined ? {} : { line }) } });
    }
  };

  if (parsed.map !== undefined) visit(parsed.map, root);
  return { values, problems };
}
