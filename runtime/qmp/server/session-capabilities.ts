/**
 * The one command of capabilities-negotiation mode, `qmp_capabilities`
 * (`'data': {'*enable': ['QMPCapability']}`), which the session runs itself because it
 * changes the session: its argument checks with the QAPI visitor's texts, then
 * qmp_qmp_capabilities() and qmp_caps_accept() of monitor/qmp-cmds-control.c.
 */
import { messages } from '../dispatch/errors.js';
import type { QmpErrorClass } from '../dispatch/errors.js';
import type { UncheckedJsonObject } from '../json/value.js';

/** Enum QMPCapability of QEMU 7.2. */
export const QMP_CAPABILITIES: readonly string[] = ['oob'];

export const NEGOTIATION_EXPECTED = "Expecting capabilities negotiation with 'qmp_capabilities'";
const NEGOTIATION_DONE = 'Capabilities negotiation is already complete, command ignored';

export type CapabilitiesVerdict =
  | { readonly ok: true; readonly enable: readonly string[] }
  | { readonly ok: false; readonly errorClass: QmpErrorClass; readonly desc: string };

export interface CapabilitiesRequest {
  readonly arguments: UncheckedJsonObject | undefined;
  readonly viaOob: boolean;
  readonly commandMode: boolean;
  readonly offered: readonly string[];
}

/** The checks in QEMU's order: OOB support, arguments, mode, then the offer. */
export function decideCapabilities(request: CapabilitiesRequest): CapabilitiesVerdict {
  if (request.viaOob) return generic(messages.noOob('qmp_capabilities'));
  const parsed = parseEnable(request.arguments);
  if (typeof parsed === 'string') return generic(parsed);
  if (request.commandMode) return { ok: false, errorClass: 'CommandNotFound', desc: NEGOTIATION_DONE };
  const unavailable = parsed.filter((capability) => !request.offered.includes(capability));
  if (unavailable.length > 0) return generic(`Capability ${unavailable.join(', ')} not available`);
  return { ok: true, enable: parsed };
}

function generic(desc: string): CapabilitiesVerdict {
  return { ok: false, errorClass: 'GenericError', desc };
}

/** The `enable` list, or the visitor's error text. */
function parseEnable(args: UncheckedJsonObject | undefined): string[] | string {
  const enable: string[] = [];
  if (args === undefined) return enable;
  if (Object.hasOwn(args, 'enable')) {
    const list = args['enable'];
    if (!Array.isArray(list)) return messages.invalidType('enable', 'array');
    for (const [index, element] of list.entries()) {
      if (typeof element !== 'string') return messages.invalidType(`enable[${index}]`, 'string');
      // List elements are nameless: QEMU prints the name as 'null'.
      if (!QMP_CAPABILITIES.includes(element)) return messages.badEnumValue('null', element);
      enable.push(element);
    }
  }
  const extra = Object.keys(args).find((key) => key !== 'enable');
  return extra === undefined ? enable : messages.unexpected(extra);
}
