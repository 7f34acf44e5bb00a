/** Where `generate --from-introspection` reads a reply: the address forms it accepts. */
import { describe, expect, it } from 'vitest';
import { parseQmpAddress } from '../../../generator/cli/introspection-source.js';
import { UsageError } from '../../../generator/cli/usage-error.js';

describe('parseQmpAddress', () => {
  it.each([
    ['unix:/run/qmp.sock', { path: '/run/qmp.sock' }],
    ['tcp:localhost:4444', { host: 'localhost', port: 4444 }],
    ['tcp:127.0.0.1:1', { host: '127.0.0.1', port: 1 }],
    ['tcp:[::1]:65535', { host: '::1', port: 65535 }],
    ['reply.json', undefined],
    ['./unix:odd-file-name.json', undefined],
  ])('%s', (text, target) => {
    expect(parseQmpAddress(text)).toEqual(target);
  });

  it.each(['unix:', 'tcp:localhost', 'tcp:localhost:0', 'tcp:localhost:65536', 'tcp::4444', 'tcp:[::1]4444'])('%s is a usage error', (text) => {
    expect(() => parseQmpAddress(text)).toThrow(UsageError);
  });
});
