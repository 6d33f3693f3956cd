import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createBubblewrapSandbox, createFileGuard, type Sandbox } from '../../sandbox/index.js';
import type { SkillContext } from '../types.js';

/** A fixed identity and clock for commits made by tests. */
export const testIdentity = {
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
} as const;

/** A temporary workspace (a fresh folder, optionally a git repository) and a HOME beside it. */
export interface TestWorkspace {
  root: string;
  home: string;
  env: Record<string, string | undefined>;
  write(path: string, content: string): void;
  git(args: string[], env?: Record<string, string>): string;
  /** Commits everything with a fixed author and ISO date. */
  commit(message: string, date: string, author?: { name: string; email: string }): string;
  context(options?: { sandbox?: Sandbox; signal?: AbortSignal; onOutput?(text: string): void }): SkillContext;
}

/** Creates a workspace for skill tests; `git: true` makes it a repository on branch main. */
export function createTestWorkspace(options: { git?: boolean } = {}): TestWorkspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'venom-skills-')));
  const root = join(base, 'work');
  const home = join(base, 'home');
  mkdirSync(root);
  mkdirSync(home);
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    GIT_CONFIG_NOSYSTEM: '1',
    ...testIdentity,
  };
  const git = (args: string[], extra: Record<string, string> = {}): string =>
    execFileSync('git', args, {
      cwd: root,
      env: { ...env, ...extra } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
  if (options.git) {
    git(['init', '--quiet', '--initial-branch=main']);
    git(['config', 'user.name', testIdentity.GIT_AUTHOR_NAME]);
    git(['config', 'user.email', testIdentity.GIT_AUTHOR_EMAIL]);
    git(['config', 'commit.gpgsign', 'false']);
  }
  return {
    root,
    home,
    env,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    git,
    commit(message, date, author) {
      git(['add', '--all']);
      git(['commit', '--quiet', '--allow-empty', '-m', message], {
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
        ...(author === undefined ? {} : { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email }),
      });
      return git(['rev-parse', 'HEAD']).trim();
    },
    context(contextOptions = {}) {
      const fileGuard = createFileGuard({ roots: [root], home });
      return {
        workspace: root,
        fileGuard,
        sandbox:
          contextOptions.sandbox ??
          lazySandbox(() => createBubblewrapSandbox({ workspaceRoots: [root], env })),
        env,
        signal: contextOptions.signal ?? new AbortController().signal,
        onOutput: contextOptions.onOutput,
      };
    },
  };
}

/**
 * Why the bubblewrap sandbox cannot run commands here, or undefined when it can: sandboxed tests
 * skip with this reason (and only then).
 */
export async function sandboxUnavailableReason(): Promise<string | undefined> {
  const workspace = createTestWorkspace();
  try {
    const sandbox = createBubblewrapSandbox({ workspaceRoots: [workspace.root], env: workspace.env });
    const check = await sandbox.check();
    return check.ok ? undefined : `bubblewrap cannot run here: ${check.reason}`;
  } catch (error) {
    return `the bubblewrap sandbox is not available: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A sandbox created on first use, so read-only tests do not depend on bubblewrap. */
function lazySandbox(create: () => Sandbox): Sandbox {
  let sandbox: Sandbox | undefined;
  const get = (): Sandbox => {
    sandbox ??= create();
    return sandbox;
  };
  return {
    kind: 'bubblewrap',
    check: () => get().check(),
    run: (request) => get().run(request),
  };
}
