import { VenomError } from '../errors/index.js';
import { isSecretKeyName, looksLikeSecret } from '../logging/redact.js';

/**
 * The error for a secret given on the command line. It names the flag or the argument's position,
 * never the value.
 */
export function secretOnCommandLineError(programName: string, where: string): VenomError {
  return new VenomError({
    code: 'SECRET_ON_COMMAND_LINE',
    category: 'usage',
    message: `refusing ${where}: secrets are never taken from flags or arguments (they end up in shell history and 'ps' output)`,
    hint: `pipe the secret in: printf %s "$KEY" | ${programName} auth set <provider>, or run '${programName} auth set <provider>' to be prompted`,
    details: { argument: where },
  });
}

/**
 * Throws {@link secretOnCommandLineError} when a flag's name is a secret key name (`--api-key`,
 * `--token`, `-c openai.api_key=...`) or any flag value or argument looks like a secret
 * (`sk-...`, `ghp_...`, a JWT, `password=...`). Runs on the raw arguments, before anything else.
 */
export function refuseSecretArguments(programName: string, argv: readonly string[]): void {
  let flagsEnded = false;
  let nextIsSetting = false;
  argv.forEach((token, index) => {
    const where = `argument ${index + 1}`;
    if (nextIsSetting) {
      nextIsSetting = false;
      refuseSetting(programName, token, where);
    }
    if (looksLikeSecret(token)) {
      const equals = token.indexOf('=');
      const isFlagWithValue = !flagsEnded && token.startsWith('--') && equals > 2;
      throw secretOnCommandLineError(
        programName,
        isFlagWithValue ? `the value of ${token.slice(0, equals)}` : where,
      );
    }
    if (flagsEnded) return;
    if (token === '--') {
      flagsEnded = true;
      return;
    }
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      const name = equals === -1 ? token : token.slice(0, equals);
      if (isSecretKeyName(name)) throw secretOnCommandLineError(programName, name);
      if (name === '--set') {
        if (equals === -1) nextIsSetting = true;
        else refuseSetting(programName, token.slice(equals + 1), where);
      }
      return;
    }
    if (/^-[a-zA-Z]*c/.test(token)) {
      const inline = token.slice(token.indexOf('c') + 1);
      if (inline === '') nextIsSetting = true;
      else refuseSetting(programName, inline, where);
    }
  });
}

function refuseSetting(programName: string, setting: string, where: string): void {
  const key = setting.split('=')[0] ?? '';
  if (isSecretKeyName(key) || isSecretKeyName(key.split('.').pop() ?? '')) {
    throw secretOnCommandLineError(programName, `setting '${key}' (${where})`);
  }
}

/** Throws when a flag given in short form stands for a secret-named option (`-k` for `--api-key`). */
export function refuseSecretOptionName(programName: string, optionName: string): void {
  if (isSecretKeyName(optionName)) throw secretOnCommandLineError(programName, `--${optionName}`);
}
