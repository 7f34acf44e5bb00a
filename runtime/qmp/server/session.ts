/**
 * One QMP connection (QEMU's MonitorQMP): greeting, capabilities negotiation, then command
 * mode. In-band requests and parse errors queue and run one at a time in arrival order (the
 * in-band queue decides when); `exec-oob` requests run at once. Without OOB the session reads no
 * further request until the queued one is answered; with OOB it queues up to 8.
 */
import { asQmpError, CompatPolicyCrash } from '../dispatch/errors.js';
import type { JsonReaderOptions, JsonMessage } from '../json/reader.js';
import { isJsonObject } from '../json/value.js';
import { toQmpLine } from '../json/serialize.js';
import { decideCapabilities, NEGOTIATION_EXPECTED } from './session-capabilities.js';
import { isOobRequest, readEnvelope } from './session-envelope.js';
import type { RequestEnvelope } from './session-envelope.js';
import { SessionInput } from './session-input.js';
import type {
  DispatchContext,
  InBandQueue,
  InBandWork,
  RequestDispatcher,
  SessionErrorReporter,
  SessionTransport,
} from './session-types.js';
import { errorReply, NO_ID, requestId, returnReply } from './messages.js';

/** QMP_REQ_QUEUE_LEN_MAX. */
const QUEUE_MAX = 8;

type QueuedItem = { readonly kind: 'request'; readonly request: unknown } | { readonly kind: 'parse-error'; readonly desc: string };

export interface SessionOptions {
  readonly dispatcher: RequestDispatcher;
  readonly transport: SessionTransport;
  readonly inBandQueue: InBandQueue;
  /** The greeting message object (see messages.ts greetingMessage). */
  readonly greeting: object;
  /** Capabilities offered in the greeting. */
  readonly offered: readonly string[];
  readonly reader?: JsonReaderOptions;
  readonly pretty?: boolean;
  readonly onError?: SessionErrorReporter;
}

export class QmpSession implements InBandWork {
  private readonly options: SessionOptions;
  private readonly input: SessionInput;
  private readonly queue: QueuedItem[] = [];
  private commandMode = false;
  private oobEnabled = false;
  /** What the dispatcher is told of this session: OOB, and where handler failures are reported. */
  private context: DispatchContext;
  private closed = false;
  /** OOB requests run in arrival order too, each as soon as the one before it is answered. */
  private oobChain: Promise<void> = Promise.resolve();

  constructor(options: SessionOptions) {
    this.options = options;
    this.context = dispatchContext(false, options.onError);
    const onMessage = (message: JsonMessage): void => this.onMessage(message);
    this.input = new SessionInput(onMessage, (flowing) => this.options.transport.setReading(flowing), options.reader ?? {});
  }

  get isClosed(): boolean {
    return this.closed;
  }

  start(): void {
    this.send(this.options.greeting);
  }

  receive(chunk: Uint8Array): void {
    this.input.receive(chunk);
  }

  /** Bytes of unfinished input this session holds. */
  get bufferedInput(): number {
    return this.closed ? 0 : this.input.bufferedBytes;
  }

  /** Drops the connection (the server does when the session holds too much input). */
  disconnect(reason: Error): void {
    this.close();
    this.options.transport.destroy(reason);
  }

  /** Output congestion: stop reading requests until the client reads its replies. */
  setCongested(congested: boolean): void {
    this.input.setCongested(congested);
  }

  /** An event line, already serialized (events go only to sessions in command mode). */
  sendEventLine(line: string): void {
    if (this.commandMode && !this.closed) this.options.transport.write(line);
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.input.close();
  }

  hasQueuedRequest(): boolean {
    return !this.closed && this.queue.length > 0;
  }

  async runNextRequest(): Promise<void> {
    const item = this.queue.shift();
    if (item === undefined) return;
    // monitor_qmp_dispatcher_co(): with OOB, a full queue resumes reading as soon as one
    // request leaves it; without OOB, reading resumes only after the reply.
    const oob = this.oobEnabled;
    if (oob && this.queue.length === QUEUE_MAX - 1) this.input.resume();
    if (item.kind === 'parse-error') this.send(errorReply('GenericError', item.desc));
    else await this.answer(item.request);
    if (!oob) this.input.resume();
  }

