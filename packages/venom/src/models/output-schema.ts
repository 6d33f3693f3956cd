import type { JSONSchema7 } from '@ai-sdk/provider';

interface StandardSchemaLike {
  '~standard': {
    validate(value: unknown): StandardResult | Promise<StandardResult>;
    jsonSchema?: { input(options: { target: string }): Record<string, unknown> };
  };
  toJSONSchema?: () => Record<string, unknown>;
}
type StandardResult =
  | { value: unknown; issues?: undefined }
  | { issues: readonly { message: string; path?: readonly unknown[] }[] };

function isStandardSchema(schema: unknown): schema is StandardSchemaLike {
  return typeof schema === 'object' && schema !== null && '~standard' in schema;
}

/**
 * The JSON Schema of a request's `schema`: a zod 4 (or other Standard JSON Schema) schema, or a
 * plain JSON Schema object. Uses the schema's own converter, so zod need not be imported here.
 */
export function toJsonSchema(schema: unknown): JSONSchema7 {
  if (isStandardSchema(schema)) {
    const converter = schema['~standard'].jsonSchema;
    if (converter !== undefined) return converter.input({ target: 'draft-07' }) as JSONSchema7;
    if (typeof schema.toJSONSchema === 'function') return schema.toJSONSchema() as JSONSchema7;
    throw new TypeError('the schema cannot be converted to JSON Schema; use zod 4 or a JSON Schema object');
  }
  if (typeof schema === 'object' && schema !== null) return schema as JSONSchema7;
  throw new TypeError('schema must be a zod schema or a JSON Schema object');
}

/** Validates `value` against a Standard Schema; plain JSON Schemas are not checked here (the provider enforces them). */
export async function validateWithSchema(
  schema: unknown,
  value: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; problems: string[] }> {
  if (!isStandardSchema(schema)) return { ok: true, value };
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined) return { ok: true, value: result.value };
  return {
    ok: false,
    problems: result.issues.map((issue) => {
      const path = (issue.path ?? []).map((segment) =>
        typeof segment === 'object' && segment !== null && 'key' in segment
          ? String(segment.key)
          : String(segment),
      );
      return path.length > 0 ? `${path.join('.')}: ${issue.message}` : issue.message;
    }),
  };
}
