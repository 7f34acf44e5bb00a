/** The programmatic generator API (`qapi-ts/generator`): its error type, what it carries, and that the CLI prints the same text. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { generate, QAPIError } from '../../generator/generate.js';

function schemaDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qapi-generate-api-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function thrownBy(schema: string): QAPIError {
  try {
    generate({ schema });
  } catch (error) {
    if (error instanceof QAPIError) return error;
    throw error;
  }
  throw new Error('generate() did not throw');
}

async function cliError(schema: string): Promise<{ code: number; err: string }> {
  let err = '';
  const out = join(mkdtempSync(join(tmpdir(), 'qapi-generate-api-out-')), 'out');
  const code = await main(['generate', schema, '-o', out], { stdout: () => undefined, stderr: (t) => void (err += t) });
  return { code, err };
}

describe('generate() errors', () => {
  it("a parse error in an included file: file, line, column, and the CLI's exact text as message", async () => {
    const dir = schemaDir({
      'main.json': "{ 'include': 'sub.json' }\n",
      'sub.json': "# a comment\n{ 'struct': 'Foo', 'data': { 'a': @ } }\n",
    });
    const main_ = join(dir, 'main.json');
    const error = thrownBy(main_);
    const expected = `In file included from ${main_}:1:\n${join(dir, 'sub.json')}:2:35: stray '@'`;
    expect({ file: error.file, line: error.line, column: error.column, message: error.message, name: error.name }).toEqual({
      file: join(dir, 'sub.json'),
      line: 2,
      column: 35,
      message: expected,
      name: 'QAPIError',
    });
    expect(error.render()).toBe(expected);
    expect(error.stack).toMatch(/^QAPIError: In file included from /u);
    expect(await cliError(main_)).toEqual({ code: 1, err: `${expected}\n` });
  });

  it('a semantic error: no column, the definition as context', async () => {
    const dir = schemaDir({ 'pets.json': "{ 'struct': 'Pet',\n  'data': { 'name': 'str', 'owner': 'Person' } }\n" });
    const schema = join(dir, 'pets.json');
    const error = thrownBy(schema);
    const expected = `${schema}: In struct 'Pet':\n${schema}:1: member 'owner' uses unknown type 'Person'`;
    expect({ file: error.file, line: error.line, column: error.column, message: error.message }).toEqual({
      file: schema,
      line: 1,
      column: undefined,
      message: expected,
    });
    expect(await cliError(schema)).toEqual({ code: 1, err: `${expected}\n` });
  });

  it('a schema file that cannot be read: no location', async () => {
    const schema = join(tmpdir(), 'qapi-no-such-dir', 'nope.json');
    const error = thrownBy(schema);
    const expected = `can't read schema file '${schema}': No such file or directory`;
    expect({ file: error.file, line: error.line, column: error.column, message: error.message }).toEqual({
      file: undefined,
      line: undefined,
      column: undefined,
      message: expected,
    });
    expect(await cliError(schema)).toEqual({ code: 1, err: `${expected}\n` });
  });
});
