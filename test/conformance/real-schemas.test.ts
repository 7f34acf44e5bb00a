/**
 * QEMU's three real schemas (QMP, guest agent, storage daemon) of each release dump exactly as
 * that release's tests/qapi-schema/test-qapi.py prints them. The expected hashes are QEMU's
 * output, not ours: the SHA-256 of the stdout of QEMU's own `test_frontend(SCHEMA)` from
 * tests/qapi-schema/test-qapi.py (with that release's scripts/qapi on the Python path; QEMU
 * 7.2.0, 10.0.2 and 10.2.2 upstream sources, Python 3.11), run in the release's reference data folder
 * (`qemu-7.2/`, `qemu-10.0/`, `qemu-10.2/`) with SCHEMA the relative path shown below.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDump } from '../../generator/backends/dump/dump.js';
import { dialectFor } from '../../generator/dialect/select.js';
import { loadSchema } from '../../generator/frontend.js';
import { qemuDir } from '../support/qemu-dir.js';

const QEMU_OUTPUT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '7.2': {
    'qapi/qapi-schema.json': '59e0aae5334d4fd116890c3d8b88459a5451629129a8313769cdd0f4341fad0d',
    'qga/qapi-schema.json': '18b7641c8aaf99d7f9188e6156b4ab3a4cc692214682e1ae95794418d2e9a214',
    'storage-daemon/qapi/qapi-schema.json': '329da083edbb0b9b5c3b4c0db2e1018c1e2ee5a0109816dd65e04b2ae2ba2fc3',
  },
  '10.0': {
    'qapi/qapi-schema.json': '3356d11abb1d6f665c9eaa6f1d5b1e53f1dc83c530489e7551357e8bd3368d73',
    'qga/qapi-schema.json': '015b8fedafff83bbd1fc1fc30ea10c7b48221819f5181302aa41a4a51556b250',
    'storage-daemon/qapi/qapi-schema.json': '4f57a6a1695443567e80ba26021dbce7e0a58edda518acb4f1f00f02f69b2fa4',
  },
  '10.2': {
    'qapi/qapi-schema.json': '12282eeecfd4ee2c16611f7c083faf3c6723777d50bab388cb6040f421ce09e5',
    'qga/qapi-schema.json': '395392a6601d981db1eca4dd62d5e704afa0a42a0898b145d3e7f2e3405a66b8',
    'storage-daemon/qapi/qapi-schema.json': '52c368460609b43f426339f008527e4e3ebcdddd2fa22baa6d2c66890b36a248',
  },
};

for (const [version, schemas] of Object.entries(QEMU_OUTPUT)) {
  const dir = qemuDir(version);
  describe(`${version} real schemas`, () => {
    for (const [schema, sha256] of Object.entries(schemas)) {
      it(`${schema} dumps as QEMU ${version} prints it`, () => {
        const { schema: checked, docs } = loadSchema(schema, (f) => readFileSync(join(dir, f)), dialectFor(version));
        const hash = createHash('sha256');
        writeDump(checked, docs, (text) => hash.update(text));
        expect(hash.digest('hex')).toBe(sha256);
      });
    }
  });
}
