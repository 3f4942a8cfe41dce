import { Box, Button, Divider, Icon, Inline, Link, SettingsView } from '@stripe/ui-extension-sdk/ui';
import type { ExtensionContextValue } from '@stripe/ui-extension-sdk/context';

/**
 * The settings page Stripe opens right after install. Stripe adds the "View API keys" button at the
 * top right; this page tells the user what to do with the key it shows.
 */
const AppSettings = ({ userContext }: ExtensionContextValue) => {
  const accountName = userContext?.account.name ?? 'your account';
  return (
    <SettingsView>
      <Box css={{ stack: 'y', gap: 'large', padding: 'medium' }}>
        <Box css={{ stack: 'x', gap: 'small', alignY: 'center' }}>
          <Icon name="sparkle" />
          <Inline css={{ font: 'heading' }}>Connect Ledger Sync to {accountName}</Inline>
        </Box>
        <Box>
          1. Click <Inline css={{ fontWeight: 'semibold' }}>View API keys</Inline> at the top right of this
          page and copy the restricted key Stripe generated for Ledger Sync.
        </Box>
        <Box>
          2. In Ledger Sync, open Settings › Integrations › Stripe and paste the key. It holds only the
          permissions listed on this page; Ledger Sync never asks for your secret key.
        </Box>
        <Box>
          3. To disconnect, uninstall the app here: Stripe revokes the key at once.
        </Box>
        <Divider />
        <Box css={{ stack: 'x', gap: 'medium' }}>
          <Button type="primary" href="https://ledger-sync.example.com/docs/stripe" target="_blank">
            Setup guide
          </Button>
          <Link href="https://ledger-sync.example.com/support" target="_blank">
            Contact support
          </Link>
        </Box>
      </Box>
    </SettingsView>
  );
};

export default AppSettings;
