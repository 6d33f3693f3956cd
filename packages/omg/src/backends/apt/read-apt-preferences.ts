import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceProblem } from '../package-record.js';
import { parseDeb822 } from './parse-deb822.js';

/** What a `Pin:` line selects. */
export type AptPinTarget =
  /** `Pin: release a=stable, n=bookworm, o=Debian, l=Debian, c=main, v=12, b=amd64` (every given key must match). */
  | { kind: 'release'; conditions: Record<string, string> }
  /** `Pin: version 1.2*` (glob). */
  | { kind: 'version'; pattern: string }
  /** `Pin: origin deb.example.org` (the host of the repository's URI; `""` = local files). */
  | { kind: 'origin'; host: string };

/** One stanza of /etc/apt/preferences (or preferences.d). */
export interface AptPin {
  /** The `Package:` patterns as written: names, globs (`gnome*`), `/regex/`, or `*` alone for a generic pin. */
  packages: string[];
  target: AptPinTarget;
  priority: number;
  /** `file:line`, for messages. */
  origin: string;
}

/** The pins in effect under a root, with the lines that could not be read. */
export interface AptPreferences {
  pins: AptPin[];
  problems: SourceProblem[];
}

function parsePinTarget(value: string): AptPinTarget | undefined {
  const space = value.indexOf(' ');
  const kind = space < 0 ? value : value.slice(0, space);
  const rest = space < 0 ? '' : value.slice(space + 1).trim();
  if (kind === 'version') return { kind: 'version', pattern: rest };
  if (kind === 'origin') return { kind: 'origin', host: rest.replace(/^"(.*)"$/, '$1') };
  if (kind === 'release') {
    const conditions: Record<string, string> = {};
    for (const part of rest.split(',')) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const equals = trimmed.indexOf('=');
      // A bare value is an archive (`Pin: release stable`) or a version number (`Pin: release 12`).
      if (equals < 0) conditions[/^[0-9.]+$/.test(trimmed) ? 'v' : 'a'] = trimmed;
      else
        conditions[trimmed.slice(0, equals).trim()] = trimmed
          .slice(equals + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
    return { kind: 'release', conditions };
  }
  return undefined;
}

/** Parses the text of one preferences file. */
export function parseAptPreferences(text: string, file: string): AptPreferences {
  const document = parseDeb822(text, file);
  const pins: AptPin[] = [];
  const problems = [...document.problems];
  for (const stanza of document.stanzas) {
    const fields = stanza.fields;
    const packages = fields.Package;
    const pin = fields.Pin;
    const priority = fields['Pin-Priority'];
    if (packages === undefined || pin === undefined || priority === undefined) {
      // Explanation-only stanzas are allowed; anything else is incomplete.
      if (Object.keys(fields).some((key) => key !== 'Explanation'))
        problems.push({ file, line: stanza.line, message: 'pin stanza needs Package, Pin and Pin-Priority' });
      continue;
    }
    const target = parsePinTarget(pin.trim());
    const value = Number.parseInt(priority.trim(), 10);
    if (target === undefined || !Number.isFinite(value)) {
      problems.push({
        file,
        line: stanza.line,
        message: `cannot read pin '${pin}' / priority '${priority}'`,
      });
      continue;
    }
    pins.push({
      packages: packages.split(/\s+/).filter((name) => name !== ''),
      target,
      priority: value,
      origin: `${file}:${stanza.line}`,
    });
  }
  return { pins, problems };
}

/**
 * Reads `<root>/etc/apt/preferences` and the files of `<root>/etc/apt/preferences.d` (no extension or
 * `.pref`, in name order, as apt does). Missing files yield no pins.
 */
export function readAptPreferences(root: string): AptPreferences {
  const files: string[] = [join(root, 'etc/apt/preferences')];
  const directory = join(root, 'etc/apt/preferences.d');
  try {
    for (const name of readdirSync(directory).sort()) {
      if (/^[A-Za-z0-9_.-]+$/.test(name) && (!name.includes('.') || name.endsWith('.pref')))
        files.push(join(directory, name));
    }
  } catch {
    // no preferences.d
  }
  const result: AptPreferences = { pins: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseAptPreferences(text, file);
    result.pins.push(...parsed.pins);
    result.problems.push(...parsed.problems);
  }
  return result;
}
