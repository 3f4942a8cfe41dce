/** Decisions for `rak-app init`: whether a name can become an app folder, and what to fix after. */
import { quoteForShell } from '../words.js';
import { RAK_ACCESS_TYPE, SETTINGS_VIEWPORT } from '../catalog/manifest.js';
import { findSecrets } from './secrets.js';
import { linkToNothing } from './source-file.js';

/**
 * Why a name, id or display name that holds a Stripe secret is refused: it would end up in the
 * manifest, the Dashboard and the hints rak-app prints (a display name made from it is no longer
 * a key the masker finds).
 */
export function secretProblem(what: string, value: string): string | undefined {
  const [secret] = findSecrets(value);
  return secret
    ? `${what} holds a ${secret.kind} (${secret.masked}); an app's names end up in its manifest and the Dashboard. Was the key pasted in the wrong place?`
    : undefined;
}

/**
 * Why a name cannot be used, or undefined when it can; `linkTo`, where the name leads when it is a
 * link to nothing (a name taken all the same).
 */
export function appNameProblem(
  name: string,
  folder: 'missing' | 'empty' | 'not-empty' | 'file',
  linkTo?: string,
): string | undefined {
  if (name.trim() === '') return 'The app name is empty.';
  const secret = secretProblem('The app name', name);
  if (secret) return secret;
  if (/[/\\]/.test(name))
    return `"${name}" holds a path separator; give a folder name, and run rak-app init in the folder that should contain it.`;
  if (name === '.' || name === '..') return `"${name}" is not a folder name.`;
  if (name.startsWith('-')) return `"${name}" starts with "-", which reads as an option.`;
  // Control characters and characters Windows forbids make folders other tools cannot handle.
  if (/[\u0000-\u001f<>:"|?*]/.test(name)) return `"${name}" holds characters a folder name cannot have.`;
  if (linkTo !== undefined) return `"${name}" ${linkToNothing(linkTo)}; remove the link or choose another name.`;
  if (folder === 'file') return `"${name}" already exists and is a file.`;
  if (folder === 'not-empty')
    return `The folder "${name}" already exists and is not empty; choose another name or remove it.`;
  return undefined;
}

/** An app id Stripe accepts: letters, digits, "_", "-" and ".". */
export const APP_ID = /^[a-zA-Z0-9_.-]+$/;

/**
 * What to pass when Stripe's prompts cannot be answered at a terminal, made from the name typed:
 * `rak-app init invoice-notes` gets `--id com.example.invoice-notes --display-name 'Invoice Notes'`.
 */
export function answersHint(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const displayName = name
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return `Pass --id and --display-name, for example: \`rak-app init ${quoteForShell(name)} --id com.example.${id || 'my-app'} --display-name ${quoteForShell(displayName || 'My App')}\`.`;
}

export interface CreatedAppReview {
  /** JSON paths to set, with the value wanted (the template ignored the answer). */
  fixes: { path: string[]; value: string; was: unknown }[];
  /** What is wrong and rak-app does not fix. */
  problems: string[];
}

/** Compares the manifest `stripe apps create` wrote with what the user asked for. */
export function reviewCreatedApp(manifest: unknown, wanted: { id?: string; displayName?: string }): CreatedAppReview {
  const review: CreatedAppReview = { fixes: [], problems: [] };
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    review.problems.push('stripe-app.json is not a JSON object.');
    return review;
  }
  const m = manifest as Record<string, unknown>;
  if (wanted.id !== undefined && m['id'] !== wanted.id)
    review.fixes.push({ path: ['id'], value: wanted.id, was: m['id'] });
  if (wanted.displayName !== undefined && m['name'] !== wanted.displayName)
    review.fixes.push({ path: ['name'], value: wanted.displayName, was: m['name'] });
  if (m['stripe_api_access_type'] !== RAK_ACCESS_TYPE) {
    review.problems.push(
      `The template did not make a RAK app (stripe_api_access_type is ${JSON.stringify(m['stripe_api_access_type'] ?? 'absent')}); run \`rak-app convert\` in the new folder.`,
    );
  }
  const ui = m['ui_extension'] as { views?: unknown } | undefined;
  const views = Array.isArray(ui?.views) ? (ui.views as { viewport?: unknown }[]) : [];
  if (!views.some((v) => v && v.viewport === SETTINGS_VIEWPORT)) {
    review.problems.push('The template made no settings view; run `stripe apps add settings` in the new folder.');
  }
  return review;
}
