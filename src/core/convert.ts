/**
 * Planning `rak-app convert`: what switching an app to restricted API keys changes, computed from
 * the manifest's text before anything is run, so the plan can be shown, and checked after.
 */
import { RAK_ACCESS_TYPE, SETTINGS_VIEWPORT, VIEWPORT_ALIASES, VIEWPORT_NAMES } from '../catalog/manifest.js';
import { suggest } from './suggest.js';

export interface ConvertPlan {
  /** The access type before (absent means platform). */
  accessTypeBefore: string | undefined;
  /** Whether the Stripe CLI sets the access type: not when it says restricted_api_key already. */
  setsAccessType: boolean;
  /** A view whose viewport is a misspelling of "settings" (`setting`): corrected, not duplicated. */
  fixSettingsViewport?: { index: number; was: string };
  /** Views on viewports other than settings: in a RAK app they get no Dashboard context. */
  viewsLosingContext: { viewport: string; component: string }[];
  /** A settings view rak-app adds, when there is none. */
  addSettingsView?: { component: string; file: string };
  /** allowed_redirect_uris, kept but unused by a RAK app. */
  redirectUris: string[];
}

export type ManifestShape = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The component name for a new settings view: AppSettings, unless that file is taken. */
export function settingsComponentName(taken: (name: string) => boolean): string {
  for (const name of ['AppSettings', 'RakSettings', 'KeySettings']) if (!taken(name)) return name;
  let i = 2;
  while (taken(`AppSettings${i}`)) i++;
  return `AppSettings${i}`;
}

export function planConvert(manifest: ManifestShape, componentTaken: (name: string) => boolean): ConvertPlan {
  const ui = manifest['ui_extension'];
  const views = isObject(ui) && Array.isArray(ui['views']) ? (ui['views'] as unknown[]) : [];
  const described = views.flatMap((v, index) =>
    isObject(v) ? [{ index, viewport: String(v['viewport']), component: String(v['component']) }] : [],
  );
  const hasSettings = described.some((v) => v.viewport === SETTINGS_VIEWPORT);
  const misspelt = hasSettings
    ? undefined
    : described.find(
        (v) =>
          !VIEWPORT_NAMES.includes(v.viewport) &&
          suggest(v.viewport, VIEWPORT_NAMES, VIEWPORT_ALIASES) === SETTINGS_VIEWPORT,
      );
  const accessType = manifest['stripe_api_access_type'];
  const uris = manifest['allowed_redirect_uris'];
  const plan: ConvertPlan = {
    accessTypeBefore: typeof accessType === 'string' ? accessType : undefined,
    setsAccessType: accessType !== RAK_ACCESS_TYPE,
    viewsLosingContext: described
      .filter((v) => v.viewport !== SETTINGS_VIEWPORT && v !== misspelt)
      .map(({ viewport, component }) => ({ viewport, component })),
    redirectUris: Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string') : [],
  };
  if (misspelt) plan.fixSettingsViewport = { index: misspelt.index, was: misspelt.viewport };
  else if (!hasSettings) {
    const component = settingsComponentName(componentTaken);
    plan.addSettingsView = { component, file: `src/views/${component}.tsx` };
  }
  return plan;
}

/** Whether the plan changes anything rak-app does itself (beyond the Stripe CLI's own change). */
export const hasOwnEdits = (plan: ConvertPlan): boolean =>
  plan.addSettingsView !== undefined || plan.fixSettingsViewport !== undefined;

/** rak-app's own edits to the manifest: the settings view added, or its viewport corrected. */
export function ownEdits(manifest: ManifestShape, plan: ConvertPlan): { path: (string | number)[]; value: unknown }[] {
  if (plan.fixSettingsViewport)
    return [{ path: ['ui_extension', 'views', plan.fixSettingsViewport.index, 'viewport'], value: SETTINGS_VIEWPORT }];
  return plan.addSettingsView ? settingsViewEdits(manifest, plan.addSettingsView.component) : [];
}

export const isRak = (manifest: ManifestShape): boolean => manifest['stripe_api_access_type'] === RAK_ACCESS_TYPE;

/** The edits that add a settings view to the manifest, on whatever shape ui_extension has. */
export function settingsViewEdits(
  manifest: ManifestShape,
  component: string,
): { path: (string | number)[]; value: unknown }[] {
  const view = { viewport: SETTINGS_VIEWPORT, component };
  const ui = manifest['ui_extension'];
  if (!isObject(ui)) return [{ path: ['ui_extension'], value: { views: [view] } }];
  const views = ui['views'];
  if (!Array.isArray(views)) return [{ path: ['ui_extension', 'views'], value: [view] }];
  return [{ path: ['ui_extension', 'views', views.length], value: view }];
}

/** "Ledger Sync's", but "Invoice Notes'": the possessive of a name, as English writes it. */
export const possessive = (name: string): string => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** A settings view that tells users what to do with the key Stripe generates for them. */
export function settingsViewSource(component: string, appName: string): string {
  // Kept out of the code it is written into: JSX braces and tags, and `*/`, which would end the comment.
  const name = appName.replace(/[{}<>`]/g, '').replace(/\*\//g, '* /');
  return `import { Box, Divider, Icon, Inline, SettingsView } from '@stripe/ui-extension-sdk/ui';

/**
 * The settings page Stripe opens right after a user installs ${name}. Stripe puts a "View API keys"
 * button at the top right of this page; it shows the restricted key generated for this install,
 * holding exactly the permissions in stripe-app.json.
 */
const ${component} = () => (
  <SettingsView>
    <Box css={{ stack: 'y', gap: 'large', padding: 'medium' }}>
      <Box css={{ stack: 'x', gap: 'small', alignY: 'center' }}>
        <Icon name="sparkle" />
        <Inline css={{ font: 'heading' }}>Connect ${name}</Inline>
      </Box>
      <Box>
        1. Click <Inline css={{ fontWeight: 'semibold' }}>View API keys</Inline> at the top right of
        this page and copy the key.
      </Box>
      <Box>
        2. Paste it into ${possessive(name)} Stripe settings. It can do only what this app's permissions
        allow; there is no need to share your secret key.
      </Box>
      <Box>3. To disconnect, uninstall the app from this page.</Box>
      <Divider />
      {/* Add a Button or Link to your setup documentation here. */}
    </Box>
  </SettingsView>
);

export default ${component};
`;
}
