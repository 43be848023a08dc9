// Every page is served twice: at a clean path and under the classic CGI prefix
// the course's client scripts use. Links keep whichever prefix the request came in on.

export const CLASSIC_PREFIX = "/zoobar/index.cgi";

/** "" for clean paths, CLASSIC_PREFIX for classic ones. */
export function basePathOf(pathname: string): string {
  return pathname === CLASSIC_PREFIX || pathname.startsWith(CLASSIC_PREFIX + "/") ? CLASSIC_PREFIX : "";
}

/** Link to a page ("/", "/login", ...) under the given base. */
export function pageUrl(base: string, page: string): string {
  return base + page;
}

export function userPageUrl(base: string, username: string): string {
  return `${base}/users?user=${encodeURIComponent(username)}`;
}
