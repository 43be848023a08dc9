// Where to go after logging in. Only a path on this site is accepted: anything
// that a browser could read as another host or a scheme falls back to "/".

export function safeNextUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (!raw.startsWith("/")) return fallback;
  // "//host" and "/\host" are protocol-relative to browsers; a backslash anywhere is read as "/".
  if (raw.startsWith("//") || raw.includes("\\")) return fallback;
  // Control characters (tab, newline, ...) are stripped by URL parsers and could rejoin "//"; also refuse DEL.
  if (/[\u0000-\u001F\u007F]/.test(raw)) return fallback;
  // A path cannot carry a scheme, but check what a parser makes of it against a dummy origin to be sure.
  let parsed: URL;
  try {
    parsed = new URL(raw, "http://same-site.invalid");
  } catch {
    return fallback;
  }
  if (parsed.origin !== "http://same-site.invalid") return fallback;
  return raw;
}
