import { defineConfig } from 'drizzle-kit';

// drizzle-kit writes SQL migrations into migrations/; the app applies them on open (src/db/client.ts).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});
