import type { Skill, SkillAction } from '../types.js';
import { clip, failure } from './action-helpers.js';

const bodyLimit = 1024 * 1024;

/** How http.fetch reaches the network; injectable for tests. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

function fetchAction(
  fetchFunction: FetchFunction,
): SkillAction<{ url: string; method?: string; headers?: Record<string, string>; body?: string }> {
  return {
    name: 'fetch',
    description:
      'Fetch an http(s) URL: { status, headers, body } (body cut at 1 MiB). Network risk; off unless enabled.',
    risk: 'network',
    mutating: false,
    params: (z) =>
      z
        .object({
          url: z.string().regex(/^https?:\/\//, 'an http or https URL'),
          method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
          headers: z.record(z.string(), z.string()).optional(),
          body: z.string().optional(),
        })
        .strict(),
    describe: (params) => ({
      summary: `${params.method ?? 'GET'} ${params.url}`,
      command: `${params.method ?? 'GET'} ${params.url}`,
    }),
    async execute(context, params) {
      const startedAt = Date.now();
      let response: Response;
      try {
        response = await fetchFunction(params.url, {
          method: params.method ?? 'GET',
          headers: params.headers,
          body: params.body,
          signal: context.signal,
          redirect: 'follow',
        });
      } catch (error) {
        return failure(
          `${params.method ?? 'GET'} ${params.url} failed: ${error instanceof Error ? error.message : String(error)}`,
          startedAt,
        );
      }
      const buffer = new Uint8Array(await response.arrayBuffer());
      const body = new TextDecoder().decode(buffer.subarray(0, bodyLimit));
      const headers = Object.fromEntries(response.headers.entries());
      return {
        ok: response.ok,
        output: {
          url: response.url || params.url,
          status: response.status,
          headers,
          body,
          truncated: buffer.length > bodyLimit,
        },
        text: `${response.status} ${response.statusText}\n${clip(body)}`,
        exitCode: response.ok ? 0 : 1,
        durationMs: Date.now() - startedAt,
      };
    },
  };
}

/** The http skill: fetch. Only offered when enabled (config), because it reaches the network. */
export function httpSkill(options: { fetch?: FetchFunction } = {}): Skill {
  const fetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
  return {
    name: 'http',
    description: 'HTTP requests (network).',
    source: 'builtin',
    actions: [fetchAction(fetchFunction)],
  };
}
