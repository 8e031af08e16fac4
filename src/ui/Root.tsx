// The first frame: drawn as soon as Ink is loaded, before the database and the services are, then
// replaced by the session App when they are ready (or the session ends with the error).
import { Box, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { App, type AppProps } from './App.js';
import { ASCII_BORDER, BOX_BORDER } from './components/Frame.js';

export interface RootProps {
  ready: Promise<AppProps>;
  cols: number;
  rows: number;
  ascii?: boolean;
}

export function Root({ ready, cols, rows, ascii = false }: RootProps) {
  const [props, setProps] = useState<AppProps | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  const { exit } = useApp();
  useEffect(() => {
    ready.then(setProps, (err: unknown) => setFailed(err instanceof Error ? err : new Error(String(err))));
  }, [ready]);
  // The error is printed after Ink lets go of the terminal; the empty frame first clears the splash.
  useEffect(() => {
    if (failed) exit(failed);
  }, [failed, exit]);
  if (failed) return null;
  if (props) return <App {...props} />;
  return (
    <Box flexDirection="column" width={cols} height={rows} borderStyle={ascii ? ASCII_BORDER : BOX_BORDER} paddingX={1}>
      <Text bold>{t('session.screen.queue')}</Text>
      <Text dimColor>{t('session.loading')}</Text>
    </Box>
  );
}
