import { ERROR_CODES, type ErrorCode, parseInput } from '@truss/core';
import type { Route } from '@truss/http';
import { z } from 'zod';

/** A JSON Schema object (OpenAPI 3.1 uses JSON Schema 2020-12 as it is). */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 document, as plain JSON. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string; description?: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiOptions {
  /** The routes to describe: a kernel's (`kernel.routes.map((r) => r.route)`) or an API's. */
  routes: readonly Route[];
  /** `info` of the document: title and version are required. */
  info: { title: string; version: string; description?: string };
  /** Where the API is served, e.g. `[{ url: 'https://api.example.com' }]`. Default: none (same origin). */
  servers?: Array<{ url: string; description?: string }>;
  /**
   * The zod schema of an error body. Default: `{ error, message, details? }` with `error` one of the
   * codes of `@truss/core` (what the kernel answers).
   */
  errorSchema?: z.ZodType;
  /**
   * The routes that honour the `Idempotency-Key` request header (`isIdempotentRoute` of
   * `@truss/api`, or the `applies` of your `idempotency` middleware): each gets the optional header
   * parameter and its 409 `idempotency_key_in_use` and 422 `idempotency_key_reused` answers.
   * Default: none.
   */
  idempotent?: (route: Route) => boolean;
}

const optionsSchema = z.object({
  routes: z.array(z.custom<Route>((r) => typeof r === 'object' && r !== null && 'method' in r)),
  info: z.object({
    title: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
  }),
  servers: z.array(z.object({ url: z.string().min(1), description: z.string().optional() })).optional(),
  errorSchema: z.custom<z.ZodType>((s) => s instanceof z.ZodType).optional(),
  idempotent: z.custom<(route: Route) => boolean>((f) => typeof f === 'function').optional(),
});

/** The `Idempotency-Key` header parameter (draft-ietf-httpapi-idempotency-key-header). */
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of your choosing, unique per operation: a retry with the same key and body answers the first result (`Idempotent-Replayed: true`) without running again. Kept 24 hours.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
};

const codes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
const defaultErrorSchema = z.object({
  error: z.enum(codes).describe('The error code: one of the codes of docs/errors.md'),
  message: z.string().describe('What went wrong, for a human'),
  details: z.unknown().optional().describe('The field issues of a validation_error'),
});

/** Input side of a schema: what a client sends (bodies, queries) or what a handler builds (responses). */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

function tagOf(path: string): string {
  const match = /^\/api\/v\d+\/([^/]+)/.exec(path);
  return match?.[1] ?? 'operations';
}

function parameters(route: Route): unknown[] {
  const out: unknown[] = [];
  const pathSchema = route.params ? jsonSchema(route.params) : {};
  const pathProps = (pathSchema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
    out.push({ name, in: 'path', required: true, schema: pathProps[name as string] ?? { type: 'string' } });
  }
  if (route.query) {
    const query = jsonSchema(route.query);
    if (query.type !== 'object') {
      throw new TypeError(`${route.method} ${route.path}: the query schema must be an object`);
    }
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

const describe = (code: ErrorCode) => `\`${code}\`: ${ERROR_CODES[code].description}`;

/** A fresh `{ error, message }` content object (the document's objects are never shared). */
const errorContent = () => ({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });

function responses(route: Route, idempotent: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const status = String(route.status);
  if (route.status === 204) out[status] = { description: 'No content' };
  else if (route.response) {
    out[status] = {
      description: route.summary ?? 'Success',
      content: { 'application/json': { schema: jsonSchema(route.response) } },
    };
  } else out[status] = { description: route.summary ?? 'Success' };
  const errors: ErrorCode[] = [];
  if (route.body) errors.push('bad_request', 'payload_too_large', 'unsupported_media_type');
  if (route.auth !== 'none') errors.push('unauthorized');
  if (route.auth === 'required') errors.push('forbidden');
  if (route.params) errors.push('not_found');
  if (route.params || route.query || route.body) errors.push('validation_error');
  if (idempotent) errors.push('idempotency_key_in_use', 'idempotency_key_reused');
  // Codes of one status share its response, whose description names each; the success status
  // keeps its own.
  const byStatus = new Map<string, ErrorCode[]>();
  for (const code of errors) {
    const at = String(ERROR_CODES[code].status);
    if (!(at in out)) byStatus.set(at, [...(byStatus.get(at) ?? []), code]);
  }
  for (const [at, codes] of byStatus) {
    out[at] = { description: codes.map(describe).join(' Or '), content: errorContent() };
  }
  out.default = {
    description: 'Any other error, as `{ error, message }` (see docs/errors.md)',
    content: errorContent(),
  };
  return out;
}

function operation(route: Route, idempotent: boolean): Record<string, unknown> {
  const op: Record<string, unknown> = {
    operationId: operationId(route.method, route.path),
    tags: [tagOf(route.path)],
  };
  if (route.summary) op.summary = route.summary;
  const params = [...parameters(route), ...(idempotent ? [idempotencyKeyParameter] : [])];
  if (params.length > 0) op.parameters = params;
  if (route.body) {
    op.requestBody = {
      required: !route.body.safeParse(undefined).success,
      content: { 'application/json': { schema: jsonSchema(route.body) } },
    };
  }
  if (route.auth === 'required') op.security = [{ bearerAuth: [] }];
  if (route.auth === 'optional') op.security = [{ bearerAuth: [] }, {}];
  op.responses = responses(route, idempotent);
  return op;
}

/**
 * An OpenAPI 3.1 document of `routes`, generated from the same zod schemas the kernel validates
 * with (`z.toJSONSchema`, input side: what a client sends, and what a handler answers): each
 * route's path and query parameters, JSON body, success response (`route.status`, `route.response`),
 * the error responses it can give (`{ error, message }`), and the Bearer scheme on routes with
 * `auth`. Throws on two routes with the same method and path, or a query schema that is not an
 * object.
 *
 * @example
 * ```ts
 * const doc = createOpenApiDocument({ routes: api.routes, info: { title: 'Shop API', version: '1.0.0' } });
 * doc.paths['/api/v1/users/{id}']?.get; // { operationId: 'getApiV1UsersById', parameters: [...], ... }
 * ```
 */
export function createOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  parseInput(optionsSchema, options, 'OpenAPI options');
  const paths: OpenApiDocument['paths'] = {};
  for (const route of options.routes) {
    const path = toOpenApiPath(route.path);
    const item = paths[path] ?? {};
    paths[path] = item;
    const method = route.method.toLowerCase();
    if (item[method]) throw new TypeError(`Two routes for ${route.method} ${route.path}`);
    item[method] = operation(route, options.idempotent?.(route) ?? false);
  }
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: { ...options.info },
    paths,
    components: {
      schemas: { Error: jsonSchema(options.errorSchema ?? defaultErrorSchema) },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token of POST /api/v1/auth/login, as `Authorization: Bearer <token>`',
        },
      },
    },
  };
  if (options.servers) doc.servers = options.servers.map((server) => ({ ...server }));
  return doc;
}
