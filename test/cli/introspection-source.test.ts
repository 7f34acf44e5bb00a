/** Where `generate --from-introspection` reads a reply: a file, or a server address it must parse. */
import { describe, expect, it } from 'vitest';
import { fetchReply } from '../../cli/introspection-source.js';
import { UsageError } from '../../cli/usage-error.js';

describe('fetchReply', () => {
  it.each(['unix:', 'tcp:localhost', 'tcp:localhost:0', 'tcp:localhost:65536', 'tcp::4444', 'tcp:[::1]4444'])(
    '%s: a malformed server address, not a file name',
    async (text) => {
      const error = await fetchReply(text).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(`'${text}': a live server is unix:PATH or tcp:HOST:PORT (e.g. tcp:localhost:4444)`);
    },
  );

  it('a name that only contains unix: is a file', async () => {
    await expect(fetchReply('./unix:reply.json')).rejects.toThrow("cannot read './unix:reply.json'");
  });
});
