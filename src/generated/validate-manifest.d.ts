// Types for dist/generated/validate-manifest.js, which scripts/build-schemas.js writes (ajv standalone).
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: Array<{
    instancePath: string;
    schemaPath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string;
  }> | null;
}
export const validateManifest: GeneratedValidator;
/** The keys the schema allows at each pointer ('*' for array items). */
export const knownKeys: Readonly<Record<string, readonly string[]>>;
