/** `if` conditions as test-qapi.py prints them: bare strings, or Python dict/list literals. */
import type { IfCond } from '../../expr/checked.js';
import { pyRepr } from '../../source/python.js';

/** Python `str()` of a condition nested in a dict or list: strings are repr'd. */
function pyLiteral(cond: IfCond): string {
  if (typeof cond === 'string') return pyRepr(cond);
  if ('all' in cond) return `{'all': [${cond.all.map(pyLiteral).join(', ')}]}`;
  if ('any' in cond) return `{'any': [${cond.any.map(pyLiteral).join(', ')}]}`;
  return `{'not': ${pyLiteral(cond.not)}}`;
}

/** A top-level condition: a bare symbol prints without quotes. */
export function formatCond(cond: IfCond): string {
  return typeof cond === 'string' ? cond : pyLiteral(cond);
}
