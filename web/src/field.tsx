type FieldProps = {
  label: string
  name: string
  value: string
  onValue: (value: string) => void
  hint?: string | undefined
  error?: string | null | undefined
  type?: string
  inputMode?: 'numeric' | 'tel' | 'text'
  autoComplete?: string
  required?: boolean
  maxLength?: number
  /** A text area of this many rows instead of a one-line input. */
  rows?: number
}

/** A labelled input with an optional hint and error, tied together for screen readers. */
export function Field(props: FieldProps) {
  // Names are unique within a page, and only one page shows at a time.
  const id = `field-${props.name}`
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .join(' ')
    .trim()
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    maxLength: props.maxLength,
    'aria-describedby': described || undefined,
    'aria-invalid': props.error ? true : undefined,
    onInput: (e: Event) => props.onValue((e.currentTarget as HTMLInputElement).value),
  }
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.rows ? (
        <textarea rows={props.rows} {...common} />
      ) : (
        <input
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete}
          {...common}
        />
      )}
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${id}-error`} class="error">
          {props.error}
        </small>
      )}
    </div>
  )
}
