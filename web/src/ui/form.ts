// Maps the server's field errors (`/email`, `body:/email`) onto a form's inputs; what matches no input stays a form error.
import { ApiError, type FieldError } from './http.ts';

/** `body:/email` and `/email` both name the `email` input. */
export function fieldName(path: string): string {
  return (
    path
      .replace(/^[a-z]+:/i, '')
      .replace(/^\//, '')
      .split('/')[0] ?? ''
  );
}

export type SplitErrors = {
  /** The first message per input name. */
  byField: Record<string, string>;
  /** The error for the form as a whole: its message and any field errors that match no input. */
  rest: ApiError | Error | null;
};

export function splitFieldErrors(error: unknown, names: readonly string[]): SplitErrors {
  const byField: Record<string, string> = {};
  if (!error) return { byField, rest: null };
  if (!(error instanceof ApiError)) return { byField, rest: error instanceof Error ? error : new Error(String(error)) };
  const unmatched: FieldError[] = [];
  for (const field of error.fields) {
    const name = fieldName(field.path);
    if (names.includes(name)) byField[name] ??= field.message;
    else unmatched.push(field);
  }
  // A validation error whose every reason is shown next to its input needs no summary beyond a short line.
  const message = error.code === 'validation' && unmatched.length === 0 ? 'Check the highlighted fields.' : error.message;
  return { byField, rest: new ApiError(error.status, error.code, message, unmatched) };
}

/** The server's reasons are fragments ("is already taken"): name the field so they read as a sentence. */
export function fieldSentence(label: string, message: string): string {
  const text = message.trim();
  if (!text) return text;
  const sentence = /^[a-z]/.test(text) ? `${label} ${text}` : text;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
