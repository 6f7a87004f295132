// Runs before every test file. Tests configure the AI settings they need themselves: the
// OLLAMA_* overrides that `npm test` sets for the end-to-end server must not reach them.
for (const name of ["OLLAMA_BASE_URL", "OLLAMA_MODEL", "OLLAMA_FALLBACK_MODELS"]) delete process.env[name];
