import type { ArgType, StructSpec } from './replay-args.js';

/** Argument shapes (QEMU 7.2 QAPI) of the commands the simulated machine runs. */

const ON_ERROR: ArgType = { enum: ['report', 'ignore', 'enospc', 'stop', 'auto'] };
const SYNC: ArgType = { enum: ['top', 'full', 'none', 'incremental', 'bitmap'] };
const ID: StructSpec = { id: 'str' };
const DEVICE: StructSpec = { device: 'str' };
const NONE: StructSpec = {};

const BACKUP_COMMON: StructSpec = {
  '*job-id': 'str',
  device: 'str',
  sync: SYNC,
  '*speed': 'int',
  '*bitmap': 'str',
  '*bitmap-mode': { enum: ['on-success', 'never', 'always'] },
  '*compress': 'bool',
  '*on-source-error': ON_ERROR,
  '*on-target-error': ON_ERROR,
  '*auto-finalize': 'bool',
  '*auto-dismiss': 'bool',
  '*filter-node-name': 'str',
  '*x-perf': { struct: { '*use-copy-range': 'bool', '*max-workers': 'int', '*max-chunk': 'int' } },
};

export const BLOCKDEV_BACKUP: StructSpec = { ...BACKUP_COMMON, target: 'str' };
export const DRIVE_BACKUP: StructSpec = {
  ...BACKUP_COMMON,
  target: 'str',
  '*format': 'str',
  '*mode': { enum: ['existing', 'absolute-paths'] },
};

const BLOCKDEV_MIRROR: StructSpec = {
  '*job-id': 'str',
  device: 'str',
  target: 'str',
  '*replaces': 'str',
  sync: SYNC,
  '*speed': 'int',
  '*granularity': 'int',
  '*buf-size': 'int',
  '*on-source-error': ON_ERROR,
  '*on-target-error': ON_ERROR,
  '*filter-node-name': 'str',
  '*copy-mode': { enum: ['background', 'write-blocking'] },
  '*auto-finalize': 'bool',
  '*auto-dismiss': 'bool',
};

const BLOCK_STREAM: StructSpec = {
  '*job-id': 'str',
  device: 'str',
  '*base': 'str',
  '*base-node': 'str',
  '*backing-file': 'str',
  '*bottom': 'str',
  '*speed': 'int',
  '*on-error': ON_ERROR,
  '*filter-node-name': 'str',
  '*auto-finalize': 'bool',
  '*auto-dismiss': 'bool',
};

const BLOCK_COMMIT: StructSpec = {
  '*job-id': 'str',
  device: 'str',
  '*base-node': 'str',
  '*base': 'str',
  '*top-node': 'str',
  '*top': 'str',
  '*backing-file': 'str',
  '*speed': 'int',
  '*on-error': ON_ERROR,
  '*filter-node-name': 'str',
  '*auto-finalize': 'bool',
  '*auto-dismiss': 'bool',
};

const PREALLOC: ArgType = { enum: ['off', 'metadata', 'falloc', 'full'] };
const BLOCKDEV_CREATE: StructSpec = {
  'job-id': 'str',
  options: {
    union: 'driver',
    variants: {
      file: { filename: 'str', size: 'int', '*preallocation': PREALLOC, '*nocow': 'bool', '*extent-size-hint': 'int' },
      qcow2: {
        file: 'any',
        '*data-file': 'any',
        '*data-file-raw': 'bool',
        '*extended-l2': 'bool',
        size: 'int',
        '*version': { enum: ['v2', 'v3'] },
        '*backing-file': 'str',
        '*backing-fmt': 'str',
        '*encrypt': 'any',
        '*cluster-size': 'int',
        '*preallocation': PREALLOC,
        '*lazy-refcounts': 'bool',
        '*refcount-bits': 'int',
        '*compression-type': { enum: ['zlib', 'zstd'] },
      },
    },
  },
};

/** Transaction actions: the job-starting ones fully typed, the rest accepted as-is. */
const OTHER_ACTIONS = [
  'block-dirty-bitmap-add',
  'block-dirty-bitmap-remove',
  'block-dirty-bitmap-clear',
  'block-dirty-bitmap-enable',
  'block-dirty-bitmap-disable',
  'block-dirty-bitmap-merge',
  'blockdev-snapshot',
  'blockdev-snapshot-internal-sync',
  'blockdev-snapshot-sync',
] as const;

const TRANSACTION: StructSpec = {
  actions: {
    list: {
      union: 'type',
      variants: {
        abort: { data: { struct: {} } },
        'blockdev-backup': { data: { struct: BLOCKDEV_BACKUP } },
        'drive-backup': { data: { struct: DRIVE_BACKUP } },
        ...Object.fromEntries(OTHER_ACTIONS.map((a) => [a, { data: 'any' }])),
      },
    },
  },
  '*properties': { struct: { '*completion-mode': { enum: ['individual', 'grouped'] } } },
};

export const COMMAND_SPECS: Readonly<Record<string, StructSpec | 'any'>> = {
  qmp_capabilities: { '*enable': { list: { enum: ['oob'] } } },
  quit: NONE,
  'query-jobs': NONE,
  'query-block-jobs': NONE,
  'job-pause': ID,
  'job-resume': ID,
  'job-cancel': ID,
  'job-complete': ID,
  'job-finalize': ID,
  'job-dismiss': ID,
  'block-job-pause': DEVICE,
  'block-job-resume': DEVICE,
  'block-job-complete': DEVICE,
  'block-job-cancel': { device: 'str', '*force': 'bool' },
  'block-job-set-speed': { device: 'str', speed: 'int' },
  'block-job-finalize': ID,
  'block-job-dismiss': ID,
  'blockdev-add': 'any',
  'blockdev-backup': BLOCKDEV_BACKUP,
  'drive-backup': DRIVE_BACKUP,
  'blockdev-mirror': BLOCKDEV_MIRROR,
  'block-stream': BLOCK_STREAM,
  'block-commit': BLOCK_COMMIT,
  'blockdev-create': BLOCKDEV_CREATE,
  transaction: TRANSACTION,
};
