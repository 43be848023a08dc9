// Cross-site request protection, decided as Go's net/http CrossOriginProtection
// does: browsers say where a request comes from (Sec-Fetch-Site, or at least
// Origin); clients that send neither (curl, wget, scripts) are not browsers
// and so cannot be tricked into sending the user's cookie.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type CrossOriginVerdict = { ok: true } | { ok: false; reason: string };

export function checkCrossOrigin(method: string, headers: Headers, requestHost: string): CrossOriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null) {
    if (fetchSite === "same-origin" || fetchSite === "none") return { ok: true };
    return { ok: false, reason: `The browser reported this request as coming from another site (Sec-Fetch-Site: ${fetchSite}).` };
  }
  const origin = headers.get("origin");
  if (origin === null) return { ok: true };
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== null && originHost !== "" && originHost === requestHost.toLowerCase()) return { ok: true };
  return { ok: false, reason: "The request came from a page on another site (its Origin does not match this site)." };
}
