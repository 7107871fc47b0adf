/**
 * Parameters are data: each block lists ParamSpecs, and both the document validator and the
 * editor's inspector widgets are derived from them.
 */
import { z } from 'zod';
import { TokenizerSpecSchema, type TokenizerSpec } from './tokenizer-spec.ts';

interface Common {
  /** Shown in the inspector. */
  readonly help: string;
  readonly label?: string;
}
export interface IntParam extends Common {
  readonly kind: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}
export interface FloatParam extends Common {
  readonly kind: 'float';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}
export interface BoolParam extends Common {
  readonly kind: 'bool';
  readonly default: boolean;
}
export interface EnumParam<O extends string = string> extends Common {
  readonly kind: 'enum';
  readonly options: readonly O[];
  readonly default: O;
}
/** Free text: a name, or a reference to another node (`tie_to`). */
export interface StringParam extends Common {
  readonly kind: 'string';
  readonly default: string;
  readonly maxLength: number;
}
export interface TokenizerParam extends Common {
  readonly kind: 'tokenizer';
  readonly default: TokenizerSpec;
}

export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam | StringParam | TokenizerParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type of one ParamSpec. */
export type ParamValue<S extends ParamSpec> = S extends IntParam | FloatParam
  ? number
  : S extends BoolParam
    ? boolean
    : S extends EnumParam<infer O>
      ? O
      : S extends StringParam
        ? string
        : S extends TokenizerParam
          ? TokenizerSpec
          : never;

/** Resolved parameter values of a block, defaults filled in. */
export type ParamValues<P extends ParamSpecs> = { -readonly [K in keyof P]: ParamValue<P[K]> };

/** Any resolved parameter value. */
export type AnyParamValue = number | boolean | string | TokenizerSpec;

function specSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'int':
      return z.number().int().min(spec.min).max(spec.max);
    case 'float':
      return z.number().min(spec.min).max(spec.max);
    case 'bool':
      return z.boolean();
    case 'enum':
      return z.enum(spec.options as [string, ...string[]]);
    case 'string':
      return z.string().max(spec.maxLength);
    case 'tokenizer':
      return TokenizerSpecSchema;
  }
}

const cache = new WeakMap<ParamSpecs, z.ZodType>();

/** The zod schema for a block's `params` object (strict: unknown keys are rejected). */
export function paramsSchema(specs: ParamSpecs): z.ZodType {
  let schema = cache.get(specs);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, spec] of Object.entries(specs)) shape[name] = specSchema(spec).optional();
    schema = z.object(shape).strict();
    cache.set(specs, schema);
  }
  return schema;
}

/** Default values of all params. */
export function defaultParams(specs: ParamSpecs): Record<string, AnyParamValue> {
  const out: Record<string, AnyParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  return out;
}
