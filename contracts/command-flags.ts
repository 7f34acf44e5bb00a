/**
 * The six flags of a QAPI command, with their defaults applied (QEMU's check_flags in
 * scripts/qapi/expr.py and QAPISchemaCommand in scripts/qapi/schema.py). The expression
 * checks produce them, the schema model carries them, the back ends read them; the
 * validation tables keep the ones the runtime acts on (allowOob, allowPreconfig,
 * successResponse as noSuccessResponse, gen as unchecked).
 */
export interface CommandFlags {
  readonly boxed: boolean;
  /** `gen: false`: QEMU generates no marshaller; the handler checks its own arguments. */
  readonly gen: boolean;
  /** `success-response: false`: no reply on success. */
  readonly successResponse: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
  readonly coroutine: boolean;
}
