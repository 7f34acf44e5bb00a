/**
 * `qapi-ts generate` owns exactly the files it wrote in its output folder: every case of
 * issue 12 where it used to delete or overwrite others' files, run in-process as users run it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli as run } from './support.js';
import { repoRoot } from '../support/qemu-dir.js';

/** Every file below `folder` (symlinks not followed) with its content: what must not change. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files[join(entry.parentPath, entry.name).slice(folder.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

const PETS =
  "{ 'include': 'sub/toys.json' }\n{ 'struct': 'Pet', 'data': { 'name': 'str', 'toy': 'Toy' } }\n{ 'command': 'feed-pet', 'data': { 'name': 'str' } }\n";
const PETS_WITHOUT_TOYS = "{ 'struct': 'Pet', 'data': { 'name': 'str' } }\n{ 'command': 'feed-pet', 'data': { 'name': 'str' } }\n";

let dir = '';
let cwd = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qapi-ts-output-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'pets.json'), PETS);
  writeFileSync(join(dir, 'sub/toys.json'), "{ 'enum': 'Toy', 'data': [ 'ball', 'bone' ] }\n");
  writeFileSync(join(dir, 'qga.json'), "{ 'command': 'guest-ping' }\n{ 'enum': 'GuestOs', 'data': [ 'linux' ] }\n");
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

/** Generates pets.json into `out` twice: as it is, then without sub/toys.json (a removal). */
async function generatePetsTwice(out: string): Promise<void> {
  expect(await run('generate', 'pets.json', '-o', out)).toMatchObject({ code: 0, stderr: '' });
  writeFileSync(join(dir, 'pets.json'), PETS_WITHOUT_TOYS);
  expect(await run('generate', 'pets.json', '-o', out)).toMatchObject({ code: 0, stderr: '' });
  expect(existsSync(join(dir, out, 'sub/toys.ts'))).toBe(false);
}

