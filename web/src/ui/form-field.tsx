// A labelled input of a form with the reason its value was refused under it, tied to the input for screen
// readers (aria-invalid, aria-describedby). The input is the caller's: a text input, a select, a picker.
import type { ReactNode } from 'react';

/** What an input needs so that its hint and error read with it: its id, aria-invalid and aria-describedby. */
export function fieldControl(id: string, error: string | undefined, hint = false) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy || undefined };
}

/** Moves the focus to the first of `names` (in the form's order) with a problem, the input `${prefix}-${name}`; says whether there was one. */
export function focusFirstProblem(form: HTMLFormElement, prefix: string, names: readonly string[], problems: Partial<Record<string, string>>): boolean {
  const first = names.find((name) => problems[name]);
  if (first) form.querySelector<HTMLElement>(`#${CSS.escape(`${prefix}-${first}`)}`)?.focus();
  return first !== undefined;
}

/** The reason a value was refused, under its input (the id of the input; nothing when there is no error). */
export function FieldMessage({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

/** The props of a text input or select bound to a string value: fieldControl's, the class, the value and its change. */
export function textControl(id: string, value: string, error: string | undefined, onChange: (value: string) => void) {
  return { ...fieldControl(id, error), className: 'input', value, onChange: (event: { target: { value: string } }) => onChange(event.target.value) };
}

type FormFieldProps = {
  /** The input's id, as given to fieldControl or textControl. */
  id: string;
  label: ReactNode;
  error?: string | undefined;
  /** A line under the input; give fieldControl `hint` so the input points at it. */
  hint?: ReactNode;
  /** The wrapper's class: a cell of a form row by default, none when empty. */
  className?: string;
  children: ReactNode;
};

export function FormField({ id, label, error, hint, className = 'form-cell', children }: FormFieldProps) {
  return (
    <div className={className || undefined}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      ) : null}
      <FieldMessage id={id} error={error} />
    </div>
  );
}
