/**
 * A connection's `query-qmp-schema`, asked once and kept until the client reconnects (the
 * server may then be another QEMU), with the probe index built on it.
 */
import { SchemaProbe } from './probe.js';
import { schemaInfoOf } from './schema-info.js';
import type { SchemaInfoEntry } from './schema-info.js';

/** What the cache needs of a client: QmpClient and the typed client's untyped client fit. */
export interface SchemaSource {
  execute<T>(command: string): Promise<T>;
}

/** The server's schema for the typed client's drift check and probes. */
export class ServerSchema {
  private readonly client: SchemaSource;
  private info: Promise<readonly SchemaInfoEntry[]> | undefined;
  private probe: Promise<SchemaProbe> | undefined;

  constructor(client: SchemaSource) {
    this.client = client;
  }

  /** The server's `query-qmp-schema` entries (asked at the first call of a connection). */
  entries(): Promise<readonly SchemaInfoEntry[]> {
    if (this.info !== undefined) return this.info;
    const info = this.client.execute<unknown>('query-qmp-schema').then((reply) => schemaInfoOf(reply, 'query-qmp-schema'));
    // A failed fetch is not kept: the next call asks again.
    info.catch(() => {
      if (this.info === info) this.forget();
    });
    this.info = info;
    return info;
  }

  /** The probe index over those entries. */
  prober(): Promise<SchemaProbe> {
    this.probe ??= this.entries().then((info) => new SchemaProbe(info));
    return this.probe;
  }

  /** A new connection: ask again next time. */
  forget(): void {
    this.info = undefined;
    this.probe = undefined;
  }
}
