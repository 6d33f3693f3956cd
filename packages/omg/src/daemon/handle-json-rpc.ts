import { VenomError } from '@venom/core';
import type { SearchOptions } from '../index/search-table.js';
import type { ResolveOptions } from '../plan/transaction-plan.js';
import type { ListFilter, PackageService } from '../query/create-package-service.js';
import { renderSearchText } from '../query/render-search-text.js';

/** JSON-RPC 2.0 error codes used by omgd (the standard ones, and -32000 for omg's own errors). */
export const rpcErrors = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  application: -32000,
} as const;

/** A JSON-RPC 2.0 response object. */
export interface RpcResponse {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * What to send back for one request line: JSON responses, or (for a request with `params.raw`) a
 * plain-text document for shell clients that cannot parse JSON: a first line `ok <result count>` or
 * `error <CODE> <message>` (then the hint, if any), then the rendered result. The connection closes
 * after a raw answer. With `params.statusFile` (a name: letters, digits, `-`, `_`) that first part
 * goes to `status` instead, for the daemon to write to `<socket directory>/<name>.status` before it
 * sends the rest: the shell function then lets its socket client write straight to the terminal and
 * reads the status from the file, with no process in between.
 */
export type RpcReply =
  | { kind: 'json'; response: RpcResponse | RpcResponse[] | undefined }
  | { kind: 'raw'; text: string | Buffer; status?: { file: string; text: string } };

/** What a raw request's status file may be called (a name inside the socket's directory). */
const statusFileName = /^[A-Za-z0-9_-]{1,64}$/;

/** What the daemon itself contributes to `status`, and where raw search replies are written. */
export interface DaemonStatusSource {
  status(): Record<string, unknown>;
  reload(): Promise<unknown>;
  /** A buffer of at least `size` bytes for a rendered search reply (the daemon pools them). */
  allocateReply?(size: number): Buffer;
  /**
   * Called when a method needed code that is no longer on disk: omg was updated or rebuilt while
   * this daemon ran, so its lazily loaded modules are gone. The daemon should stop.
   */
  outdated?(): void;
}

/** The error code of an answer from a daemon whose omg files changed since it started. */
export const outdatedDaemonCode = 'DAEMON_OUTDATED';

function asStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

class ParamsError extends Error {}

/** A raw reply already rendered by the method (search results written from pre-rendered bytes). */
class RenderedReply {
  constructor(
    readonly count: number,
    /** The rendered results, after the `ok <count>` line when `headIncluded`. */
    readonly bytes: Buffer,
    readonly headIncluded: boolean,
  ) {}
}

/** How a raw request wants its answer: the format, and whether the `ok` line goes into the bytes. */
interface RawRequest {
  format: unknown;
  headInline: boolean;
}

async function callMethod(
  method: string,
  params: Record<string, unknown>,
  service: PackageService,
  daemon: DaemonStatusSource,
  raw: RawRequest | undefined,
): Promise<unknown> {
  switch (method) {
    case 'search': {
      const terms = asStringArray(params.terms);
      if (terms === undefined || terms.length === 0)
        throw new ParamsError('search needs params.terms: a non-empty array of strings');
      const options: SearchOptions = { namesOnly: params.namesOnly === true, regex: params.regex === true };
      if (typeof params.limit === 'number') options.limit = params.limit;
      try {
        // Raw replies for shell clients: text (the default) or the JSON array, straight from the table.
        if (raw !== undefined && raw.format !== 'lines') {
          let count = 0;
          const bytes = service.searchRendered(
            terms,
            options,
            raw.format === 'json' ? 'json' : 'text',
            (found) => {
              count = found;
              return raw.headInline ? `ok ${found}\n` : '';
            },
            daemon.allocateReply?.bind(daemon),
          );
          return new RenderedReply(count, bytes, raw.headInline);
        }
        return service.search(terms, options);
      } catch (error) {
        if (error instanceof SyntaxError)
          throw new ParamsError(`invalid regular expression: ${error.message}`);
        throw error;
      }
    }
    case 'info':
      if (typeof params.name !== 'string') throw new ParamsError('info needs params.name: a string');
      return service.info(params.name);
    case 'list': {
      const filter = params.filter ?? 'all';
      if (filter !== 'all' && filter !== 'installed' && filter !== 'upgradable' && filter !== 'orphans') {
        throw new ParamsError('list needs params.filter: all, installed, upgradable or orphans');
      }
      return service.list(filter as ListFilter);
    }
    case 'complete':
      return service.complete(
        typeof params.prefix === 'string' ? params.prefix : '',
        typeof params.limit === 'number' ? params.limit : 200,
      );
    case 'plan': {
      const operation = params.operation;
      if (operation !== 'install' && operation !== 'remove' && operation !== 'update')
        throw new ParamsError('plan needs params.operation: install, remove or update');
      const names = params.names === undefined ? [] : asStringArray(params.names);
      if (names === undefined) throw new ParamsError('plan needs params.names: an array of strings');
      const options =
        typeof params.options === 'object' && params.options !== null
          ? (params.options as ResolveOptions)
          : {};
      return service.plan({ operation, names, options });
    }
    case 'groups':
      return service.groups();
    case 'status':
      return daemon.status();
    case 'reload':
      return daemon.reload();
    default:
      return undefined;
  }
}

const knownMethods = new Set(['search', 'info', 'list', 'complete', 'plan', 'groups', 'status', 'reload']);

async function handleOne(
  request: unknown,
  service: PackageService,
  daemon: DaemonStatusSource,
  raw?: RawRequest,
): Promise<RpcResponse | undefined> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return {
      jsonrpc: '2.0',
      id: null,
      error: { code: rpcErrors.invalidRequest, message: 'Invalid Request: expected an object' },
    };
  }
  const { jsonrpc, id, method, params } = request as Record<string, unknown>;
  const responseId = typeof id === 'string' || typeof id === 'number' ? id : null;
  const isNotification = !('id' in (request as object));
  if (jsonrpc !== '2.0' || typeof method !== 'string') {
    return {
      jsonrpc: '2.0',
      id: responseId,
      error: { code: rpcErrors.invalidRequest, message: 'Invalid Request: needs jsonrpc "2.0" and a method' },
    };
  }
  if (!knownMethods.has(method)) {
    return {
      jsonrpc: '2.0',
      id: responseId,
      error: { code: rpcErrors.methodNotFound, message: `Method not found: ${method}` },
    };
  }
  const parameters =
    typeof params === 'object' && params !== null && !Array.isArray(params)
      ? (params as Record<string, unknown>)
      : {};
  try {
    const result = await callMethod(method, parameters, service, daemon, raw);
    return isNotification ? undefined : { jsonrpc: '2.0', id: responseId, result: result ?? null };
  } catch (error) {
    if (error instanceof ParamsError) {
      return {
        jsonrpc: '2.0',
        id: responseId,
        error: { code: rpcErrors.invalidParams, message: error.message },
      };
    }
    if (VenomError.isInstance(error)) {
      return {
        jsonrpc: '2.0',
        id: responseId,
        error: { code: rpcErrors.application, message: error.message, data: error.toJSON() },
      };
    }
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      daemon.outdated?.();
      return {
        jsonrpc: '2.0',
        id: responseId,
        error: {
          code: rpcErrors.application,
          message:
            'omgd runs an omg whose files changed after it started (updated or rebuilt); it is stopping',
          data: {
            code: outdatedDaemonCode,
            category: 'environment',
            hint: 'Start it again: omg daemon start',
          },
        },
      };
    }
    return {
      jsonrpc: '2.0',
      id: responseId,
      error: {
        code: rpcErrors.application,
        message: `internal error: ${(error as Error).message}`,
        data: { code: 'INTERNAL' },
      },
    };
  }
}