  private onMessage(message: JsonMessage): void {
    if (this.closed) return;
    if (message.ok && isOobRequest(message.value)) {
      const request = message.value;
      this.oobChain = this.oobChain.then(() => this.answer(request));
      return;
    }
    if (!this.oobEnabled || this.queue.length === QUEUE_MAX - 1) this.input.suspend();
    this.queue.push(message.ok ? { kind: 'request', request: message.value } : { kind: 'parse-error', desc: message.error });
    this.options.inBandQueue.notify(this);
  }

  /** Runs one request and sends its reply, if any; never rejects. */
  private async answer(request: unknown): Promise<void> {
    try {
      const reply = await this.reply(request);
      if (reply !== undefined) this.send(reply, request);
    } catch (thrown) {
      this.failed(thrown, request);
    }
  }

  /** Not async itself: in command mode the dispatcher's promise is the reply, one hop fewer per request. */
  private reply(request: unknown): object | undefined | Promise<object | undefined> {
    if (this.commandMode && !namesCapabilities(request)) return this.options.dispatcher.dispatch(request, this.context);
    const envelope = readEnvelope(request, this.oobEnabled);
    if (envelope?.command === 'qmp_capabilities') return this.capabilities(envelope);
    if (envelope !== undefined && !this.commandMode) return errorReply('CommandNotFound', NEGOTIATION_EXPECTED, envelope.id);
    const reply = this.options.dispatcher.dispatch(request, this.context);
    return this.commandMode ? reply : reply.then(negotiationReply);
  }

  private capabilities(envelope: RequestEnvelope): object {
    const verdict = decideCapabilities({
      arguments: envelope.arguments,
      viaOob: envelope.viaOob,
      commandMode: this.commandMode,
      offered: this.options.offered,
    });
    if (!verdict.ok) return errorReply(verdict.errorClass, verdict.desc, envelope.id);
    this.oobEnabled = verdict.enable.includes('oob');
    this.context = dispatchContext(this.oobEnabled, this.options.onError);
    this.commandMode = true;
    return returnReply({}, envelope.id);
  }

  /** A dispatcher that throws: a QMP error becomes its reply; anything else is reported. */
  private failed(thrown: unknown, request: unknown): void {
    if (thrown instanceof CompatPolicyCrash) {
      // QEMU would abort(): this client loses its connection, the server lives on.
      this.options.onError?.(thrown, 'compat policy crash');
      this.options.transport.destroy(thrown);
      return;
    }
    const qmpError = asQmpError(thrown);
    if (qmpError !== undefined) {
      this.send(errorReply(qmpError.errorClass, qmpError.desc, requestId(request)));
      return;
    }
    this.options.onError?.(thrown, 'dispatcher');
    this.send(errorReply('GenericError', `Internal error: ${describe(thrown)}`, requestId(request)));
  }

  private send(message: object, request?: unknown): void {
    if (this.closed) return;
    let line: string;
    try {
      line = toQmpLine(message, { pretty: this.options.pretty ?? false });
    } catch (thrown) {
      this.options.onError?.(thrown, 'serializing a reply');
      const id = request === undefined ? NO_ID : requestId(request);
      line = toQmpLine(errorReply('GenericError', `Internal error: ${describe(thrown)}`, id));
    }
    this.options.transport.write(line);
  }
}

/** Whether a request may be qmp_capabilities, the one command the session answers itself. */
function namesCapabilities(request: unknown): boolean {
  if (!isJsonObject(request)) return false;
  return request['execute'] === 'qmp_capabilities' || request['exec-oob'] === 'qmp_capabilities';
}

/** monitor_qmp_dispatch(): in negotiation mode, any CommandNotFound gets the negotiation hint. */
function negotiationReply(reply: object | undefined): object | undefined {
  if (reply === undefined) return reply;
  const error = (reply as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null || (error as { class?: unknown }).class !== 'CommandNotFound') return reply;
  return { ...reply, error: { class: 'CommandNotFound', desc: NEGOTIATION_EXPECTED } };
}

function describe(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

function dispatchContext(oob: boolean, onError: SessionErrorReporter | undefined): DispatchContext {
  return onError === undefined ? { oob } : { oob, onError };
}
