/**
 * Docs where users look: no text of a schema's doc comments is lost in the generated package
 * (every section of every doc block of QEMU's QMP schema appears somewhere, compared after
 * flattening comment syntax and whitespace), and the command and event maps carry each
 * command's and event's doc, which an editor shows on hover (TypeScript's quick info,
 * through ts-morph's language service).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QAPIDoc } from '../../../../generator/doc/doc.js';
import { loadSchema } from '../../../../generator/frontend.js';
import { generate } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { STRICT_OPTIONS, memoryReader, writeFiles } from './support.js';

let dir = '';

/** Comment syntax, TSDoc escapes, code-span backticks, `@` of references, headings and whitespace away. */
function flattenGenerated(text: string): string {
  return flatten(text.replace(/^\s*(?:\/\*\*|\*\/|\*|\/\/)[ ]?/gmu, '').replace(/\*\\\//gu, '*/').replace(/\\@/gu, '@'));
}

function flatten(text: string): string {
  return text.replaceAll('`', '').replace(/^=+\s*/gmu, '').replace(/(?<![\w@])@(?=[\w.-])/gu, '').replace(/\s+/gu, ' ').trim();
}

/** Every piece of text of a doc block, with where it came from. */
function docTexts(doc: QAPIDoc): (readonly [where: string, text: string])[] {
  const where = `${doc.info.fname}:${doc.info.line}`;
  const pieces: (readonly [string, string])[] = [[`${where} body`, doc.body.text]];
  for (const [name, section] of doc.args) pieces.push([`${where} @${name}`, section.text]);
  for (const [name, section] of doc.features) pieces.push([`${where} feature ${name}`, section.text]);
  for (const section of doc.sections) pieces.push([`${where} ${section.name ?? 'text'}`, section.text]);
  return pieces.filter(([, text]) => text.trim() !== '');
}

describe('no schema doc text is lost', () => {
  it.each([
    ["QEMU's QMP schema", 'qapi/qapi-schema.json'],
    ["QEMU's doc test schema", 'tests/qapi-schema/doc-good.json'],
  ])('%s', (_, path) => {
    const schema = join(qemuDir(), path);
    const generated = flattenGenerated(generate({ schema }).map((f) => f.content).join('\n'));
    const lost = loadSchema(schema).docs.flatMap(docTexts).filter(([, text]) => !generated.includes(flatten(text)));
    expect(lost.map(([where, text]) => `${where}: ${text.slice(0, 60)}`)).toEqual([]);
  });
});

const PETS = `
##
# @feed-pet:
#
# Feeds a pet.
#
# @name: the pet
#
# Features:
# @deprecated: use @feed-pets.
#
# Returns: the portions left
#
# Since: 1.2
##
{ 'command': 'feed-pet', 'data': { 'name': 'str' }, 'returns': 'int', 'features': [ 'deprecated' ] }

##
# @count-pets:
#
# Counts the pets; takes nothing.
#
# Since: 1.0
##
{ 'command': 'count-pets' }

##
# @PET_FED:
#
# Emitted after a meal.
#
# @name: the pet
#
# Features:
# @unstable: experimental.
#
# Since: 1.2
##
{ 'event': 'PET_FED', 'data': { 'name': 'str' }, 'features': [ 'unstable' ] }

{ 'pragma': { 'command-returns-exceptions': [ 'feed-pet' ] } }
`;

describe('command and event maps carry the docs', () => {
  const consumer = `import type { QmpCommands, QmpEvents } from './pkg/index.js';
import type { QmpHandlersFor } from '../../runtime/index.js';
type Feed = QmpCommands['feed-pet'];
type Count = QmpCommands['count-pets'];
type Fed = QmpEvents['PET_FED'];
export type All = [Feed, Count, Fed];
export const handlers: Partial<QmpHandlersFor<QmpCommands>> = { 'feed-pet': () => 1 };
`;
  let service: ts.LanguageService;
  let consumerPath = '';
  beforeAll(() => {
    mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
    dir = mkdtempSync(join(repoRoot, 'tmp', 'qapi-ts-docs-'));
    writeFiles(join(dir, 'pkg'), generate({ schema: 'pets.json', readFile: memoryReader({ 'pets.json': PETS }) }));
    consumerPath = join(dir, 'consumer.ts');
    writeFileSync(consumerPath, consumer);
    const project = new Project({
      compilerOptions: { ...STRICT_OPTIONS, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 },
    });
    project.addSourceFileAtPath(consumerPath);
    service = project.getLanguageService().compilerObject;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function hover(needle: string, offset = 1): string {
    const info = service.getQuickInfoAtPosition(consumerPath, consumer.indexOf(needle) + offset);
    if (info === undefined) return '';
    const tags = (info.tags ?? []).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim());
    return [ts.displayPartsToString(info.documentation), ...tags].join('\n');
  }

  it("a command's description, returns, deprecation and since", () => {
    expect(hover("['feed-pet'];", 2)).toBe('Feeds a pet.\n@deprecated use `feed-pets`.\n@returns the portions left\n@since 1.2');
    // on a server handler's name too (QmpHandlersFor is mapped over the map's own keys)
    expect(hover("{ 'feed-pet': () => 1 }", 4)).toContain('Feeds a pet.');
  });

  it('a command without arguments keeps its doc', () => {
    expect(hover("['count-pets']", 2)).toBe('Counts the pets; takes nothing.\n@since 1.0');
  });

  it("an event's description, stability and since", () => {
    expect(hover("['PET_FED']", 2)).toBe('Emitted after a meal.\n@experimental experimental.\n@since 1.2');
  });
});