function rawReply(response: RpcResponse, format: unknown, statusFile: string | undefined): RpcReply {
  let head: string;
  let body: string | Buffer;
  const result = response.result;
  if (response.error !== undefined) {
    const data = response.error.data as { code?: string; hint?: string } | undefined;
    const code =
      data?.code ?? (response.error.code === rpcErrors.application ? 'INTERNAL' : 'INVALID_ARGUMENT');
    const hint = data?.hint === undefined ? '' : `\n${data.hint}`;
    head = `error ${code} ${response.error.message.replace(/\n/g, ' ')}${hint}\n`;
    body = '';
  } else if (result instanceof RenderedReply) {
    if (result.headIncluded) return { kind: 'raw', text: result.bytes };
    head = `ok ${result.count}\n`;
    body = result.bytes;
  } else {
    head = `ok ${Array.isArray(result) ? result.length : 1}\n`;
    if (format === 'json') body = `${JSON.stringify(result)}\n`;
    else if (format === 'lines') body = `${(result as string[]).join('\n')}\n`;
    else body = renderSearchText(result as never);
  }
  if (statusFile !== undefined) return { kind: 'raw', text: body, status: { file: statusFile, text: head } };
  return {
    kind: 'raw',
    text: typeof body === 'string' ? `${head}${body}` : Buffer.concat([Buffer.from(head), body]),
  };
}

/** Answers one line received on the socket. */
export async function handleRpcLine(
  line: string,
  service: PackageService,
  daemon: DaemonStatusSource,
): Promise<RpcReply> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return {
      kind: 'json',
      response: { jsonrpc: '2.0', id: null, error: { code: rpcErrors.parse, message: 'Parse error' } },
    };
  }
  if (Array.isArray(request)) {
    if (request.length === 0) {
      return {
        kind: 'json',
        response: {
          jsonrpc: '2.0',
          id: null,
          error: { code: rpcErrors.invalidRequest, message: 'Invalid Request: empty batch' },
        },
      };
    }
    const responses: RpcResponse[] = [];
    for (const item of request) {
      const response = await handleOne(item, service, daemon);
      if (response !== undefined) responses.push(response);
    }
    return { kind: 'json', response: responses.length === 0 ? undefined : responses };
  }
  const params = (request as { params?: { raw?: unknown; format?: unknown; statusFile?: unknown } } | null)
    ?.params;
  if (params?.raw !== true) return { kind: 'json', response: await handleOne(request, service, daemon) };
  const statusFile = params.statusFile;
  if (statusFile !== undefined && (typeof statusFile !== 'string' || !statusFileName.test(statusFile))) {
    const id = (request as { id?: unknown }).id;
    return rawReply(
      {
        jsonrpc: '2.0',
        id: typeof id === 'string' || typeof id === 'number' ? id : null,
        error: {
          code: rpcErrors.invalidParams,
          message: 'params.statusFile must be a name of letters, digits, - and _ (at most 64)',
        },
      },
      params.format,
      undefined,
    );
  }
  const response = await handleOne(request, service, daemon, {
    format: params.format ?? 'text',
    headInline: statusFile === undefined,
  });
  if (response === undefined) return { kind: 'json', response };
  return rawReply(response, params.format, statusFile);
}
