/** Every rule, in the order findings are listed for one position. */
import { accessType } from './access-type.js';
import { appName } from './app-name.js';
import { cspUrl } from './csp-url.js';
import { duplicateKey } from './duplicate-key.js';
import { extendsRule } from './extends.js';
import { icon } from './icon.js';
import { jsonSyntax } from './json-syntax.js';
import { permissionDuplicate } from './permission-duplicate.js';
import { permissionNone } from './permission-none.js';
import { permissionPurpose } from './permission-purpose.js';
import { permissionSpecial } from './permission-special.js';
import { permissionUnknown } from './permission-unknown.js';
import { redirectUris } from './redirect-uris.js';
import type { Rule } from './rule.js';
import { schema } from './schema.js';
import { secretKey } from './secret-key.js';
import { settingsPlaceholder } from './settings-placeholder.js';
import { settingsView } from './settings-view.js';
import { unknownField } from './unknown-field.js';
import { viewContext } from './view-context.js';
import { viewportUnknown } from './viewport-unknown.js';

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
