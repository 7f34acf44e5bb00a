/** The doc part of test-qapi.py's output: every doc block in parse order. */
import type { QAPIDoc } from '../../doc/doc.js';
import type { DumpLines } from './dump.js';

export function dumpDoc(doc: QAPIDoc, out: DumpLines): void {
  out.push(doc.symbol ? `doc symbol=${doc.symbol}` : 'doc freeform');
  out.push(`    body=\n${doc.body.text}`);
  doc.args.forEach((section, name) => out.push(`    arg=${name}\n${section.text}`));
  doc.features.forEach((section, name) => out.push(`    feature=${name}\n${section.text}`));
  for (const section of doc.sections) out.push(`    section=${section.label}\n${section.text}`);
}
