/** `qapi-ts generate --from-introspection SOURCE`: the package of what a QEMU build says about itself. */
import { isQemuVersion } from '../generator/dialect/versions.js';
import { generateFromIntrospection, syncOutput } from '../generator/generate.js';
import { describeWrite, resolveSettings } from './generate-run.js';
import type { GenerateFlags } from './generate-run.js';
import { fetchReply, type FetchedReply } from './introspection-source.js';
import { reportErrors, type CliIO } from './io.js';
import { UsageError } from './usage-error.js';

export async function runGenerateFromIntrospection(schemaArg: string | undefined, flags: GenerateFlags, io: CliIO): Promise<number> {
  const source = flags.fromIntrospection!;
  let fetched: FetchedReply | undefined;
  try {
    if (schemaArg !== undefined) throw new UsageError(`give a schema (${schemaArg}) or --from-introspection, not both`);
    if (flags.define !== undefined || flags.definesFile !== undefined) {
      throw new UsageError("--from-introspection takes no 'if' symbols: the reply is already evaluated for its build");
    }
    fetched = await fetchReply(source);
  } catch (err) {
    return reportErrors(io, () => {
      throw err;
    });
  }
  const reply = fetched;
  return reportErrors(io, () => {
    const settings = resolveSettings(source, flags);
    const files = generateFromIntrospection({
      reply: reply.data,
      source: reply.source,
      origin: reply.origin,
      unmask: settings.unmask,
      // A live QEMU of a release qapi-ts knows takes that release's predefined types (QType).
      qemu: flags.qemu === undefined && reply.release !== undefined && isQemuVersion(reply.release) ? reply.release : settings.qemu,
      int64: settings.int64,
      importExtension: settings.importExtension === 'none' ? '' : settings.importExtension,
      target: settings.target,
    });
    const result = syncOutput(settings.output, files, { check: flags.check === true });
    if (flags.check === true) {
      const stale = [...result.changed, ...result.removed];
      if (stale.length === 0) return 0;
      io.stderr(
        `qapi-ts: generated files are out of date (run qapi-ts generate):\n${stale.map((s) => `  ${settings.output}/${s}\n`).join('')}`,
      );
      return 1;
    }
    io.stdout(`${describeWrite(result, settings.output)}\n`);
    return 0;
  });
}
