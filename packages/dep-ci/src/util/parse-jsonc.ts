/**
 * Parses JSON with comments and trailing commas (tsconfig.json, jsconfig.json). Returns undefined
 * for text that is still not JSON after removing them.
 */
export function parseJsonc(text: string): unknown {
  let output = '';
  let index = 0;
  const length = text.length;
  while (index < length) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (end < length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      output += text.slice(index, end + 1);
      index = end + 1;
    } else if (char === '/' && text[index + 1] === '/') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? length : end;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? length : end + 2;
    } else {
      output += char;
      index++;
    }
  }
  try {
    return JSON.parse(output.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}
