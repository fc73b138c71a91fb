// The one HTTP error handler: expected errors become 4xx with code, message and fields; anything else a logged 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, assertNever, type ErrorKind, type FieldIssue } from '../../domain/errors.ts';

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertNever(kind);
  }
}

type AjvError = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

/** Turns Ajv's errors into one entry per field: a JSON pointer into the request part, and a reason. */
export function fieldIssues(errors: AjvError[], part: string | undefined): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  // A field that fails a union reports each member: the member whose type fitted says why ("must be <= 100"), not
  // the one whose type did not ("must be null"). Stable: fields keep the order Ajv found them in.
  const rank = (e: AjvError) => (e.keyword === 'type' ? 1 : e.keyword === 'anyOf' ? 2 : 0);
  const firstAt = new Map<string, number>();
  errors.forEach((e, i) => {
    if (!firstAt.has(e.instancePath)) firstAt.set(e.instancePath, i);
  });
  const ordered = errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => firstAt.get(a.e.instancePath)! - firstAt.get(b.e.instancePath)! || rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
  for (const e of ordered) {
    let path = e.instancePath;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required') {
      path = `${path}/${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = `${path}/${String(e.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (e.keyword === 'minLength' || e.keyword === 'maxLength') {
      // AJV's "must NOT have fewer than 1 characters" read as people say it.
      const limit = Number(e.params.limit);
      message = e.keyword === 'maxLength' ? `must be at most ${limit} characters` : limit === 1 ? 'must not be empty' : `must be at least ${limit} characters`;
    } else if (e.keyword === 'minItems' || e.keyword === 'maxItems') {
      const limit = Number(e.params.limit);
      const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
      message = e.keyword === 'maxItems' ? `must have at most ${items(limit)}` : limit === 1 ? 'must not be empty' : `must have at least ${items(limit)}`;
    } else if (e.keyword === 'format') {
      message = `must be a valid ${String(e.params.format)}`;
    } else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      // The values themselves, so the caller can correct the request without the API reference at hand.
      const allowed = e.params.allowedValues.map(String);
      message = `must be one of ${allowed.slice(0, 20).join(', ')}${allowed.length > 20 ? `, … (${allowed.length} values)` : ''}`;
    } else if (e.keyword === 'anyOf' || e.keyword === 'const') {
      // Unions of literals report one line per member; the enum-like reason is clearer.
      message = e.keyword === 'const' ? `must be one of the allowed values` : 'is not one of the allowed values';
    }
    const key = `${part ?? ''}${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: `${part ? `${part}:` : ''}${path || '/'}`, message });
  }
  return issues;
}

export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(statusOf(error.kind)).send({
      error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }), ...(error.details && { details: error.details }) },
    });
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    const fields = fieldIssues(fe.validation, fe.validationContext);
    return reply.status(400).send({
      error: { code: 'validation', message: `Invalid ${fe.validationContext ?? 'request'}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, fields },
    });
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send({ error: { code: (fe.code ?? 'bad_request').toLowerCase(), message: fe.message } });
  }
  request.log.error({ err: error, method: request.method, url: request.url, reqId: request.id }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'internal', message: `Something went wrong on our side (request ${request.id}); it has been logged` } });
}
