import { describe, expect, it } from 'vitest';
import { resolveBuildUser } from './build-aur-package.js';

const env = { PATH: process.env.PATH };

describe('build user', () => {
  it('needs none when not root', async () => {
    await expect(resolveBuildUser({ uid: 1000, env })).resolves.toBeUndefined();
  });

  it('as root requires an existing non-root account from the option or OMG_BUILD_USER', async () => {
    await expect(resolveBuildUser({ uid: 0, env })).rejects.toMatchObject({
      code: 'AUR_BUILD_USER_REQUIRED',
      category: 'environment',
    });
    await expect(resolveBuildUser({ uid: 0, buildUser: 'no-such-user-omg', env })).rejects.toMatchObject({
      code: 'AUR_BUILD_USER_UNKNOWN',
    });
    await expect(resolveBuildUser({ uid: 0, buildUser: 'root', env })).rejects.toMatchObject({
      code: 'AUR_BUILD_USER_ROOT',
    });
    await expect(
      resolveBuildUser({ uid: 0, env: { ...env, OMG_BUILD_USER: 'nobody' } }),
    ).resolves.toMatchObject({
      name: 'nobody',
      uid: expect.any(Number),
    });
  });
});
