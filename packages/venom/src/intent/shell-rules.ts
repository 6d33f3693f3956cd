import { MISSING_PARAMETER_BASE, type Rule } from './rule.js';

/** Programs whose name after "run" makes the rest a command line, not a description. */
const KNOWN_PROGRAMS = new Set(
  (
    'npm npx pnpm yarn bun bunx node deno make cmake cargo rustc go python python3 pip pip3 pipx uv poetry pytest ' +
    'docker docker-compose podman kubectl helm terraform git ls cat echo tsc vitest jest eslint biome prettier ' +
    'ruby bundle rake gem gradle gradlew mvn java javac gcc clang sh bash zsh curl wget rg grep find sed awk ps df du ' +
    'htop top env which whoami pwd mkdir touch cp tar unzip zip ssh scp rsync redis-cli psql sqlite3 mix dotnet ' +
    'swift php composer just task ansible-playbook nx turbo lerna hyperfine omg dep-ci livepatch quantum'
  ).split(' '),
);

const VERBS = new Set(['run', 'execute', 'exec']);
const LEAD = new Set(['please', 'can', 'could', 'you', 'now', 'just']);

const run: Rule = {
  name: 'shell.run',
  match(segment) {
    let verb = -1;
    for (let index = 0; index < segment.length; index++) {
      const token = segment.token(index);
      if (token === undefined) break;
      if (token.kind === 'word' && VERBS.has(token.word)) {
        verb = index;
        break;
      }
      if (token.kind !== 'word' || !LEAD.has(token.word)) break;
    }
    if (verb < 0) return undefined;
    for (let index = 0; index <= verb; index++) segment.take(index);
    let start = verb + 1;
    const commandWords = segment.matchPhraseAt(['the', ['command', 'script']], start);
    if (commandWords !== undefined) {
      segment.take(...commandWords);
      start += commandWords.length;
    }
    const first = segment.token(start);
    if (first === undefined) {
      return {
        skill: 'shell',
        action: 'run',
        params: {},
        base: MISSING_PARAMETER_BASE,
        clarification: 'Which command do you want to run?',
      };
    }
    if (first.kind === 'quoted' && start === segment.length - 1) {
      segment.take(start);
      return { skill: 'shell', action: 'run', params: { command: first.raw }, base: 0.95 };
    }
    const command = segment.rawFrom(start);
    for (let index = start; index < segment.length; index++) segment.take(index);
    const program = first.raw.split('/').pop() ?? '';
    const known = KNOWN_PROGRAMS.has(program) || first.raw.startsWith('./') || commandWords !== undefined;
    return {
      skill: 'shell',
      action: 'run',
      params: { command },
      base: known ? 0.9 : 0.6,
      ...(known ? {} : { clarification: `Do you want me to run the shell command \`${command}\`?` }),
    };
  },
};

/** Rules of the shell skill. */
export const shellRules: readonly Rule[] = [run];
