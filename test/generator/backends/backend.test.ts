import { describe, expect, it } from 'vitest';
import type { Backend, BackendOutput, CommonBackendOptions } from '../../../generator/backends/backend.js';
import { dumpBackend } from '../../../generator/backends/dump/dump.js';
import { introspectBackend } from '../../../generator/backends/introspect/introspect.js';
import { javascriptBackend } from '../../../generator/backends/javascript/emit.js';
import { typescriptBackend } from '../../../generator/backends/typescript/backend.js';
import { validationBackend } from '../../../generator/backends/validation/index.js';
import { load } from '../schema/load.js';

const SCHEMA = `
{ 'struct': 'Always', 'data': { 'kept': 'int' } }
{ 'command': 'always', 'data': 'Always' }
{ 'command': 'only-with-x', 'if': 'CONFIG_X' }
{ 'command': 'only-without-x', 'if': { 'not': 'CONFIG_X' } }
`;

/** Everything a back end outputs, as one string. */
function outputOf(backend: Backend, options: CommonBackendOptions): string {
  const output: BackendOutput = backend.generate(load(SCHEMA), options);
  if (output.kind === 'files') return output.files.map((f) => `${f.path}\n${f.content}`).join('\n');
  let text = '';
  output.write((chunk) => (text += chunk));
  return text;
}

const DROPPING: readonly Backend[] = [introspectBackend, validationBackend, typescriptBackend];

describe('the back-end contract', () => {
  it('names each back end once', () => {
    const names = [dumpBackend, javascriptBackend, ...DROPPING].map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(DROPPING.map((b) => [b.name, b] as const))('%s: no symbol defined keeps every item', (_name, backend) => {
    const text = outputOf(backend, { defines: [] });
    expect(text).toContain('only-with-x');
    expect(text).toContain('only-without-x');
  });

  it.each(DROPPING.map((b) => [b.name, b] as const))('%s: defined symbols drop what their conditions exclude', (_name, backend) => {
    const withX = outputOf(backend, { defines: ['CONFIG_X'] });
    expect(withX).toContain('only-with-x');
    expect(withX).not.toContain('only-without-x');
    const withY = outputOf(backend, { defines: ['CONFIG_Y'] });
    expect(withY).not.toContain('only-with-x');
    expect(withY).toContain('only-without-x');
  });

  it('dump prints every condition as written, whatever is defined', () => {
    const text = outputOf(dumpBackend, { defines: ['CONFIG_Y'] });
    expect(text).toContain(
      'command only-with-x None -> None\n    gen=True success_response=True boxed=False oob=False preconfig=False\n    if CONFIG_X',
    );
    expect(text).toContain("if {'not': 'CONFIG_X'}");
  });

  it('javascript compiles what typescript prints', () => {
    const options = { defines: [] };
    const ts = typescriptBackend.generate(load(SCHEMA), options).files.map((f) => f.path.replace(/\.ts$/, ''));
    const js = javascriptBackend.generate(load(SCHEMA), options).files.map((f) => f.path);
    expect(js).toEqual(ts.flatMap((base) => [`${base}.js`, `${base}.d.ts`]));
    expect(js.length).toBeGreaterThan(2);
  });

  it('introspect masks type names unless unmask is set', () => {
    expect(outputOf(introspectBackend, { defines: [] })).not.toContain('"Always"');
    expect(outputOf(introspectBackend, { defines: [], unmask: true })).toContain('"name":"Always"');
  });
});