describe('generate never touches files it did not write', () => {
  it('a package generated into a sub-folder (gen/qga), with or without its own manifest', async () => {
    expect((await run('generate', 'qga.json', '-o', 'gen/qga')).code).toBe(0);
    const qga = snapshot(join(dir, 'gen/qga'));
    expect(Object.keys(qga)).toContain('index.ts');
    await generatePetsTwice('gen');
    expect(snapshot(join(dir, 'gen/qga'))).toEqual(qga);
    // An older qapi-ts left no manifest there: still not ours.
    rmSync(join(dir, 'gen/qga/.qapi-ts-manifest.json'));
    writeFileSync(join(dir, 'pets.json'), PETS);
    await generatePetsTwice('gen');
    expect(snapshot(join(dir, 'gen/qga'))).toEqual(Object.fromEntries(Object.entries(qga).filter(([p]) => p !== '.qapi-ts-manifest.json')));
  });

  it("-o src beside src/qmp, src/qga and the user's own sources", async () => {
    expect((await run('generate', 'qga.json', '-o', 'src/qga')).code).toBe(0);
    cpSync(join(repoRoot, 'generated'), join(dir, 'src/qmp'), { recursive: true });
    rmSync(join(dir, 'src/qmp/.qapi-ts-manifest.json'));
    writeFileSync(join(dir, 'src/main.ts'), "import { qmpCommands } from './qmp/index.js';\n");
    const before = snapshot(join(dir, 'src'));
    await generatePetsTwice('src');
    const after = snapshot(join(dir, 'src'));
    for (const [path, content] of Object.entries(before)) expect(after[path], path).toBe(content);
    expect(after['pets.ts']).toContain('export interface Pet {');
  });

  it("-o . beside node_modules holding qapi-ts's own generated files", async () => {
    cpSync(join(repoRoot, 'generated'), join(dir, 'node_modules/qapi-ts/generated'), { recursive: true });
    const modules = snapshot(join(dir, 'node_modules'));
    await generatePetsTwice('.');
    expect(snapshot(join(dir, 'node_modules'))).toEqual(modules);
    expect(readFileSync(join(dir, 'pets.ts'), 'utf8')).toContain('export interface Pet {');
    expect(readFileSync(join(dir, 'pets.json'), 'utf8')).toBe(PETS_WITHOUT_TOYS);
  });

  it('a symlink in the output folder leading to a generated package elsewhere', async () => {
    expect((await run('generate', 'qga.json', '-o', 'elsewhere')).code).toBe(0);
    const elsewhere = snapshot(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out/linked'));
    await generatePetsTwice('out');
    expect(snapshot(join(dir, 'elsewhere'))).toEqual(elsewhere);
  });

  it('refuses to write through a symlinked sub-folder, and changes nothing', async () => {
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out/sub'));
    const result = await run('generate', 'pets.json', '-o', 'out');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'qapi-ts: out/sub: is a symbolic link; qapi-ts generate does not write through links below its output folder\n',
    });
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]);
    expect(readdirSync(join(dir, 'out'))).toEqual(['sub']);
  });

  it('refuses to remove a file it owns once its folder is replaced by a symlink', async () => {
    expect((await run('generate', 'pets.json', '-o', 'out')).code).toBe(0);
    cpSync(join(dir, 'out/sub'), join(dir, 'elsewhere'), { recursive: true });
    rmSync(join(dir, 'out/sub'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out/sub'));
    writeFileSync(join(dir, 'pets.json'), PETS_WITHOUT_TOYS);
    const result = await run('generate', 'pets.json', '-o', 'out');
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/^qapi-ts: out\/sub: is a symbolic link;[^\n]*\n$/u) });
    expect(existsSync(join(dir, 'elsewhere/toys.ts'))).toBe(true);
  });

  it('refuses a name it must write that holds a file it did not write, naming it, and writes nothing', async () => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/pets.ts'), '// my own pets\n');
    writeFileSync(join(dir, 'out/index.ts'), "export * from './pets.js';\n");
    const result = await run('generate', 'pets.json', '-o', 'out');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'qapi-ts: out: refusing to overwrite 2 files qapi-ts generate did not write (not in its .qapi-ts-manifest.json): ' +
        'out/pets.ts, out/index.ts; move them away or generate into another folder\n',
    });
    expect(snapshot(join(dir, 'out'))).toEqual({ 'pets.ts': '// my own pets\n', 'index.ts': "export * from './pets.js';\n" });
    expect(await run('generate', 'pets.json', '-o', 'out', '--check')).toMatchObject({ code: 1, stderr: result.stderr });
  });

  it("also refuses a file of its own manifest's folder that is not listed there", async () => {
    expect((await run('generate', 'pets.json', '-o', 'out')).code).toBe(0);
    writeFileSync(join(dir, 'pets.json'), `${PETS}{ 'include': 'more.json' }\n`);
    writeFileSync(join(dir, 'more.json'), "{ 'enum': 'More', 'data': [ 'x' ] }\n");
    const header = readFileSync(join(dir, 'out/pets.ts'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'out/more.ts'), `${header}\n// but written by hand\n`);
    expect(await run('generate', 'pets.json', '-o', 'out')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('out/more.ts; move it away'),
    });
  });

  it('adopts an output written before manifests (its header, at the names it writes), and nothing else', async () => {
    expect((await run('generate', 'pets.json', '-o', 'out')).code).toBe(0);
    rmSync(join(dir, 'out/.qapi-ts-manifest.json'));
    const header = readFileSync(join(dir, 'out/pets.ts'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'out/pets.ts'), `${header}\n// an older version\n`);
    writeFileSync(join(dir, 'out/old.ts'), `${header}\n// no longer generated\n`);
    expect(await run('generate', 'pets.json', '-o', 'out')).toMatchObject({ code: 0, stdout: 'out: 1 written, 7 unchanged\n' });
    expect(readFileSync(join(dir, 'out/pets.ts'), 'utf8')).toContain('export interface Pet {');
    expect(existsSync(join(dir, 'out/old.ts'))).toBe(true);
  });

  it('removes a file it no longer generates only while it holds what was written', async () => {
    expect((await run('generate', 'pets.json', '-o', 'out')).code).toBe(0);
    writeFileSync(join(dir, 'out/sub/toys.ts'), '// my notes\n', { flag: 'a' });
    writeFileSync(join(dir, 'pets.json'), PETS_WITHOUT_TOYS);
    const result = await run('generate', 'pets.json', '-o', 'out');
    expect(result.stdout).toMatch(
      /^out: \d+ written, \d+ unchanged; left alone, edited since generated and no longer generated: out\/sub\/toys\.ts\n$/u,
    );
    expect(readFileSync(join(dir, 'out/sub/toys.ts'), 'utf8')).toContain('// my notes');
    // No longer in the manifest: never touched again.
    expect((await run('generate', 'pets.json', '-o', 'out')).stdout).toMatch(/^out: 0 written, \d+ unchanged\n$/u);
  });
});

describe('generate writes all at once', () => {
  it('a write failing in the middle: one line naming the path and the reason, exit 1, previous output untouched', async () => {
    expect((await run('generate', 'pets.json', '-o', 'out')).code).toBe(0);
    const before = snapshot(join(dir, 'out'));
    writeFileSync(join(dir, 'pets.json'), `${PETS}{ 'struct': 'Cat', 'data': { 'lives': 'int' } }\n`);
    // A folder where the temporary of pets.ts goes makes that one write fail for real (EISDIR),
    // after the temporaries of the files before it were written.
    const blocker = join(dir, `out/.pets.ts.${process.pid}.tmp`);
    mkdirSync(blocker);
    const result = await run('generate', 'pets.json', '-o', 'out');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'qapi-ts: out/pets.ts: cannot write: EISDIR: illegal operation on a directory\n',
    });
    rmSync(blocker, { recursive: true });
    expect(snapshot(join(dir, 'out'))).toEqual(before);
    expect(readdirSync(join(dir, 'out'), { recursive: true }).filter((name) => String(name).endsWith('.tmp'))).toEqual([]);
    expect(await run('generate', 'pets.json', '-o', 'out')).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'out/pets.ts'), 'utf8')).toContain('export interface Cat {');
  });

  it('an output path that is a file: one line, exit 1', async () => {
    writeFileSync(join(dir, 'out'), 'a file');
    expect(await run('generate', 'pets.json', '-o', 'out')).toEqual({ code: 1, stdout: '', stderr: 'qapi-ts: out: is not a folder\n' });
  });
});
