/** `--qemu VERSION` and the config's `qemu`: which QEMU release's dialect a command reads in. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { qemuDir, repoRoot } from '../support/qemu-dir.js';

// Valid in QEMU 10.0 only: 7.2 knows no pragma documentation-exceptions.
const SCHEMA_10_0 = `{ 'pragma': { 'documentation-exceptions': [ 'Stru' ] } }
##
# @Stru:
#
# Since: 10.0
##
{ 'struct': 'Stru', 'data': { 'a': 'int' } }
`;
// Valid in QEMU 7.2 only: 10.0 wants every member documented.
const SCHEMA_7_2 = `##
# @Stru:
#
# Since: 7.2
##
{ 'struct': 'Stru', 'data': { 'a': 'int' } }
`;
const UNSUPPORTED = "unknown QEMU version '9.1' (supported: 7.2, 10.0, 10.2)";

let dir = '';
let cwd = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-qemu-'));
  writeFileSync(join(dir, 'ten.json'), SCHEMA_10_0);
  writeFileSync(join(dir, 'seven.json'), SCHEMA_7_2);
  writeFileSync(join(dir, 'bad.json'), "{ 'struct': 'Stru', 'data': { 'a': 'Nope' } }\n");
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('--qemu on dump and introspect', () => {
  it('reads in QEMU 10.0 by default, 7.2 when asked', async () => {
    const ten = await run('dump', 'ten.json');
    expect(ten).toMatchObject({ code: 0, stderr: '' });
    expect(ten.stdout).toContain('enum QType\n    member none\n');
    expect(ten.stdout).toContain('    arg=a\n\n    section=Since\n10.0\n');
    expect(await run('dump', '--qemu', '10.0', 'ten.json')).toEqual(ten);
    const seven = await run('dump', '--qemu', '7.2', 'seven.json');
    expect(seven).toMatchObject({ code: 0, stderr: '' });
    expect(seven.stdout).toContain('enum QType\n    prefix QTYPE\n');
  });

  it("prints QEMU's message, then which --qemu reads the schema, when another release would", async () => {
    expect(await run('dump', 'seven.json')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "seven.json: In struct 'Stru':\nseven.json:6: member 'a' lacks documentation\n(this schema reads without error as QEMU 7.2's dialect: use --qemu 7.2)\n",
    });
    expect((await run('dump', '--qemu', '7.2', 'ten.json')).stderr).toBe(
      "ten.json:1: unknown pragma 'documentation-exceptions'\n(this schema reads without error as QEMU 10.0's dialect: use --qemu 10.0)\n",
    );
    expect((await run('introspect', 'seven.json')).stderr).toContain('use --qemu 7.2');
  });

  it('gives no hint when no release reads the schema', async () => {
    expect(await run('dump', 'bad.json')).toEqual({
      code: 1,
      stdout: '',
      stderr: "bad.json: In struct 'Stru':\nbad.json:1: member 'a' uses unknown type 'Nope'\n",
    });
  });

  it('rejects an unknown version, naming the supported ones', async () => {
    expect(await run('dump', '--qemu', '9.1', 'ten.json')).toEqual({ code: 1, stdout: '', stderr: `qapi-ts: ${UNSUPPORTED}\n` });
    expect(await run('introspect', '--qemu', '9.1', 'ten.json')).toEqual({ code: 1, stdout: '', stderr: `qapi-ts: ${UNSUPPORTED}\n` });
  });

  it("reads the project's own schema (QEMU 7.2's job.json) in both dialects", async () => {
    const shipped = join(repoRoot, 'qapi/qapi-schema.json');
    expect((await run('dump', '--qemu', '7.2', shipped)).code).toBe(0);
    expect((await run('dump', '--qemu', '10.0', shipped)).code).toBe(0);
  });

  it("introspects QEMU 10.0's test schema in its dialect", async () => {
    const schema = join(qemuDir('10.0'), 'tests/qapi-schema/qapi-schema-test.json');
    expect((await run('introspect', schema)).code).toBe(0);
    expect((await run('introspect', '--qemu', '7.2', schema)).code).toBe(1);
  });
});

describe('--qemu and the config key on generate', () => {
  it("takes the release from the config's qemu, and the flag over it", async () => {
    writeFileSync('qapi.config.json5', "{ schema: 'seven.json', output: 'out', qemu: '7.2' }");
    expect(await run('generate')).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(dir, 'out/seven.ts'), 'utf8')).toContain('export interface Stru {');
    expect((await run('generate', '--qemu', '10.0')).stderr).toContain("member 'a' lacks documentation\n(this schema reads");
    writeFileSync('qapi.config.json5', "{ schema: 'ten.json', output: 'out' }");
    expect(await run('generate')).toMatchObject({ code: 0, stderr: '' });
  });

  it('rejects an unknown version in the config or the flag', async () => {
    writeFileSync('qapi.config.json5', "{ schema: 'ten.json', output: 'out', qemu: '9.1' }");
    expect(await run('generate')).toEqual({
      code: 1,
      stdout: '',
      stderr: `qapi-ts: ${join(dir, 'qapi.config.json5')}: 'qemu' must be one of '7.2', '10.0', '10.2'\n`,
    });
    writeFileSync('qapi.config.json5', "{ schema: 'ten.json', output: 'out' }");
    expect(await run('generate', '--qemu', '9.1')).toEqual({ code: 1, stdout: '', stderr: `qapi-ts: ${UNSUPPORTED}\n` });
  });
});

describe('--qemu on serve', () => {
  it('rejects an unknown version before listening', async () => {
    expect(await run('serve', '--socket', join(dir, 'q.sock'), '--qemu', '9.1')).toEqual({
      code: 1,
      stdout: '',
      stderr: `qapi-ts: ${UNSUPPORTED}\n`,
    });
  });
});
