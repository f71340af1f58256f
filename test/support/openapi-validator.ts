/**
 * Validates real responses against an OpenAPI 3.0 document with ajv. OpenAPI 3.0's `nullable`
 * becomes a JSON Schema type union; everything else is plain JSON Schema.
 */
import { Ajv, type ValidateFunction } from 'ajv';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'example' || k === 'examples' || k.startsWith('x-')) continue;
    out[k] = convert(v);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(spec: Json, private readonly id = 'spec') {
    this.ajv.addSchema(convert(spec), id);
  }

  /** Whether the spec documents this status for the operation at all. */
  documents(path: string, method: string, status: number): boolean {
    return this.pointer(path, method, status) !== undefined;
  }

  private pointer(path: string, method: string, status: number): string | undefined {
    const schema = this.ajv.getSchema(`${this.id}#/paths/${escape(path)}/${method}/responses/${status}`);
    return schema ? `${this.id}#/paths/${escape(path)}/${method}/responses/${status}/content/application~1json/schema` : undefined;
  }

  /** Returns the list of problems (empty when the body matches the documented schema). */
  validate(path: string, method: string, status: number, body: unknown): string[] {
    const ref = this.pointer(path, method, status);
    if (!ref) return [`${method.toUpperCase()} ${path} does not document status ${status}`];
    let fn = this.cache.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: ref });
      this.cache.set(ref, fn);
    }
    if (fn(body)) return [];
    return (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  }
}
