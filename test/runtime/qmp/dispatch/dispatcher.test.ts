/** QEMU's qapi/qmp-dispatch.c (qmp_dispatch), one rule per test: the request checks, their order, and the reply objects. */
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../../runtime/qmp/dispatch/dispatcher.js';
import type { DispatcherOptions, QmpHandlers } from '../../../../runtime/qmp/dispatch/types.js';
import { CompatPolicyCrash, QmpError } from '../../../../runtime/qmp/dispatch/errors.js';
import { tablesOf } from '../support.js';

const tables = tablesOf(
  `
{ 'struct': 'Info', 'data': { 'name': 'str', '*old': { 'type': 'int', 'features': [ 'deprecated' ] } } }
{ 'command': 'job-pause', 'data': { 'id': 'str' } }
{ 'command': 'query-info', 'returns': 'Info', 'allow-oob': true }
{ 'command': 'fire', 'success-response': false }
{ 'command': 'old-cmd', 'features': [ 'deprecated' ] }
{ 'command': 'new-cmd', 'features': [ 'unstable' ] }
{ 'command': 'both-cmd', 'features': [ 'unstable', 'deprecated' ] }
{ 'command': 'early', 'allow-preconfig': true }
{ 'command': 'raw', 'data': { 'a': 'int' }, 'gen': false }
`,
  [],
);

const calls: unknown[] = [];
const handlers: QmpHandlers = {
  'job-pause': (args: { id: string }) => {
    calls.push(args);
    if (args.id === 'nosuchjob') throw new QmpError('GenericError', 'Job not found');
    if (args.id === 'async') return Promise.resolve({});
    if (args.id === 'async-error') return Promise.reject(new QmpError('DeviceNotActive', 'gone'));
    if (args.id === 'bug') throw new TypeError('oops');
    return {};
  },
  'query-info': () => ({ name: 'x', old: 1, internal: true }),
  fire: () => undefined,
  'old-cmd': () => ({}),
  'new-cmd': () => ({}),
  'both-cmd': () => ({}),
  early: () => ({}),
  raw: (args: unknown) => ({ echoed: args }),
};

function dispatcher(options: Partial<DispatcherOptions> = {}): Dispatcher {
  return new Dispatcher({ tables, handlers, ...options });
}

const generic = (desc: string) => ({ class: 'GenericError', desc });

describe('request checks (qmp_dispatch_check_obj)', () => {
  const d = dispatcher();
  it('a request that is not an object gets an error without id', async () => {
    expect(await d.dispatch([1, 2])).toEqual({ error: generic('QMP input must be a JSON object') });
    expect(await d.dispatch('just a string')).toEqual({ error: generic('QMP input must be a JSON object') });
  });
  it('id may be any JSON value and is echoed in every later outcome', async () => {
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'a' }, id: { any: ['json', 1] } })).toEqual({
      return: {},
      id: { any: ['json', 1] },
    });
    expect(await d.dispatch({ execute: 42, id: null })).toEqual({
      id: null,
      error: generic("QMP input member 'execute' must be a string"),
    });
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'a' } })).toEqual({ return: {} });
  });
  it('arguments must be an object', async () => {
    expect(await d.dispatch({ execute: 'job-pause', arguments: [], id: 1 })).toEqual({
      id: 1,
      error: generic("QMP input member 'arguments' must be an object"),
    });
  });
  it('any other member is unexpected, exec-oob too while OOB is off', async () => {
    expect(await d.dispatch({ execute: 'query-info', extra: 1 })).toEqual({ error: generic("QMP input member 'extra' is unexpected") });
    expect(await d.dispatch({ 'exec-oob': 'query-info', id: 'o' })).toEqual({
      id: 'o',
      error: generic("QMP input member 'exec-oob' is unexpected"),
    });
  });
  it('a request without execute lacks it', async () => {
    expect(await d.dispatch({ id: 'x2' })).toEqual({ id: 'x2', error: generic("QMP input lacks member 'execute'") });
  });
  it('with OOB on, execute and exec-oob clash; exec-oob is iterated first', async () => {
    expect(await d.dispatch({ execute: 'query-info', 'exec-oob': 'query-info' }, { oob: true })).toEqual({
      error: generic("QMP input member 'execute' clashes with 'exec-oob'"),
    });
  });
  it('the first problem in QDict order wins (extra: bucket 41 < execute: 299 < foo: 490)', async () => {
    expect(await d.dispatch({ execute: 42, extra: 1 })).toEqual({ error: generic("QMP input member 'extra' is unexpected") });
    expect(await d.dispatch({ foo: 1, execute: 42 })).toEqual({ error: generic("QMP input member 'execute' must be a string") });
  });
  it('within a bucket the key inserted last comes first (c and arguments share bucket 447)', async () => {
    expect(await d.dispatch({ execute: 'x', arguments: 5, c: 1 })).toEqual({ error: generic("QMP input member 'c' is unexpected") });
    expect(await d.dispatch({ execute: 'x', c: 1, arguments: 5 })).toEqual({
      error: generic("QMP input member 'arguments' must be an object"),
    });
  });
});

