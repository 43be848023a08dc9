// The one definition of a valid username, used by auth at registration and
// by every worker that accepts a username from outside.

export const USERNAME_MAX_CHARS = 64;

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
  return { ok: true, username };
}
