/**
 * The public runtime API (`qapi-ts`, also `qapi-ts/runtime`): the QMP client and server, the table-driven
 * dispatcher and its validation, the typed layers over a generated package's command and
 * event maps, drift checks, recording. Everything a schema contributes comes from the generated
 * package (`QmpCommands`, `QmpEvents`, `qmpValidation`); nothing here knows a schema. QEMU's
 * job model is `qapi-ts/jobs` (runtime/jobs/index.ts), the demo server `qapi-ts/serve`
 * (runtime/serve/index.ts).
 */

// Typed layers over the generated maps.
export { TypedQmpClient, typedQmpClient, QmpArgumentError } from './qmp/typed/client.js';
export type { TypedQmpClientOptions, UntypedQmpClient } from './qmp/typed/client.js';
export { connectQemu, qemuClient, qmpPackage, QmpVersionError, VersionedQmpClient } from './qmp/typed/versions.js';
export type { QemuClient, QemuClientOptions, QemuVersion, QmpPackage, QmpPackageData, QmpPackages } from './qmp/typed/versions.js';
export { createTypedDispatcher } from './qmp/typed/server.js';
export type { QmpHandlersFor, TypedDispatcherOptions } from './qmp/typed/server.js';
export { createEventEmitter } from './qmp/typed/emitter.js';
export type { EventEmitterOptions, QmpEventMessage, QmpEventSink, TypedEventEmitter } from './qmp/typed/emitter.js';
export { inspectEvent, inspectReturn } from './qmp/typed/decode.js';
export type { DecodeIssue, DecodeIssueKind, DecodeIssueReporter } from './qmp/typed/decode.js';
export type {
  CommandMapOf,
  CommandName,
  CommandSpec,
  EmitParameters,
  EventMapOf,
  EventName,
  ExecuteParameters,
  HandlerArguments,
  HandlerResult,
  QmpEmptyObject,
  QmpTimestamp,
  TypedExecuteOptions,
  TypedQmpEvent,
} from './qmp/typed/maps.js';

// Drift: schema diff, capability probes, query-qmp-schema data (the typed client's checkDrift() and supports()).
export { diffSchemaInfo } from './drift/schema-diff.js';
export type { EntityDiff, SchemaChange, SchemaChangeKind, SchemaDiff, SchemaDirection } from './drift/schema-diff.js';
export { DIFF_FORMATS } from './drift/diff-formats.js';
export type { DiffFormat } from './drift/diff-formats.js';
export { diffJson, formatDiff } from './drift/diff-report.js';
export type { DiffJson, EntityJson } from './drift/diff-report.js';
export { ProbePathError, SchemaProbe, probeSchema } from './drift/probe.js';
export { driftIssues } from './drift/client-drift.js';
export { fetchSchemaInfo } from './drift/fetch-schema.js';
export { SchemaInfoError, schemaInfoOf } from './drift/schema-info.js';
export type { SchemaInfoEntry, SchemaInfoMemberEntry } from './drift/schema-info.js';

// The QMP client.
export { connectQmp, QmpClient } from './qmp/client/client.js';
export type { QmpClientOptions, QmpConnectTarget } from './qmp/client/client.js';
export { parseQmpTarget } from './qmp/client/connect.js';
export type { CallOptions, ExecuteOptions } from './qmp/client/calls.js';
export type { AwaitEventOptions, CompletedCall } from './qmp/client/completion.js';
export type { QmpConnectionEvent, QmpConnectionListener, ReconnectOptions } from './qmp/client/reconnect.js';
export { DEFAULT_COMMAND_TIMEOUT, defaultCommandTimeouts } from './qmp/client/timeouts.js';
export type { CommandTimeoutOptions } from './qmp/client/timeouts.js';
export { trackerClient } from './qmp/client/tracker.js';
export type { EventStream, EventStreamOptions, QmpEvent, QmpEventListener } from './qmp/client/events.js';
export {
  QmpConnectionError,
  QmpEventOverflowError,
  QmpProtocolError,
  QmpReplyError,
  QmpTimeoutError,
} from './qmp/client/errors.js';

// The QMP server.
export { createQmpServer } from './qmp/server/server.js';
export type { QmpListenTarget, QmpServer, QmpServerAddress, QmpServerOptions } from './qmp/server/server.js';
export type { DispatchContext, RequestDispatcher, SessionErrorReporter } from './qmp/server/session-types.js';
export { versionInfo, wallClockMicros } from './qmp/server/messages.js';
export type { MicrosecondClock, QmpVersionInfo } from './qmp/server/messages.js';

// Recording QMP sessions, and reading the logs.
export { createQmpRecorder } from './qmp/log/recorder.js';
export type { QmpRecorder, QmpRecorderOptions } from './qmp/log/recorder.js';
export { QmpLogError, qmpLogLine, readQmpLog } from './qmp/log/qmp-log.js';
export type { QmpLogDirection, QmpLogEntry, QmpLogMessage } from './qmp/log/qmp-log.js';

// Dispatch and validation.
export { Dispatcher } from './qmp/dispatch/dispatcher.js';
export type {
  DispatcherOptions,
  DispatchSession,
  HandlerFailureReply,
  QmpErrorBody,
  QmpFailure,
  QmpHandler,
  QmpHandlers,
  QmpResponse,
  QmpSuccess,
} from './qmp/dispatch/types.js';
export { CompatPolicyCrash, QmpError } from './qmp/dispatch/errors.js';
export type { QmpErrorClass } from './qmp/dispatch/errors.js';
export { compatPolicy, defaultCompatPolicy } from './qmp/dispatch/compat.js';
export type { CompatPolicy, CompatPolicyInput, CompatPolicyOutput } from './qmp/dispatch/compat.js';
export { validateArguments } from './qmp/validate/arguments.js';
export type { ValidationResult } from './qmp/validate/arguments.js';
export { checkEventData, checkReturnValue } from './qmp/validate/results.js';
export type { EventResult, OutputResult } from './qmp/validate/results.js';
export type {
  AlternateTable,
  ArrayTable,
  BuiltinTable,
  CommandTable,
  EnumTable,
  EventTable,
  JsonKind,
  MemberTable,
  ObjectTable,
  ScalarName,
  SpecialFeature,
  TypeTable,
  UnionTable,
  ValidationTables,
} from '../contracts/validation-tables.js';

// QMP's JSON.
export type { JsonLimits } from './qmp/json/reader.js';
export { QmpDouble, isJsonObject } from './qmp/json/value.js';
export type { JsonNumber, JsonObject, JsonValue, UncheckedJsonObject } from './qmp/json/value.js';
export { SerializeError, toQmpJson, toQmpLine } from './qmp/json/serialize.js';
export type { SerializeOptions } from './qmp/json/serialize.js';

// The control queries (query-version, query-commands, query-qmp-schema) of any server.
// `qapi-ts serve`'s job server, which is bound to the project's own schema, is `qapi-ts/serve`;
// QEMU's job model is `qapi-ts/jobs`.
export { controlHandlers } from './serve/control-commands.js';
export type { ControlCommandsOptions, ControlHandlers } from './serve/control-commands.js';
