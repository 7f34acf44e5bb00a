import { describe, expect, it } from 'vitest';
import {
  alternateGuardName,
  commandArgumentsName,
  enumValuesName,
  eventDataName,
  pascalCase,
  propertyName,
  typeName,
} from '../../../../generator/backends/typescript/naming.js';

describe('naming contract', () => {
  it('keeps QAPI type names, mapping downstream punctuation to _', () => {
    expect(typeName('JobInfo')).toBe('JobInfo');
    expect(typeName('__org.qemu_x-Struct')).toBe('__org_qemu_x_Struct');
  });

  it('names enum value arrays, command arguments and event data', () => {
    expect(enumValuesName('JobStatus')).toBe('JobStatusValues');
    expect(commandArgumentsName('job-pause')).toBe('JobPauseArguments');
    expect(commandArgumentsName('x-blockdev-amend')).toBe('XBlockdevAmendArguments');
    expect(commandArgumentsName('query-x86-cpu-model')).toBe('QueryX86CpuModelArguments');
    expect(eventDataName('JOB_STATUS_CHANGE')).toBe('JobStatusChangeData');
    expect(eventDataName('__ORG.QEMU_X-EVENT')).toBe('OrgQemuXEventData');
  });

  it('names alternate guards after the alternate and the branch', () => {
    expect(alternateGuardName('BlockdevRef', 'reference')).toBe('isBlockdevRefReference');
  });

  it('quotes member names only when they are not identifiers', () => {
    expect(propertyName('id')).toBe('id');
    expect(propertyName('if')).toBe('if');
    expect(propertyName('auto-finalize')).toBe("'auto-finalize'");
    expect(propertyName('0day')).toBe("'0day'");
  });

  it('makes PascalCase from any separator', () => {
    expect(pascalCase('guest-sync-delimited')).toBe('GuestSyncDelimited');
    expect(pascalCase('BLOCK_JOB_READY')).toBe('BlockJobReady');
  });
});
