// A worker thread for `npm run bench`'s server ratio: our QMP server and a minimal Node one,
// each on its own Unix socket, both answering query-jobs with an empty list. The bench talks to
// both with the same client from the main thread, so the ratio of their rates measures the
// servers. The minimal server is what a Node programmer writes first: split lines,
// JSON.parse each request, JSON.stringify each reply, one write per read.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createQmpServer } from '../dist/runtime/qmp/server/server.js';

const GREETING = { QMP: { version: { qemu: { micro: 0, minor: 2, major: 7 }, package: '' }, capabilities: ['oob'] } };

function minimalServer() {
  return createServer((socket) => {
    let pending = '';
    socket.setEncoding('utf8');
    socket.write(`${JSON.stringify(GREETING)}\r\n`);
    socket.on('data', (text) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop();
      let out = '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        const request = JSON.parse(line);
        const reply = request.execute === 'qmp_capabilities' ? { return: {} } : { return: [], id: request.id };
        out += `${JSON.stringify(reply)}\r\n`;
      }
      if (out !== '') socket.write(out);
    });
    socket.on('error', () => undefined);
  });
}

const ours = createQmpServer({ dispatcher: { dispatch: async (request) => ({ return: [], id: request.id }) } });
const theirs = minimalServer();
const oursPath = join(workerData.dir, 'ours.sock');
const minimalPath = join(workerData.dir, 'minimal.sock');
await ours.listen({ path: oursPath });
await new Promise((resolve) => theirs.listen(minimalPath, resolve));
parentPort.postMessage({ ours: oursPath, minimal: minimalPath });
parentPort.once('message', async () => {
  theirs.close();
  await ours.close();
  parentPort.postMessage('closed');
});