describe('command checks', () => {
  it('an unknown command, or one without a handler, has not been found', async () => {
    const d = new Dispatcher({ tables, handlers: { 'job-pause': handlers['job-pause'] } });
    expect(await d.dispatch({ execute: 'no-such-command', id: 50 })).toEqual({
      id: 50,
      error: { class: 'CommandNotFound', desc: 'The command no-such-command has not been found' },
    });
    expect(await d.dispatch({ execute: 'fire' })).toEqual({
      error: { class: 'CommandNotFound', desc: 'The command fire has not been found' },
    });
  });
  it('the commands option restricts the command list', async () => {
    const d = dispatcher({ commands: ['fire'] });
    expect(await d.dispatch({ execute: 'job-pause' })).toEqual({
      error: { class: 'CommandNotFound', desc: 'The command job-pause has not been found' },
    });
    expect(() => dispatcher({ commands: ['nope'] })).toThrow(/not in the tables/);
  });
  it('compat policy reject: deprecated checked before unstable, CommandNotFound', async () => {
    const d = dispatcher({ policy: { deprecatedInput: 'reject', unstableInput: 'reject' } });
    const notFound = (desc: string) => ({ error: { class: 'CommandNotFound', desc } });
    expect(await d.dispatch({ execute: 'old-cmd' })).toEqual(notFound('Deprecated command old-cmd disabled by policy'));
    expect(await d.dispatch({ execute: 'new-cmd' })).toEqual(notFound('Unstable command new-cmd disabled by policy'));
    expect(await d.dispatch({ execute: 'both-cmd' })).toEqual(notFound('Deprecated command both-cmd disabled by policy'));
    expect(await dispatcher().dispatch({ execute: 'old-cmd' })).toEqual({ return: {} });
  });
  it('compat policy crash throws out of the dispatcher', async () => {
    await expect(dispatcher({ policy: { unstableInput: 'crash' } }).dispatch({ execute: 'new-cmd' })).rejects.toThrow(CompatPolicyCrash);
  });
  it('a disabled command has been disabled, with or without a reason', async () => {
    const d = dispatcher();
    d.disableCommand('early');
    expect(await d.dispatch({ execute: 'early' })).toEqual({
      error: { class: 'CommandNotFound', desc: 'Command early has been disabled' },
    });
    d.disableCommand('early', 'not now');
    expect(await d.dispatch({ execute: 'early' })).toEqual({
      error: { class: 'CommandNotFound', desc: 'Command early has been disabled: not now' },
    });
    d.enableCommand('early');
    expect(await d.dispatch({ execute: 'early' })).toEqual({ return: {} });
  });
  it('exec-oob needs allow-oob', async () => {
    const d = dispatcher();
    expect(await d.dispatch({ 'exec-oob': 'early', id: 1 }, { oob: true })).toEqual({
      id: 1,
      error: generic('The command early does not support OOB'),
    });
    expect(await d.dispatch({ 'exec-oob': 'query-info', id: 2 }, { oob: true })).toEqual({ return: { name: 'x', old: 1 }, id: 2 });
  });
  it('before machine initialization only allow-preconfig commands run', async () => {
    const d = dispatcher();
    expect(await d.dispatch({ execute: 'fire' }, { preconfig: true })).toEqual({
      error: generic("The command 'fire' is permitted only after machine initialization has completed"),
    });
    expect(await d.dispatch({ execute: 'early' }, { preconfig: true })).toEqual({ return: {} });
  });
  it('command checks come before argument validation', async () => {
    const d = dispatcher({ policy: { deprecatedInput: 'reject' } });
    expect(await d.dispatch({ execute: 'old-cmd', arguments: { bogus: 1 } })).toEqual({
      error: { class: 'CommandNotFound', desc: 'Deprecated command old-cmd disabled by policy' },
    });
  });
});

