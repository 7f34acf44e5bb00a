/**
 * Numbers as QEMU writes them: integers in decimal, doubles with printf's `%.17g` (glibc:
 * exact decimal expansion, round-half-even), so `0.1` is `0.10000000000000001` and `1e20`
 * is `1e+20`; non-finite values print as `inf`, `-inf`, `nan`.
 */
import { QmpDouble } from './value.js';

const PRECISION = 17;
const TWO_64 = 2 ** 64;
const TWO_63 = 2 ** 63;

export function formatNumber(n: number | bigint | QmpDouble): string {
  if (typeof n === 'bigint') return n.toString();
  if (n instanceof QmpDouble) return formatDouble(n.value);
  if (Number.isInteger(n) && n > -TWO_63 - 1 && n < TWO_64) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  return formatDouble(n);
}

/** printf("%.17g", x). */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, exponent } = roundedDigits(Math.abs(x));
  const body = exponent < -4 || exponent >= PRECISION ? scientific(digits, exponent) : fixed(digits, exponent);
  return sign + body;
}

function scientific(digits: string, exponent: number): string {
  const fraction = digits.slice(1).replace(/0+$/, '');
  const magnitude = Math.abs(exponent).toString().padStart(2, '0');
  return `${digits[0] ?? '0'}${fraction === '' ? '' : `.${fraction}`}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

function fixed(digits: string, exponent: number): string {
  const whole = exponent >= 0 ? digits.slice(0, exponent + 1) : '0';
  const rawFraction = exponent >= 0 ? digits.slice(exponent + 1) : '0'.repeat(-exponent - 1) + digits;
  const fraction = rawFraction.replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** The 17 significant digits of x > 0, correctly rounded (ties to even), and its decimal exponent. */
function roundedDigits(x: number): { digits: string; exponent: number } {
  const { mantissa, binaryExponent } = decompose(x);
  // x = mantissa * 2^e exactly; as a decimal: all digits of N and a point shifted by `scale`.
  const scale = binaryExponent < 0 ? -binaryExponent : 0;
  const exact = binaryExponent < 0 ? mantissa * 5n ** BigInt(scale) : mantissa << BigInt(binaryExponent);
  const all = exact.toString();
  let exponent = all.length - 1 - scale;
  if (all.length <= PRECISION) return { digits: all.padEnd(PRECISION, '0'), exponent };
  let head = BigInt(all.slice(0, PRECISION));
  if (roundsUp(all, head)) head += 1n;
  let digits = head.toString();
  if (digits.length > PRECISION) {
    digits = digits.slice(0, PRECISION);
    exponent++;
  }
  return { digits, exponent };
}

function roundsUp(all: string, head: bigint): boolean {
  const next = all.charCodeAt(PRECISION) - 48;
  if (next !== 5) return next > 5;
  const rest = all.slice(PRECISION + 1);
  if (/[1-9]/.test(rest)) return true;
  return head % 2n === 1n;
}

function decompose(x: number): { mantissa: bigint; binaryExponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fractionBits = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fractionBits, binaryExponent: -1074 };
  return { mantissa: fractionBits | (1n << 52n), binaryExponent: biased - 1075 };
}
