// QEMU's own QAPI tools for `npm run bench` to race against: `scripts/qapi-gen.py`,
// `scripts/qapi/`, `tests/qapi-schema/test-qapi.py` and the `qapi/` schema of one QEMU release.
// Found in the folder named by an environment variable (an unpacked QEMU source tree), else
// in bench's cache, else fetched there from Debian's source package with
// `apt-get source --download-only` when the machine's apt has a deb-src entry that lists it.
// Nothing of QEMU enters the repository: the cache (.cache/qemu-src/) is git-ignored.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** What each release needs: its env variable and the Debian source versions that carry it. */
export const qemuSourceReleases = {
  7.2: { env: 'QAPI_QEMU_SRC_7_2', debianVersion: /^1:7\.2\+/ },
  '10.0': { env: 'QAPI_QEMU_SRC_10_0', debianVersion: /^1:10\.0\.2\+/ },
  10.2: { env: 'QAPI_QEMU_SRC_10_2', debianVersion: /^1:10\.2\.2\+/ },
};

const NEEDED = ['scripts/qapi-gen.py', 'scripts/qapi/main.py', 'tests/qapi-schema/test-qapi.py', 'qapi/qapi-schema.json'];

function complete(dir) {
  return NEEDED.every((file) => existsSync(join(dir, file)));
}

/** bench's cache of QEMU's tools, one folder per release. */
export function qemuSourcesCache(repoRoot) {
  return join(repoRoot, '.cache/qemu-src');
}

/**
 * `{ dir }` of an unpacked QEMU tree with the files above, from the environment variable or
 * the cache, or `{ skipped }` saying why there is none. Never downloads.
 */
export function localQemuSources(release, cacheRoot) {
  const { env } = qemuSourceReleases[release];
  const named = process.env[env];
  if (named !== undefined && named !== '') {
    return complete(named) ? { dir: named, how: `$${env}` } : { skipped: `$${env}=${named} lacks one of ${NEEDED.join(', ')}` };
  }
  const cached = join(cacheRoot, release);
  if (complete(cached)) return { dir: cached, how: 'cache' };
  return {
    skipped: `set $${env} to an unpacked QEMU ${release} source tree, or run npm run bench with a deb-src entry for Debian's qemu ${release}`,
  };
}

/** As localQemuSources, then fetching Debian's source package into the cache. */
export function qemuSources(release, cacheRoot) {
  const local = localQemuSources(release, cacheRoot);
  if (local.dir !== undefined || process.env[qemuSourceReleases[release].env]) return local;
  const { env, debianVersion } = qemuSourceReleases[release];
  const cached = join(cacheRoot, release);

  const showsrc = spawnSync('apt-cache', ['showsrc', 'qemu'], { encoding: 'utf8' });
  if (showsrc.error !== undefined || showsrc.status !== 0) {
    return { skipped: `no apt-cache on this machine; set $${env} to an unpacked QEMU ${release} source tree` };
  }
  const versions = [...showsrc.stdout.matchAll(/^Version: (\S+)$/gm)].map((m) => m[1]).filter((v) => debianVersion.test(v));
  if (versions.length === 0) {
    return {
      skipped: `no deb-src entry of apt lists a qemu ${release} source package; set $${env} to an unpacked QEMU ${release} source tree`,
    };
  }
  const version = versions[0];
  const download = join(cacheRoot, `.download-${release}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  try {
    console.log(`bench: fetching Debian's qemu ${version} source package into ${cacheRoot} (once)`);
    const fetched = spawnSync(
      'apt-get',
      ['source', '--download-only', '-q', '-o', `APT::Sandbox::User=${userInfo().username}`, `qemu=${version}`],
      { cwd: download, encoding: 'utf8' },
    );
    if (fetched.status !== 0) {
      const errors = fetched.stderr
        .split('\n')
        .filter((l) => l.startsWith('E: '))
        .join('; ');
      return {
        skipped: `apt-get source --download-only qemu=${version} failed (${errors}); set $${env} to an unpacked QEMU ${release} source tree`,
      };
    }
    const orig = readdirSync(download).find((name) => /\.orig\.tar\.\w+$/.test(name));
    if (orig === undefined) return { skipped: `Debian's qemu ${version} source package has no .orig tarball` };
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(cached, { recursive: true });
    // Only the QAPI tools and the schema: the whole tree is ten times the size.
    const unpacked = spawnSync(
      'tar',
      [
        '-xf',
        join(download, orig),
        '-C',
        cached,
        '--strip-components=1',
        '--wildcards',
        '*/scripts/qapi-gen.py',
        '*/scripts/qapi/*',
        '*/tests/qapi-schema/test-qapi.py',
        '*/qapi/*',
      ],
      { encoding: 'utf8' },
    );
    if (unpacked.status !== 0 || !complete(cached)) {
      rmSync(cached, { recursive: true, force: true });
      return { skipped: `unpacking ${orig} failed: ${unpacked.stderr.trim()}` };
    }
    return { dir: cached, how: `Debian source package ${version}` };
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}
