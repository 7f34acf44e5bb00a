/**
 * `createJobServer()`: a QEMU-compatible QMP server for the project's own schema (qapi/),
 * with the job runtime behind it on the real clock: the job-* commands and query-jobs,
 * x-demo-job-start, query-version, query-commands and query-qmp-schema. JOB_STATUS_CHANGE
 * goes through the typed emitter of the generated event map (checked against the schema) to
 * the server as soon as it is emitted, so the events a command causes reach the wire before
 * its reply, as in QEMU.
 */
import { qmpSchemaInfo } from '../../generated/qmp-introspection.js';
import type { QmpCommands } from '../../generated/qmp-commands.js';
import type { QmpEvents } from '../../generated/qmp-events.js';
import { qmpValidation } from '../../generated/qmp-validation.js';
import { JobCommands } from '../jobs/commands.js';
import type { JobEventSink } from '../jobs/events.js';
import { JobManager } from '../jobs/manager.js';
import type { JobProfile } from '../jobs/profile.js';
import { RealTimeScheduler } from '../jobs/scheduler.js';
import { createQmpServer } from '../qmp/server/server.js';
import { createEventEmitter, type TypedEventEmitter } from '../qmp/typed/emitter.js';
import type { QmpListenTarget, QmpServer, QmpServerAddress } from '../qmp/server/server.js';
import type { SessionErrorReporter } from '../qmp/server/session-types.js';
import { createTypedDispatcher } from '../qmp/typed/server.js';
import type { QmpHandlersFor } from '../qmp/typed/server.js';
import { versionInfo } from '../qmp/server/messages.js';
import type { MicrosecondClock, QmpVersionInfo } from '../qmp/server/messages.js';
import { controlHandlers } from './control-commands.js';
import { demoJobHandlers } from './demo-commands.js';

/** Options of `createJobServer`. */
export interface JobServerOptions {
  /** query-version's answer and the greeting's version (default 7.2.0, as the QEMU we mimic). */
  readonly version?: QmpVersionInfo;
  /** Capabilities offered in the greeting (default ['oob']). */
  readonly capabilities?: readonly string[];
  /** Wall clock in microseconds for event timestamps. */
  readonly clock?: MicrosecondClock;
  /** Failures no client can be told about. */
  readonly onError?: SessionErrorReporter;
  /** Server-wide cap on unfinished input (see QmpServerOptions; default 256 MiB). */
  readonly maxBufferedInput?: number;
  /** Clients dropped for their input (see QmpServerOptions). */
  readonly onLog?: (line: string) => void;
  /** query-qmp-schema's answer (default: the generated `qmpSchemaInfo`, every `if` kept, names masked). */
  readonly schemaInfo?: readonly unknown[];
  /** The QEMU release whose job behaviour to follow (default QEMU 7.2's). */
  readonly profile?: JobProfile;
}

/** The job server: its QMP server and its job manager. */
export interface JobServer {
  readonly qmp: QmpServer;
  readonly manager: JobManager;
  /** Starts listening; resolves with the address. */
  listen(target: QmpListenTarget): Promise<QmpServerAddress>;
  /** Drops every client, stops listening and ends every job (as QEMU does at exit). */
  close(): Promise<void>;
}

type ServedHandlers = Omit<QmpHandlersFor<QmpCommands>, 'qmp_capabilities'>;

export function createJobServer(options: JobServerOptions = {}): JobServer {
  const version = options.version ?? versionInfo(7, 2, 0);
  let qmp: QmpServer | undefined;
  const events = createEventEmitter<QmpEvents>((message) => qmp?.emit(message.event, message.data), {
    validation: qmpValidation,
  });
  const emit = schemaEventSink(events, options.onError);
  const manager = new JobManager({
    scheduler: new RealTimeScheduler(),
    emit,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
  const handlers = servedHandlers(manager, version, options.schemaInfo ?? qmpSchemaInfo);
  const dispatcher = createTypedDispatcher<QmpCommands>({ validation: qmpValidation, handlers });
  qmp = createQmpServer({ dispatcher, version, ...serverOptions(options) });
  const server = qmp;
  return {
    qmp: server,
    manager,
    listen: (target) => server.listen(target),
    close: async () => {
      await server.close();
      endAllJobs(manager, options.onError);
    },
  };
}

function servedHandlers(manager: JobManager, version: QmpVersionInfo, schemaInfo: readonly unknown[]): ServedHandlers {
  const jobs = new JobCommands(manager);
  const served = [...Object.keys(qmpValidation.commands)];
  return {
    'job-pause': (args) => jobs['job-pause'](args),
    'job-resume': (args) => jobs['job-resume'](args),
    'job-cancel': (args) => jobs['job-cancel'](args),
    'job-complete': (args) => jobs['job-complete'](args),
    'job-finalize': (args) => jobs['job-finalize'](args),
    'job-dismiss': (args) => jobs['job-dismiss'](args),
    'query-jobs': () => jobs['query-jobs'](),
    ...demoJobHandlers(manager),
    ...controlHandlers({ version, commands: served, schemaInfo }),
  };
}

/**
 * The job runtime's events that this schema defines (JOB_STATUS_CHANGE) go out through the
 * generated event map's emitter; the others (BLOCK_JOB_*) belong to QEMU's block layer. Data
 * the schema refuses would be a runtime bug: reported, never fatal to the server.
 */
function schemaEventSink(events: TypedEventEmitter<QmpEvents>, onError: SessionErrorReporter | undefined): JobEventSink {
  return (event, data) => {
    if (!Object.hasOwn(qmpValidation.events, event)) return;
    try {
      // The schema defines the event (checked above), and the emitter checks the data against it.
      const schemaEvent = event as keyof QmpEvents;
      events.emit(schemaEvent, data as QmpEvents[typeof schemaEvent]);
    } catch (error) {
      onError?.(error, `emitting ${event}`);
    }
  };
}

type PassedOptions = 'capabilities' | 'clock' | 'onError' | 'maxBufferedInput' | 'onLog';

function serverOptions(options: JobServerOptions): Pick<Parameters<typeof createQmpServer>[0], PassedOptions> {
  return {
    ...(options.maxBufferedInput === undefined ? {} : { maxBufferedInput: options.maxBufferedInput }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  };
}

function endAllJobs(manager: JobManager, onError: SessionErrorReporter | undefined): void {
  try {
    manager.cancelSyncAll();
  } catch (error) {
    onError?.(error, 'ending the jobs at close');
  }
}
