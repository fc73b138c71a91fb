// Shapes every HTTP area shares: ids, dates, pages, errors, and `oneOf` for a closed list of words.
import { Type, type Static, type TEnum, type TSchema, type TSchemaOptions } from 'typebox';

/** One of a closed list of words; the static type is the union of the list (`'open' | 'won' | 'lost'`), not `string`. */
export const oneOf = <const T extends readonly string[]>(values: T, options: TSchemaOptions = {}): TEnum<[...T]> =>
  Type.Enum<[...T]>([...values], { type: 'string', ...options });

export const Uuid = Type.String({ format: 'uuid' });
/** A calendar date, limited to years 1900-2999: PostgreSQL takes year 0000 or 10000 no better than people do. */
export const IsoDate = Type.String({ format: 'date', pattern: '^(19|2[0-9])[0-9]{2}-', description: 'YYYY-MM-DD, years 1900-2999' });
/** A moment, limited to years 1900-2999 like IsoDate. */
export const IsoDateTime = Type.String({ format: 'date-time', pattern: '^(19|2[0-9])[0-9]{2}-', description: 'ISO 8601 date and time, years 1900-2999' });
/**
 * A string, number or boolean that may be null, in a request: one schema with `nullable` (OpenAPI 3.0) rather than a
 * union. The request validator coerces types, and tries a union's members in turn: null against a number member
 * becomes 0 (against a string, ""), and 0 against a leading null member becomes null. Against one nullable type, null
 * stays null and 0 stays 0.
 */
export const NullableValue = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...JSON.parse(JSON.stringify(schema)), nullable: true });

const primitive = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * A value that may be null. A string, number or boolean becomes one schema with `nullable` (see NullableValue: in a
 * request a union would turn null into "" or 0); an object, an array or a closed list of words stays a union with null
 * (`nullable` does not add null to an enum).
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  primitive.has((schema as { type?: unknown }).type as string) && !('enum' in schema) && !('const' in schema)
    ? NullableValue(schema)
    : Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const FieldError = Type.Object({ path: Type.String(), message: Type.String() });
export type FieldError = Static<typeof FieldError>;

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(FieldError)),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Uuid),
};

export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), next: Nullable(Type.String()) });
export type Page<T> = { items: T[]; next: string | null };
export const list = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export const Ref = Type.Object({ id: Type.String(), name: Type.String() });
export type Ref = Static<typeof Ref>;

export const Actor = Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Type.String() });
export type Actor = Static<typeof Actor>;

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};
