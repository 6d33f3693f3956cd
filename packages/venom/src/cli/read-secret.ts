import { VenomError } from '@venom/core';

type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/**
 * Reads a secret: from a terminal with a prompt on stderr and no echo, otherwise everything piped on
 * stdin. A trailing newline is dropped. The value is never written anywhere.
 */
export async function readSecret(
  stdin: SecretInput,
  stderr: NodeJS.WritableStream,
  prompt: string,
  signal: AbortSignal,
): Promise<string> {
  const value =
    stdin.isTTY === true ? await promptHidden(stdin, stderr, prompt, signal) : await readAll(stdin, signal);
  return value.replace(/\r?\n$/, '');
}

async function readAll(stdin: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    if (signal.aborted) throw interrupted();
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(
  stdin: SecretInput,
  stderr: NodeJS.WritableStream,
  prompt: string,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    // Echo goes off before the prompt appears, so a key pasted at once is never shown.
    stdin.setRawMode?.(true);
    stderr.write(prompt);
    stdin.resume();
    const finish = (error?: VenomError): void => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      signal.removeEventListener('abort', onAbort);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = (): void => finish(interrupted());
    const onData = (chunk: Buffer | string): void => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') {
          finish();
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          finish(interrupted());
          return;
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stdin.on('data', onData);
  });
}

function interrupted(): VenomError {
  return new VenomError({
    code: 'INTERRUPTED',
    category: 'interrupted',
    message: 'interrupted: no key was saved',
  });
}
