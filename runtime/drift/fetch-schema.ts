/** A live server's `query-qmp-schema`: connect, negotiate, ask, close. */
import { connectQmp } from '../qmp/client/client.js';
import type { QmpClientOptions, QmpConnectTarget } from '../qmp/client/client.js';
import { describeTarget } from '../qmp/client/connect.js';
import { schemaInfoOf } from './schema-info.js';
import type { SchemaInfoEntry } from './schema-info.js';

/** What the QMP server at `target` reports about its schema; the connection is closed either way. */
export async function fetchSchemaInfo(target: QmpConnectTarget, options: QmpClientOptions = {}): Promise<readonly SchemaInfoEntry[]> {
  const client = await connectQmp(target, options);
  try {
    return schemaInfoOf(await client.execute('query-qmp-schema'), `query-qmp-schema of ${describeTarget(target)}`);
  } finally {
    await client.close();
  }
}
