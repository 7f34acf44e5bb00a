/** The doc part of test-qapi.py's output: every doc block in parse order. */
import type { QAPIDoc } from '../../doc/doc.js';

export function dumpDoc(doc: QAPIDoc, out: string[]): void {
  out.push(doc.symbol ? `doc symbol=${doc.symbol}` : 'doc freeform');
  out.push(`    body=\n${doc.body.text}`);
  for (const [name, section] of doc.args) out.push(`    arg=${name}\n${section.text}`);
  for (const [name, section] of doc.features) out.push(`    feature=${name}\n${section.text}`);
  for (const section of doc.sections) out.push(`    section=${section.name ?? 'None'}\n${section.text}`);
}
