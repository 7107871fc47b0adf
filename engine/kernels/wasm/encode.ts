/**
 * A tiny WebAssembly binary writer: just the encodings the GEMM module needs, each named after its
 * text-format instruction and commented with its opcode, so the emitted bytes can be read against the
 * spec (https://webassembly.github.io/spec/core/binary/). No toolchain, no opaque blob.
 *
 * Conventions of the binary format used here:
 * - integers are LEB128: unsigned (`u32`) for counts, indices, sizes and memarg fields, signed (`s32`)
 *   for `i32.const` immediates;
 * - a "vec" is a u32 element count followed by the elements;
 * - a section is its id byte, its byte size (u32) and its contents;
 * - SIMD instructions are the prefix byte 0xFD followed by the sub-opcode as a u32 LEB128, so opcodes
 *   ≥ 0x80 take two bytes (f32x4.add 0xE4 is written FD E4 01).
 */

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof V128;

/** Unsigned LEB128: 7 bits per byte, low bits first, high bit set on every byte but the last. */
export function u32(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

/** Signed LEB128: like `u32`, but stops once the remaining bits are all copies of the sign bit. */
export function s32(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7; // arithmetic shift keeps the sign
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A vec: element count, then the elements' bytes. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

/** A name: its UTF-8 bytes as a vec (ASCII only here). */
export function name(text: string): number[] {
  return [...u32(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

/** A section: id, byte size, contents. Ids: 1 type, 3 function, 5 memory, 7 export, 10 code. */
export function section(id: number, contents: readonly number[]): number[] {
  return [id, ...u32(contents.length), ...contents];
}

/** A function type: 0x60, then the parameter and result type vecs. */
export function funcType(params: readonly ValType[], results: readonly ValType[]): number[] {
  return [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];
}

/** The module header: magic `\0asm` and version 1. */
export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/**
 * One function body under construction. Methods append one instruction each and return `this`, so a
 * body reads like the text format: `f.get(a).get(b).i32Add().set(a)`.
 */
export class FuncBody {
  private readonly code: number[] = [];
  /** Local declarations after the parameters: [count, type] runs. */
  private readonly locals: [number, ValType][] = [];
  private nextLocal: number;

  constructor(paramCount: number) {
    this.nextLocal = paramCount;
  }

  /** Declares a new local of type `t` and returns its index (parameters come first). */
  local(t: ValType): number {
    this.locals.push([1, t]);
    return this.nextLocal++;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  // Control. Block types are 0x40 (no result) throughout. Branch depth 0 is the innermost label:
  // for a `block` the branch jumps past its `end`, for a `loop` back to its start.
  block(): this { return this.op(0x02, 0x40); } // block
  loop(): this { return this.op(0x03, 0x40); } // loop
  end(): this { return this.op(0x0b); } // end
  br(depth: number): this { return this.op(0x0c, ...u32(depth)); } // br
  brIf(depth: number): this { return this.op(0x0d, ...u32(depth)); } // br_if (pops an i32 condition)
  call(func: number): this { return this.op(0x10, ...u32(func)); } // call
  drop(): this { return this.op(0x1a); } // drop
  select(): this { return this.op(0x1b); } // select: (x, y, cond) → cond ? x : y

  // Locals.
  get(i: number): this { return this.op(0x20, ...u32(i)); } // local.get
  set(i: number): this { return this.op(0x21, ...u32(i)); } // local.set
  tee(i: number): this { return this.op(0x22, ...u32(i)); } // local.tee (set, keep the value)

  // i32 arithmetic and comparisons (comparisons push 1 or 0).
  i32Const(n: number): this { return this.op(0x41, ...s32(n)); } // i32.const
  i32Eqz(): this { return this.op(0x45); } // i32.eqz
  i32GeU(): this { return this.op(0x4f); } // i32.ge_u
  i32GtU(): this { return this.op(0x4b); } // i32.gt_u
  i32Add(): this { return this.op(0x6a); } // i32.add
  i32Sub(): this { return this.op(0x6b); } // i32.sub
  i32Mul(): this { return this.op(0x6c); } // i32.mul
  i32And(): this { return this.op(0x71); } // i32.and

  // SIMD (prefix 0xFD). A memarg is the alignment exponent (a hint: 2 = 4 bytes, 4 = 16 bytes) then
  // a constant byte offset added to the i32 address on the stack.
  v128Zero(): this { return this.op(0xfd, ...u32(0x0c), ...new Array<number>(16).fill(0)); } // v128.const 0 (16 immediate bytes)
  v128Load(offset: number): this { return this.op(0xfd, ...u32(0x00), 4, ...u32(offset)); } // v128.load
  v128Load32Splat(offset: number): this { return this.op(0xfd, ...u32(0x09), 2, ...u32(offset)); } // v128.load32_splat
  v128Store(offset: number): this { return this.op(0xfd, ...u32(0x0b), 4, ...u32(offset)); } // v128.store (addr, value)
  f32x4Add(): this { return this.op(0xfd, ...u32(0xe4)); } // f32x4.add
  f32x4Mul(): this { return this.op(0xfd, ...u32(0xe6)); } // f32x4.mul

  /** The encoded body: byte size, local declarations, instructions, final `end`. */
  encode(): number[] {
    const body = [...vec(this.locals.map(([n, t]) => [...u32(n), t])), ...this.code, 0x0b];
    return [...u32(body.length), ...body];
  }
}
