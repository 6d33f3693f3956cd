import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAurClient } from './create-aur-client.js';

const packages = [
  {
    ID: 1,
    Name: 'yay',
    PackageBaseID: 1,
    PackageBase: 'yay',
    Version: '12.3.5-1',
    Description: 'Yet another yogurt',
    URL: null,
    NumVotes: 10,
    Popularity: 5,
    OutOfDate: null,
    Maintainer: 'jguer',
    FirstSubmitted: 1,
    LastModified: 2,
    URLPath: '/cgit/aur.git/snapshot/yay.tar.gz',
    Depends: ['pacman>6.1', 'git'],
  },
  {
    ID: 2,
    Name: 'paru',
    PackageBaseID: 2,
    PackageBase: 'paru',
    Version: '2.0.3-1',
    Description: 'Feature packed AUR helper',
    URL: null,
    NumVotes: 9,
    Popularity: 4,
    OutOfDate: null,
    Maintainer: 'morganamilo',
    FirstSubmitted: 1,
    LastModified: 2,
    URLPath: '/cgit/aur.git/snapshot/paru.tar.gz',
  },
];

// A fake aurweb speaking RPC v5 on 127.0.0.1:0.
const requests: string[] = [];
let mode: 'ok' | 'rate-limited' | 'error' | 'garbage' = 'ok';
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  requests.push(request.url ?? '');
  const url = new URL(request.url ?? '/', 'http://localhost');
  const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (mode === 'rate-limited') return send(429, { error: 'Rate limit reached' }, { 'retry-after': '30' });
  if (mode === 'garbage') return send(502, '<html>bad gateway</html>');
  if (mode === 'error')
    return send(200, {
      version: 5,
      type: 'error',
      resultcount: 0,
      results: [],
      error: 'Too many package results.',
    });
  if (url.pathname.startsWith('/rpc/v5/search/')) {
    const term = decodeURIComponent(url.pathname.slice('/rpc/v5/search/'.length));
    const by = url.searchParams.get('by');
    const results = packages
      .filter((item) =>
        by === 'maintainer'
          ? item.Maintainer === term
          : item.Name.includes(term) || (by !== 'name' && item.Description.toLowerCase().includes(term)),
      )
      .map(({ Depends: _depends, ...rest }) => rest);
    return send(200, { version: 5, type: 'search', resultcount: results.length, results });
  }
  if (url.pathname === '/rpc/v5/info') {
    const names = url.searchParams.getAll('arg[]');
    const results = packages.filter((item) => names.includes(item.Name));
    return send(200, { version: 5, type: 'multiinfo', resultcount: results.length, results });
  }
  send(404, { error: 'not found' });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('AUR RPC v5 client', () => {
  it('searches by name-desc (default), name and maintainer', async () => {
    mode = 'ok';
    const client = createAurClient({ baseUrl });
    expect((await client.search('helper')).map((item) => item.Name)).toEqual(['paru']);
    expect(await client.search('helper', 'name')).toEqual([]);
    expect((await client.search('jguer', 'maintainer')).map((item) => item.Name)).toEqual(['yay']);
    expect(requests.at(-1)).toBe('/rpc/v5/search/jguer?by=maintainer');
  });

  it('gets info for many names, splitting requests at the URL limit', async () => {
    mode = 'ok';
    requests.length = 0;
    const client = createAurClient({ baseUrl, maximumUrlLength: baseUrl.length + 40 });
    const infos = await client.info(['yay', 'paru', 'missing']);
    expect(infos.map((item) => [item.Name, item.Depends ?? []])).toEqual([
      ['yay', ['pacman>6.1', 'git']],
      ['paru', []],
    ]);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('reports 429 with the retry delay, RPC errors and non-JSON answers as upstream errors', async () => {
    const client = createAurClient({ baseUrl });
    mode = 'rate-limited';
    await expect(client.search('yay')).rejects.toMatchObject({
      code: 'AUR_RATE_LIMITED',
      category: 'upstream',
      details: { retryAfter: '30' },
    });
    mode = 'error';
    await expect(client.search('yay')).rejects.toMatchObject({
      code: 'AUR_ERROR',
      message: expect.stringContaining('Too many package results'),
    });
    mode = 'garbage';
    await expect(client.info(['yay'])).rejects.toMatchObject({
      code: 'AUR_ERROR',
      message: expect.stringContaining('HTTP 502'),
    });
    mode = 'ok';
  });

  it('refuses one-character searches and reports an unreachable AUR', async () => {
    await expect(createAurClient({ baseUrl }).search('y')).rejects.toMatchObject({
      code: 'AUR_QUERY_TOO_SHORT',
    });
    await expect(createAurClient({ baseUrl: 'http://127.0.0.1:1' }).search('yay')).rejects.toMatchObject({
      code: 'AUR_UNREACHABLE',
    });
  });
});
