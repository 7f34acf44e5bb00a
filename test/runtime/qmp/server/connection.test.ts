import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SocketTransport } from '../../../../runtime/qmp/server/connection.js';

/** What SocketTransport uses of a socket, recording each write. */
class FakeSocket extends EventEmitter {
  readonly writes: string[] = [];
  destroyed = false;
  writable = true;
  writableLength = 0;
  accept = true;
  write(data: string): boolean {
    this.writes.push(data);
    this.writableLength += data.length;
    return this.accept;
  }
  destroy(): void {
    this.destroyed = true;
  }
  pause(): void {}
  resume(): void {}
}

function transport(socket: FakeSocket, maxOutputBuffer = 1 << 20, congestion: boolean[] = []): SocketTransport {
  return new SocketTransport(socket as unknown as Socket, { maxOutputBuffer, onCongestion: (c) => congestion.push(c) });
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SocketTransport', () => {
  it('writes the lines of one turn, replies of microtasks included, with one socket write', async () => {
    const socket = new FakeSocket();
    const out = transport(socket);
    out.write('a\r\n');
    await Promise.resolve();
    out.write('b\r\n');
    queueMicrotask(() => out.write('c\r\n'));
    expect(socket.writes).toEqual([]);
    await tick();
    expect(socket.writes).toEqual(['a\r\nb\r\nc\r\n']);
    out.write('d\r\n');
    await tick();
    expect(socket.writes).toEqual(['a\r\nb\r\nc\r\n', 'd\r\n']);
  });

  it('reports congestion when the socket refuses more, and its end on drain', async () => {
    const socket = new FakeSocket();
    const congestion: boolean[] = [];
    const out = transport(socket, 1 << 20, congestion);
    socket.accept = false;
    out.write('a\r\n');
    await tick();
    expect(congestion).toEqual([true]);
    socket.emit('drain');
    expect(congestion).toEqual([true, false]);
  });

  it('drops a client that leaves more than the cap unread, pending lines counted', async () => {
    const socket = new FakeSocket();
    const out = transport(socket, 10);
    out.write('12345\r\n');
    expect(socket.destroyed).toBe(false);
    out.write('12345\r\n');
    expect(socket.destroyed).toBe(true);
    await tick();
    expect(socket.writes).toEqual([]);
  });
});
