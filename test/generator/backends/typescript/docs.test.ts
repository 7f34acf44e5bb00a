/**
 * Docs where users look: no text of a schema's doc comments is lost in the generated package
 * (every line of every section of every doc block of QEMU's schemas appears somewhere, as
 * words), and the command and event maps carry each
 * command's and event's doc, which an editor shows on hover (TypeScript's quick info,
 * through ts-morph's language service).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QAPIDoc } from '../../../../generator/doc/doc.js';
import { dialectFor } from '../../../../generator/dialect/select.js';
import { loadSchema } from '../../../../generator/frontend.js';
import { generate } from '../../../../generator/generate.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';
import { STRICT_OPTIONS, memoryReader, writeFiles } from './support.js';

let dir = '';

/** Every piece of text of a doc block, with where it came from. */
function docTexts(doc: QAPIDoc): (readonly [where: string, text: string])[] {
  const where = `${doc.info.fname}:${doc.info.line}`;
  const pieces: (readonly [string, string])[] = [[`${where} body`, doc.body.text]];
  for (const [name, section] of doc.args) pieces.push([`${where} @${name}`, section.text]);
  for (const [name, section] of doc.features) pieces.push([`${where} feature ${name}`, section.text]);
  for (const section of doc.sections) pieces.push([`${where} ${section.name ?? 'text'}`, section.text]);
  return pieces.filter(([, text]) => text.trim() !== '');
}

/**
 * Text as its words, lower-cased: what must survive the generator's rewriting (comment syntax,
 * `@name` as code spans, rST made Markdown). rST's directive and option markers are markup,
 * not text, and are left out.
 */
function words(text: string): string {
  return (
    text
      .replace(/^\s*\.\. [\w-]+::/gmu, '')
      .replace(/^\s*:[\w-]+:/gmu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(' ');
}

describe('no schema doc text is lost: every line of every doc section is in the package', () => {
  it.each([
    ["QEMU 7.2's QMP schema", '7.2', 'qapi/qapi-schema.json'],
    ["QEMU 7.2's doc test schema", '7.2', 'tests/qapi-schema/doc-good.json'],
    ["QEMU 10.0's QMP schema", '10.0', 'qapi/qapi-schema.json'],
    ["QEMU 10.0's guest agent schema", '10.0', 'qga/qapi-schema.json'],
    ["QEMU 10.0's doc test schema", '10.0', 'tests/qapi-schema/doc-good.json'],
    ["QEMU 10.2's QMP schema", '10.2', 'qapi/qapi-schema.json'],
    ["QEMU 10.2's doc test schema", '10.2', 'tests/qapi-schema/doc-good.json'],
  ] as const)('%s', (_, qemu, path) => {
    const schema = join(qemuDir(qemu), path);
    const generated = ` ${words(
      generate({ schema, qemu })
        .map((f) => f.content)
        .join('\n'),
    )} `;
    const lost = loadSchema(schema, undefined, dialectFor(qemu))
      .docs.flatMap(docTexts)
      .flatMap(([where, text]) => text.split('\n').map((line) => [where, words(line)] as const))
      .filter(([, line]) => line !== '' && !generated.includes(` ${line} `));
    expect(lost.map(([where, line]) => `${where}: ${line.slice(0, 60)}`)).toEqual([]);
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
      compilerOptions: {
        ...STRICT_OPTIONS,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
      },
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

const RST = [
  '##',
  '# @eject-pet:',
  '#',
  '# Ejects a pet.  Steps::',
  '#',
  '#     first',
  '#       second',
  '#',
  '# .. note:: Pets do not like it;',
  '#    they may bite.',
  '#',
  '# @name: the pet',
  '#',
  '# Errors:',
  '#     - If @name is unknown, GenericError',
  '#     - If the pet is asleep,',
  '#       PetAsleep',
  '#',
  '# Since: 10.0',
  '#',
  '# .. qmp-example::',
  '#    :title: Eject',
  '#',
  '#     -> { "execute": "eject-pet", "arguments": { "name": "rex" } }',
  '#     <- { "return": {} }',
  '#',
  '# .. qmp-example::',
  '#    :annotated:',
  '#',
  '#    With ``force``::',
  '#',
  '#     -> { "execute": "eject-pet" }',
  '##',
  "{ 'command': 'eject-pet', 'data': { 'name': 'str' } }",
].join('\n');

describe("QEMU 10.0's rST, readable in TSDoc", () => {
  it('notes, literal blocks, examples and the Errors section', () => {
    const files = generate({ schema: 'rst.json', qemu: '10.0', readFile: memoryReader({ 'rst.json': RST }) });
    const commands = files.find((f) => f.path === 'qmp-commands.ts')?.content ?? '';
    // the header names the dialect the schema was read in
    expect(commands.split('\n')[1]).toMatch(
      /^\/\/ qapi-ts \S+, QEMU 10\.0 dialect; target ts, int64 number, importExtension \.js, defines none$/u,
    );
    const doc = commands.slice(commands.indexOf('export interface QmpCommands {'), commands.indexOf("'eject-pet': {"));
    expect(doc).toBe(`export interface QmpCommands {
  /**
   * Ejects a pet.  Steps:
   * \`\`\`
   * first
   *   second
   * \`\`\`
   *
   * Note: Pets do not like it;
   * they may bite.
   *
   * Example: Eject
   * \`\`\`
   * -> { "execute": "eject-pet", "arguments": { "name": "rex" } }
   * <- { "return": {} }
   * \`\`\`
   *
   * Example:
   *
   * With \`force\`:
   * \`\`\`
   * -> { "execute": "eject-pet" }
   * \`\`\`
   *
   * @throws
   * - If \`name\` is unknown, GenericError
   * - If the pet is asleep,
   *   PetAsleep
   * @since 10.0
   */
  `);
  });
});
