/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The bundle is committed inside the Python package, which serves it at `/`; CI rebuilds it
// and fails when the result differs, so the build must be deterministic (no source maps, no
// absolute paths, content-hashed names).
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "../service/api/webapp/dist",
    emptyOutDir: true,
    sourcemap: false,
    assetsDir: "assets",
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npm run dev`: the Vite dev server, forwarding API calls to `postmortems serve`.
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8000", ws: true },
      "/exports": "http://127.0.0.1:8000",
      "/auth": "http://127.0.0.1:8000",
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
  },
});
