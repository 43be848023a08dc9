// The one definition of a valid username, used by auth at registration and
// by every worker that accepts a username from outside.

export const USERNAME_MAX_CHARS = 64;

/**
 * Format characters (\p{Cf}: zero-width spaces, bidi overrides, soft hyphens…) would let one
 * name pose as another. The joiner U+200D and the tag characters stay allowed: emoji
 * sequences (families, flags of regions) are built from them.
 */
const INVISIBLE_FORMAT = /(?![\u200D\u{E0020}-\u{E007F}])\p{Cf}/u;
/** Letters and symbols that render as blank space. */
const BLANK_LOOKING = /[\u115F\u1160\u2800\u3164\uFFA0\u200D\u{E0020}-\u{E007F}\p{White_Space}]/gu;
const VISIBLE = /[^\p{M}]/u;

export type UsernameCheck = { ok: true; username: string } | { ok: false; error: string };

export function normalizeUsername(raw: unknown): UsernameCheck {
  if (typeof raw !== "string") return { ok: false, error: "Username is required." };
  const username = raw.normalize("NFC");
  if (username.length === 0) return { ok: false, error: "Username is required." };
  if (!username.isWellFormed()) return { ok: false, error: "Username is not valid Unicode text." };
  const chars = [...username].length;
  if (chars > USERNAME_MAX_CHARS) {
    return { ok: false, error: `Username is too long (${chars} characters; at most ${USERNAME_MAX_CHARS}).` };
  }
  if (/\p{Cc}/u.test(username)) return { ok: false, error: "Username must not contain control characters." };
  if (/^\s|\s$/u.test(username)) {
    return { ok: false, error: "Username must not start or end with white space." };
  }
  if (INVISIBLE_FORMAT.test(username)) {
    return { ok: false, error: "Username must not contain invisible formatting characters (such as zero-width or text-direction marks)." };
  }
  if (!VISIBLE.test(username.replace(BLANK_LOOKING, ""))) {
    return { ok: false, error: "Username must contain at least one visible character." };
  }
  return { ok: true, username };
}
