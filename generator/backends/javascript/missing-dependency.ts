/** An optional package a feature needs is not installed; the message says what to install. */
export class MissingDependencyError extends Error {
  override readonly name = 'MissingDependencyError';
}
