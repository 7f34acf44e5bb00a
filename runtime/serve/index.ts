/** `qapi-ts serve`'s server: the job runtime behind QMP for the project's own schema. */
export { createJobServer } from './job-server.js';
export type { JobServer, JobServerOptions } from './job-server.js';
export { demoJobDriver, DEMO_JOB_STEPS } from './demo-driver.js';
export type { DemoJobParams } from './demo-driver.js';
export { controlHandlers } from './control-commands.js';
export type { ControlCommandsOptions, ControlHandlers } from './control-commands.js';