describe('arguments, handler and reply', () => {
  const d = dispatcher();
  it('absent arguments are {}', async () => {
    expect(await d.dispatch({ execute: 'job-pause', id: 38 })).toEqual({ id: 38, error: generic("Parameter 'id' is missing") });
  });
  it('the handler gets the validated arguments', async () => {
    calls.length = 0;
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'bk0' }, id: 52 })).toEqual({ return: {}, id: 52 });
    expect(calls).toEqual([{ id: 'bk0' }]);
  });
  it('a QmpError thrown or rejected by the handler becomes the error reply', async () => {
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'nosuchjob' }, id: 7 })).toEqual({
      id: 7,
      error: generic('Job not found'),
    });
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'async-error' } })).toEqual({
      error: { class: 'DeviceNotActive', desc: 'gone' },
    });
    expect(await d.dispatch({ execute: 'job-pause', arguments: { id: 'async' } })).toEqual({ return: {} });
  });
  it("any other throw answers QEMU's way, a GenericError with the handler's message, and is reported with its stack", async () => {
    const seen: unknown[] = [];
    const reported: Array<[unknown, string]> = [];
    const onError = (error: unknown, context: string): number => reported.push([error, context]);
    const r = await dispatcher({ onInternalError: (c, e) => seen.push([c, e]) }).dispatch(
      { execute: 'job-pause', arguments: { id: 'bug' }, id: 3 },
      { onError },
    );
    expect(r).toEqual({ id: 3, error: generic('oops') });
    expect(seen).toEqual([['job-pause', expect.any(TypeError)]]);
    const thrown = (seen[0] as [string, unknown])[1];
    expect(reported).toEqual([[thrown, 'command job-pause']]);
    expect((reported[0]![0] as Error).stack).toMatch(/^TypeError: oops\n {4}at /u);
  });
  it('handlerFailureReply hides the message, or maps the thrown value', async () => {
    const bug = { execute: 'job-pause', arguments: { id: 'bug' } };
    expect(await dispatcher({ handlerFailureReply: 'hide' }).dispatch(bug)).toEqual({ error: generic('Internal error') });
    const mapped = dispatcher({
      handlerFailureReply: (error, command) => ({ class: 'DeviceNotActive', desc: `${command} failed: ${(error as Error).name}` }),
    });
    expect(await mapped.dispatch(bug)).toEqual({ error: { class: 'DeviceNotActive', desc: 'job-pause failed: TypeError' } });
    // A mapping that fails (or gives no QMP error) is itself reported; the client gets the hidden reply.
    const reported: string[] = [];
    const broken = dispatcher({ handlerFailureReply: () => ({ class: 'NoSuchClass' as 'GenericError', desc: 'x' }) });
    expect(await broken.dispatch(bug, { onError: (e, context) => reported.push(`${context}: ${String(e)}`) })).toEqual({
      error: generic('Internal error'),
    });
    expect(reported).toEqual([
      'command job-pause: TypeError: oops',
      'handlerFailureReply for command job-pause: TypeError: not a QMP error {class, desc}: {"class":"NoSuchClass","desc":"x"}',
    ]);
  });
  it('a thrown value that is not an Error gives its string as desc', async () => {
    const d2 = new Dispatcher({ tables, handlers: { 'query-info': () => Promise.reject('plain text') } });
    expect(await d2.dispatch({ execute: 'query-info' })).toEqual({ error: generic('plain text') });
  });
  it('success-response false: no reply on success', async () => {
    expect(await d.dispatch({ execute: 'fire', id: 1 })).toBeUndefined();
    expect(await d.dispatch({ execute: 'fire', arguments: { x: 1 }, id: 1 })).toEqual({
      id: 1,
      error: generic("Parameter 'x' is unexpected"),
    });
  });
  it('the return value is checked and rebuilt from the schema; hide drops deprecated members', async () => {
    expect(await d.dispatch({ execute: 'query-info' })).toEqual({ return: { name: 'x', old: 1 } });
    expect(await dispatcher({ policy: { deprecatedOutput: 'hide' } }).dispatch({ execute: 'query-info' })).toEqual({
      return: { name: 'x' },
    });
  });
  it('a bad return value is a handler failure, never bad output', async () => {
    const bad = new Dispatcher({ tables, handlers: { 'query-info': () => ({ name: 5 }), early: () => 'x' } });
    expect(await bad.dispatch({ execute: 'query-info' })).toEqual({ error: generic('return value.name must be str') });
    expect(await bad.dispatch({ execute: 'early' })).toEqual({
      error: generic('return value must be empty: the command declares no return type'),
    });
    const hidden = new Dispatcher({ tables, handlers: { 'query-info': () => ({ name: 5 }) }, handlerFailureReply: 'hide' });
    expect(await hidden.dispatch({ execute: 'query-info' })).toEqual({ error: generic('Internal error') });
  });
  it('gen: false commands get their raw arguments', async () => {
    expect(await d.dispatch({ execute: 'raw', arguments: { b: 'x' } })).toEqual({ return: { echoed: { b: 'x' } } });
  });
  it('reply key order: return before id; id before error', async () => {
    expect(Object.keys((await d.dispatch({ execute: 'early', id: 1 })) ?? {})).toEqual(['return', 'id']);
    expect(Object.keys((await d.dispatch({ execute: 'nope', id: 1 })) ?? {})).toEqual(['id', 'error']);
  });
  it('handle() settles synchronously for synchronous handlers', () => {
    expect(d.handle({ execute: 'job-pause', arguments: { id: 'a' }, id: 1 })).toEqual({ return: {}, id: 1 });
  });
});
