import { VenomError } from '@venom/core';

/** The fields `type=search` returns for each package (aurweb doc/rpc.txt). */
export interface AurPackage {
  ID: number;
  Name: string;
  PackageBaseID: number;
  PackageBase: string;
  Version: string;
  Description: string | null;
  URL: string | null;
  NumVotes: number;
  Popularity: number;
  OutOfDate: number | null;
  Maintainer: string | null;
  FirstSubmitted: number;
  LastModified: number;
  URLPath: string;
}

/** `type=info` adds the relation lists. */
export interface AurPackageInfo extends AurPackage {
  Depends?: string[];
  MakeDepends?: string[];
  CheckDepends?: string[];
  OptDepends?: string[];
  Conflicts?: string[];
  Provides?: string[];
  Replaces?: string[];
  Groups?: string[];
  License?: string[];
  Keywords?: string[];
}

/** What `search` may match on (`by=`). */
export type AurSearchField =
  | 'name'
  | 'name-desc'
  | 'maintainer'
  | 'depends'
  | 'makedepends'
  | 'optdepends'
  | 'checkdepends'
  /** aurweb 6: packages that provide the name, and the package of that name. */
  | 'provides';

/** Options for {@link createAurClient}. */
export interface AurClientOptions {
  /** Default `https://aur.archlinux.org`. */
  baseUrl?: string;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
  /** Longest request URL; longer info requests are split (aurweb accepts ~4443 bytes). */
  maximumUrlLength?: number;
  /** Per-request timeout, default 15 s. */
  timeoutMs?: number;
}

/** An AUR RPC v5 client. */
export interface AurClient {
  search(term: string, by?: AurSearchField): Promise<AurPackage[]>;
  /** Info for many names, in as few requests as the URL limit allows; unknown names are absent. */
  info(names: readonly string[]): Promise<AurPackageInfo[]>;
  /**
   * The PKGBUILD snapshot of a package base (`/cgit/aur.git/snapshot/<base>.tar.gz`), as bytes.
   * A 404 is AUR_SNAPSHOT_NOT_FOUND; 429 and other failures are upstream errors as for the RPC.
   */
  snapshot(packageBase: string): Promise<Buffer>;
  /** The base URL requests go to (no trailing slash). */
  readonly baseUrl: string;
}

interface RpcResponse<T> {
  version: number;
  type: string;
  resultcount: number;
  results: T[];
  error?: string;
}

/**
 * Creates an AUR RPC v5 client (`/rpc/v5/search/{arg}?by=`, `/rpc/v5/info?arg[]=`). A 429 is
 * AUR_RATE_LIMITED with the Retry-After in the hint; other HTTP failures, an RPC `error` result and
 * malformed JSON are AUR_ERROR; all are `upstream` errors (exit 4). Searches need two characters.
 */
export function createAurClient(options: AurClientOptions = {}): AurClient {
  const baseUrl = (options.baseUrl ?? 'https://aur.archlinux.org').replace(/\/+$/, '');
  const fetchFunction = options.fetch ?? fetch;
  const maximumUrlLength = options.maximumUrlLength ?? 4400;

  async function send(url: string, accept: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFunction(url, {
        headers: { accept, 'user-agent': 'omg' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new VenomError({
        code: 'AUR_UNREACHABLE',
        category: 'upstream',
        message: `cannot reach the AUR at ${baseUrl}: ${(error as Error).message}`,
        hint: 'Check the network, or point OMG_AUR_URL at a mirror.',
        details: { url },
        cause: error,
      });
    }
    if (response.status === 429) {
      const retryAfter = response.headers.get('retry-after');
      throw new VenomError({
        code: 'AUR_RATE_LIMITED',
        category: 'upstream',
        message: `the AUR refused the request: rate limited (HTTP 429)${retryAfter === null ? '' : `, retry after ${retryAfter} s`}`,
        hint: 'The AUR allows about 4000 requests a day per address; wait, or use the offline metadata index.',
        details: { url, ...(retryAfter === null ? {} : { retryAfter }) },
      });
    }
    return response;
  }

  async function request<T>(url: string): Promise<RpcResponse<T>> {
    const response = await send(url, 'application/json');
    const text = await response.text();
    let body: RpcResponse<T>;
    try {
      body = JSON.parse(text) as RpcResponse<T>;
    } catch (error) {
      throw new VenomError({
        code: 'AUR_ERROR',
        category: 'upstream',
        message: `the AUR answered HTTP ${response.status} with something that is not JSON`,
        details: { url, status: response.status },
        cause: error,
      });
    }
    if (body.type === 'error' || !response.ok) {
      throw new VenomError({
        code: 'AUR_ERROR',
        category: 'upstream',
        message: `the AUR answered an error: ${body.error ?? `HTTP ${response.status}`}`,
        details: { url, status: response.status },
      });
    }
    return body;
  }

  return {
    baseUrl,
    async snapshot(packageBase) {
      const url = `${baseUrl}/cgit/aur.git/snapshot/${encodeURIComponent(packageBase)}.tar.gz`;
      const response = await send(url, 'application/gzip, application/octet-stream');
      if (response.status === 404) {
        throw new VenomError({
          code: 'AUR_SNAPSHOT_NOT_FOUND',
          category: 'upstream',
          message: `the AUR has no snapshot for package base '${packageBase}' (HTTP 404)`,
          details: { url, status: 404 },
        });
      }
      if (!response.ok) {
        throw new VenomError({
          code: 'AUR_ERROR',
          category: 'upstream',
          message: `the AUR answered HTTP ${response.status} for the snapshot of '${packageBase}'`,
          ...(response.status >= 500 ? { hint: 'The AUR is failing; try again later.' } : {}),
          details: { url, status: response.status },
        });
      }
      return Buffer.from(await response.arrayBuffer());
    },
    async search(term, by = 'name-desc') {
      if (term.length < 2) {
        throw new VenomError({
          code: 'AUR_QUERY_TOO_SHORT',
          category: 'usage',
          message: `AUR searches need at least 2 characters, got '${term}'`,
        });
      }
      const body = await request<AurPackage>(`${baseUrl}/rpc/v5/search/${encodeURIComponent(term)}?by=${by}`);
      return body.results;
    },
    async info(names) {
      const results: AurPackageInfo[] = [];
      let batch: string[] = [];
      const base = `${baseUrl}/rpc/v5/info?`;
      const urlFor = (items: string[]): string =>
        base + items.map((name) => `arg[]=${encodeURIComponent(name)}`).join('&');
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        results.push(...(await request<AurPackageInfo>(urlFor(batch))).results);
        batch = [];
      };
      for (const name of names) {
        if (batch.length > 0 && urlFor([...batch, name]).length > maximumUrlLength) await flush();
        batch.push(name);
      }
      await flush();
      return results;
    },
  };
}
