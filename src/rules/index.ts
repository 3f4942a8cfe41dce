/**
 * Every rule, in the order findings are listed for one position, grouped by theme into three modules
 * (structure, access, ui). Commands hand this list to the checker (src/core/check.ts).
 */
import {
  accessType,
  permissionDuplicate,
  permissionNone,
  permissionPurpose,
  permissionSpecial,
  permissionUnknown,
  redirectUris,
  secretKey,
} from './access.js';
import { duplicateKey, extendsRule, jsonSyntax, schema, unknownField } from './structure.js';
import {
  appName,
  cspUrl,
  icon,
  sandboxInstall,
  settingsPlaceholder,
  settingsView,
  viewContext,
  viewportUnknown,
} from './ui.js';
import type { Rule } from '../core/rule.js';

export const RULES: readonly Rule[] = [
  jsonSyntax,
  duplicateKey,
  extendsRule,
  schema,
  unknownField,
  secretKey,
  accessType,
  permissionNone,
  permissionUnknown,
  permissionDuplicate,
  permissionPurpose,
  permissionSpecial,
  settingsView,
  viewContext,
  viewportUnknown,
  redirectUris,
  cspUrl,
  icon,
  appName,
  sandboxInstall,
  settingsPlaceholder,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
