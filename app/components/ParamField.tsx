/**
 * Inspector widgets generated from ParamSpecs: number fields with bounds, selects, toggles, text,
 * and a read-only tokenizer summary. One widget per param kind, chosen from a table.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { BoolParam, EnumParam, FloatParam, IntParam, ParamSpec, StringParam, TokenizerParam } from '../../graph-schema/params.ts';
import type { AnyParamValue } from '../../graph-schema/params.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';

interface FieldProps<S extends ParamSpec> {
  readonly name: string;
  readonly spec: S;
  readonly value: AnyParamValue;
  readonly explicit: boolean;
  readonly problem: string | null;
  readonly onChange: (value: AnyParamValue | undefined) => void;
}

function Shell({ name, spec, explicit, problem, onChange, children, id }: FieldProps<ParamSpec> & { children: ReactNode; id: string }) {
  return (
    <div className={`fw-field${problem ? ' has-problem' : ''}`} data-param={name}>
      <div className="fw-field-head">
        <label htmlFor={id}>{spec.label ?? name}</label>
        {explicit && spec.kind !== 'tokenizer' && (
          <button type="button" className="fw-link" onClick={() => onChange(undefined)} aria-label={`Reset ${name} to default`} title={`Default: ${String(spec.default)}`}>
            reset
          </button>
        )}
      </div>
      {children}
      {problem ? <p className="fw-field-problem">{problem}</p> : <p className="fw-field-help">{spec.help}</p>}
    </div>
  );
}

function NumberField(props: FieldProps<IntParam | FloatParam>) {
  const id = useId();
  const { spec, value, onChange } = props;
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const parse = (t: string): number | string => {
    const n = Number(t);
    if (t.trim() === '' || !Number.isFinite(n)) return 'enter a number';
    if (spec.kind === 'int' && !Number.isInteger(n)) return 'enter a whole number';
    if (n < spec.min || n > spec.max) return `between ${spec.min} and ${spec.max}`;
    return n;
  };
  const parsed = parse(text);
  const invalid = typeof parsed === 'string' ? parsed : null;
  return (
    <Shell {...props} id={id} problem={invalid ?? props.problem}>
      <input
        id={id}
        type="number"
        inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
        min={spec.min}
        max={spec.max}
        step={spec.kind === 'int' ? 1 : 'any'}
        value={text}
        aria-label={props.name}
        aria-invalid={invalid !== null}
        onChange={(e) => {
          setText(e.target.value);
          const n = parse(e.target.value);
          if (typeof n === 'number') onChange(n);
        }}
        onBlur={() => setText(String(value))}
      />
    </Shell>
  );
}

function BoolField(props: FieldProps<BoolParam>) {
  const id = useId();
  return (
    <Shell {...props} id={id}>
      <label className="fw-switch">
        <input id={id} type="checkbox" role="switch" aria-label={props.name} checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)} />
        <span className="fw-switch-track" />
        <span>{props.value ? 'on' : 'off'}</span>
      </label>
    </Shell>
  );
}

function EnumField(props: FieldProps<EnumParam>) {
  const id = useId();
  return (
    <Shell {...props} id={id}>
      <select id={id} aria-label={props.name} value={String(props.value)} onChange={(e) => props.onChange(e.target.value)}>
        {props.spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Shell>
  );
}

function StringField(props: FieldProps<StringParam>) {
  const id = useId();
  return (
    <Shell {...props} id={id}>
      <input id={id} type="text" aria-label={props.name} maxLength={props.spec.maxLength} spellCheck={false} value={String(props.value)} onChange={(e) => props.onChange(e.target.value)} />
    </Shell>
  );
}

const PREVIEW_TOKENS = 24;

function TokenizerField(props: FieldProps<TokenizerParam>) {
  const id = useId();
  const t = props.value as TokenizerSpec;
  const kinds: Record<TokenizerSpec['kind'], string> = { char: 'characters', word: 'words', bpe: 'byte-pair merges' };
  return (
    <Shell {...props} id={id}>
      <div className="fw-tokenizer" id={id} aria-label={`${props.name}: ${t.kind} tokenizer, ${t.vocab.length} tokens`}>
        <div className="fw-tokenizer-head">
          <span className="fw-chip">{t.kind}</span> {kinds[t.kind]} · <strong>{t.vocab.length.toLocaleString()}</strong> tokens
          {t.merges ? ` · ${t.merges.length.toLocaleString()} merges` : ''}
          {t.lowercase ? ' · lowercase' : ''}
        </div>
        <div className="fw-token-list">
          {t.vocab.slice(0, PREVIEW_TOKENS).map((tok, i) => (
            <span key={i} className="fw-token" title={`id ${i}`}>
              {tok === ' ' ? '␣' : tok === '\n' ? '↵' : tok}
            </span>
          ))}
          {t.vocab.length > PREVIEW_TOKENS && <span className="fw-token is-more">+{t.vocab.length - PREVIEW_TOKENS}</span>}
        </div>
      </div>
    </Shell>
  );
}

type AnyField = (props: FieldProps<ParamSpec>) => ReactNode;

/** The widget for each param kind. */
const FIELDS = {
  int: NumberField as AnyField,
  float: NumberField as AnyField,
  bool: BoolField as AnyField,
  enum: EnumField as AnyField,
  string: StringField as AnyField,
  tokenizer: TokenizerField as AnyField,
} satisfies Record<ParamSpec['kind'], AnyField>;

/** An inspector field for one parameter. */
export function ParamField(props: FieldProps<ParamSpec>) {
  const Field = FIELDS[props.spec.kind];
  return <Field {...props} />;
}
