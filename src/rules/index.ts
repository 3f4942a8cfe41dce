/**
 * Every rule, in the order findings are listed for one position. Rules are grouped by theme into a
 * few modules: each module costs start-up time to load, and `check` loads them all (bench/).
 */
import { accessType, redirectUris, secretKey } from './access.js';
import { appName, icon } from './listing.js';
import { permissionDuplicate, permissionNone, permissionPurpose, permissionSpecial, permissionUnknown } from './permissions.js';
import { extendsRule, schema, unknownField } from './shape.js';
import { duplicateKey, jsonSyntax } from './syntax.js';
import { cspUrl, settingsPlaceholder, settingsView, viewContext, viewportUnknown } from './views.js';
import type { Rule } from './rule.js';

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
  settingsPlaceholder,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
