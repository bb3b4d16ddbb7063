import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Dev mode: `npm run dev` in webui/ (or ./mvnw quarkus:dev, which starts it through Quinoa) proxies the API to the
// service on :8000. The service checks Origin on state-changing requests, so the proxy rewrites it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: {
    port: 5173,
    proxy: {
      "/api": {
        target: "http://127.0.0.1:8000",
        changeOrigin: true,
        ws: true,
        headers: { origin: "http://127.0.0.1:8000" },
      },
    },
  },
});
