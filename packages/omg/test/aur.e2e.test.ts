import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOmgHome, runOmg } from './run-omg.js';

const results = [
  {
    ID: 1,
    Name: 'yay',
    PackageBaseID: 1,
    PackageBase: 'yay',
    Version: '12.3.5-1',
    Description: 'Yet another yogurt. Pacman wrapper and AUR helper written in go.',
    URL: null,
    NumVotes: 10,
    Popularity: 5,
    OutOfDate: null,
    Maintainer: 'jguer',
    FirstSubmitted: 1,
    LastModified: 2,
    URLPath: '/x',
  },
  {
    ID: 2,
    Name: 'yay-bin',
    PackageBaseID: 2,
    PackageBase: 'yay-bin',
    Version: '12.3.5-1',
    Description: 'Yet another yogurt (binary)',
    URL: null,
    NumVotes: 3,
    Popularity: 1,
    OutOfDate: null,
    Maintainer: 'jguer',
    FirstSubmitted: 1,
    LastModified: 2,
    URLPath: '/y',
  },
];
let rateLimited = false;
const server = createServer((request, response) => {
  if (rateLimited) {
    response.writeHead(429, { 'retry-after': '60' });
    response.end();
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const type = url.pathname.startsWith('/rpc/v5/search/') ? 'search' : 'multiinfo';
  const chosen =
    type === 'search'
      ? results
      : results.filter((item) => url.searchParams.getAll('arg[]').includes(item.Name));
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ version: 5, type, resultcount: chosen.length, results: chosen }));
});
let aurUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  aurUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('omg aur', () => {
  it('searches with every term required and ranks exact names first', async () => {
    const { env } = createOmgHome();
    const search = await runOmg(['aur', 'search', 'yay', '--json'], { ...env, OMG_AUR_URL: aurUrl });
    expect(search.exitCode, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).map((entry: { name: string }) => entry.name)).toEqual([
      'yay',
      'yay-bin',
    ]);
    const both = await runOmg(['aur', 'search', 'yay', 'binary', '--json'], { ...env, OMG_AUR_URL: aurUrl });
    expect(JSON.parse(both.stdout)).toEqual([
      {
        name: 'yay-bin',
        version: '12.3.5-1',
        repository: 'aur',
        installed: false,
        description: 'Yet another yogurt (binary)',
      },
    ]);
  });

  it('reports names the AUR does not know, and a 429 as an upstream error', async () => {
    const { env } = createOmgHome();
    const info = await runOmg(['aur', 'info', 'yay', 'nope', '--json'], { ...env, OMG_AUR_URL: aurUrl });
    expect(info.exitCode).toBe(1);
    expect(JSON.parse(info.stdout)).toMatchObject({ packages: [{ Name: 'yay' }], missing: ['nope'] });
    rateLimited = true;
    const limited = await runOmg(['aur', 'search', 'yay'], { ...env, OMG_AUR_URL: aurUrl });
    rateLimited = false;
    expect(limited.exitCode).toBe(4);
    expect(limited.stderr).toContain('retry after 60 s');
  });
});
