/**
 * Test support for the QMP server and client: a stub dispatcher (qmp_dispatch() steps 1-4 and
 * a few handlers), a raw line reader for a socket, temp socket paths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messages, QmpError } from '../../../runtime/qmp/dispatch/errors.js';
import { isJsonObject } from '../../../runtime/qmp/json/value.js';
import { qdictKeyOrder } from '../../../runtime/qmp/json/qdict-order.js';
import type { DispatchContext, RequestDispatcher } from '../../../runtime/qmp/server/session-types.js';

export type StubHandler = (args: Record<string, unknown>) => unknown;

export interface StubCommand {
  readonly run: StubHandler;
  readonly allowOob?: boolean;
}

/** qmp_dispatch() steps 1-4, then the handler; enough for protocol tests. */
export class StubDispatcher implements RequestDispatcher {
  readonly commands: Map<string, StubCommand>;
  readonly calls: string[] = [];

  constructor(commands: Record<string, StubHandler | StubCommand>) {
    this.commands = new Map(Object.entries(commands).map(([name, c]) => [name, typeof c === 'function' ? { run: c } : c]));
  }

  async dispatch(request: unknown, ctx: DispatchContext): Promise<object | undefined> {
    if (!isJsonObject(request)) return { error: { class: 'GenericError', desc: messages.notAnObject() } };
    const withId = (reply: Record<string, unknown>): object => (Object.hasOwn(request, 'id') ? { ...reply, id: request['id'] } : reply);
    const fail = (cls: string, desc: string): object => withId({ error: { class: cls, desc } });
    let name: string | undefined;
    let nameKey = '';
    for (const key of qdictKeyOrder(Object.keys(request))) {
      const value = request[key];
      if (key === 'execute' || (key === 'exec-oob' && ctx.oob)) {
        if (typeof value !== 'string') return fail('GenericError', messages.memberNotString(key));
        if (name !== undefined) return fail('GenericError', messages.memberClash(key, nameKey));
        name = value;
        nameKey = key;
      } else if (key === 'arguments') {
        if (!isJsonObject(value)) return fail('GenericError', messages.argumentsNotObject());
      } else if (key !== 'id') {
        return fail('GenericError', messages.memberUnexpected(key));
      }
    }
    if (name === undefined) return fail('GenericError', messages.lacksExecute());
    const command = this.commands.get(name);
    if (command === undefined) return fail('CommandNotFound', messages.commandNotFound(name));
    if (nameKey === 'exec-oob' && command.allowOob !== true) return fail('GenericError', messages.noOob(name));
    this.calls.push(name);
    try {
      const args = request['arguments'];
      return withId({ return: (await command.run(isJsonObject(args) ? args : {})) ?? {} });
    } catch (error) {
      if (error instanceof QmpError) return fail(error.errorClass, error.desc);
      throw error;
    }
  }
}

/** A promise with its settlers, for commands a test releases. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export function tempSocketPath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'qmp-test-'));
  return { path: join(dir, 'qmp.sock'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A raw client: sends bytes, reads CRLF-terminated lines. */
export class LineClient {
  readonly socket: Socket;
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => this.onData(text));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static connect(target: { path: string } | { host: string; port: number }): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(target as { path: string });
      socket.once('connect', () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** The next line (without CRLF); fails after `ms`. */
  async line(ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    while (this.lines.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.lines.shift() ?? '';
  }

  async json(ms = 5000): Promise<Record<string, unknown>> {
    return JSON.parse(await this.line(ms)) as Record<string, unknown>;
  }

  /** True if no line arrives within `ms`. */
  async silent(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.lines.length === 0;
  }

  /** Every line until none arrives for `quietMs` (bounded by `maxMs`). */
  async linesUntilQuiet(quietMs: number, maxMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + maxMs;
    const out: string[] = [];
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.lines.length === 0) break;
      out.push(...this.lines.splice(0));
    }
    return out;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(text: string): void {
    this.buffered += text;
    for (let end = this.buffered.indexOf('\r\n'); end >= 0; end = this.buffered.indexOf('\r\n')) {
      this.lines.push(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 2);
    }
    this.waiter?.();
  }
}
