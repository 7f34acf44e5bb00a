/**
 * What the `jobs` subcommands load when they run (one lazily loaded chunk): the transcript
 * tools and the job state machine's descriptions, which the public `qapi-ts/jobs` entry point
 * does not export.
 */
export { replayTrace, verifyTrace } from '../runtime/jobs/replay.js';
export { QmpLogError } from '../runtime/qmp/log/qmp-log.js';
export { stateDiagramDot, stateDiagramMermaid, verbTableMarkdown } from '../runtime/jobs/state-diagram.js';
