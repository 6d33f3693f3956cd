import type { SourceProblem } from '../package-record.js';

/** One stanza: field names as written (`Package`, `Pre-Depends`), values with continuation lines joined by `\n`. */
export interface Deb822Stanza {
  fields: Record<string, string>;
  /** 1-based line of the stanza's first field. */
  line: number;
}

/** Parsed stanzas and the lines that could not be read. */
export interface Deb822Document {
  stanzas: Deb822Stanza[];
  problems: SourceProblem[];
}

/** Stop reading a file after this many malformed lines: it is not a deb822 file. */
const maximumProblems = 20;

/**
 * Parses deb822 text (Debian's Packages, status, Release): stanzas separated by blank lines,
 * `Field: value` lines, continuation lines starting with a space or tab (a lone `.` is an empty
 * line). `keep` limits which fields are stored (all when omitted). Malformed lines are reported
 * in `problems` with their line number; after 20 the rest of the file is skipped.
 */
export function parseDeb822(text: string, file: string, keep?: ReadonlySet<string>): Deb822Document {
  const stanzas: Deb822Stanza[] = [];
  const problems: SourceProblem[] = [];
  let fields: Record<string, string> | undefined;
  let stanzaLine = 0;
  let lastField: string | undefined;
  let lineNumber = 0;
  let position = 0;
  const length = text.length;
  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = length;
    lineNumber += 1;
    let lineEnd = end;
    if (lineEnd > position && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1;
    const first = text.charCodeAt(position);
    if (lineEnd === position) {
      if (fields !== undefined) stanzas.push({ fields, line: stanzaLine });
      fields = undefined;
      lastField = undefined;
    } else if (first === 32 || first === 9) {
      if (fields === undefined || lastField === undefined) {
        if (fields === undefined && text.slice(position, lineEnd).trim() === '') {
          // whitespace-only line between stanzas
        } else problems.push({ file, line: lineNumber, message: 'continuation line without a field' });
      } else if (lastField !== '') {
        const content = text.slice(position + 1, lineEnd);
        fields[lastField] += `\n${content === '.' ? '' : content}`;
      }
    } else if (first === 35 && fields === undefined) {
      // a comment line outside a stanza (deb822 allows them in sources files)
    } else {
      const colon = text.indexOf(':', position);
      if (colon < 0 || colon >= lineEnd) {
        problems.push({
          file,
          line: lineNumber,
          message: `expected 'Field: value', found '${text.slice(position, Math.min(lineEnd, position + 60))}'`,
        });
        if (problems.length >= maximumProblems) {
          problems.push({
            file,
            line: lineNumber,
            message: 'too many malformed lines; the rest of the file was skipped',
          });
          break;
        }
      } else {
        if (fields === undefined) {
          fields = {};
          stanzaLine = lineNumber;
        }
        const name = text.slice(position, colon);
        if (keep === undefined || keep.has(name)) {
          fields[name] = text.slice(colon + 1, lineEnd).trim();
          lastField = name;
        } else lastField = '';
      }
    }
    position = end + 1;
  }
  if (fields !== undefined) stanzas.push({ fields, line: stanzaLine });
  return { stanzas, problems };
}

/** Removes an OpenPGP clearsign wrapper (InRelease), returning the signed text; other text is returned as is. */
export function stripClearsignature(text: string): string {
  if (!text.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) return text;
  const headerEnd = text.indexOf('\n\n');
  const signatureStart = text.indexOf('\n-----BEGIN PGP SIGNATURE-----');
  const body = text.slice(
    headerEnd < 0 ? 0 : headerEnd + 2,
    signatureStart < 0 ? undefined : signatureStart + 1,
  );
  // Dash-escaped lines ("- -----") lose their escape.
  return body.replace(/^- /gm, '');
}
